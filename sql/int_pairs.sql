-- One row per person x selected programme x instrument with a pre or a post score (or both),
-- participants and comparison colleagues alike; pre or post is null where that score is missing.
-- Participants without a post score are the drop-outs of the attrition statistics.
with selected_scores as (
    select nip, program_id, instrument, phase, score, "group"
    from all_scores
    where program_id in (select program_id from selected_programs)
),

pairs as (
    select
        program_id,
        instrument,
        "group",
        nip,
        max(score) filter (where phase = 'pre') as pre,
        max(score) filter (where phase = 'post') as post
    from selected_scores
    group by program_id, instrument, "group", nip
)

select * from pairs
order by program_id, instrument, "group", nip
