-- One row per participant x selected programme x instrument with both a pre and a post score.
with participant_scores as (
    select nip, program_id, instrument, phase, score
    from all_scores
    where "group" = 'participant' and program_id in (select program_id from selected_programs)
),

pivoted as (
    select
        program_id,
        instrument,
        nip,
        max(score) filter (where phase = 'pre') as pre,
        max(score) filter (where phase = 'post') as post
    from participant_scores
    group by program_id, instrument, nip
),

pairs as (
    select program_id, instrument, nip, pre, post
    from pivoted
    where pre is not null and post is not null
)

select * from pairs
order by program_id, instrument, nip
