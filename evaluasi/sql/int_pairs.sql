-- One row per person x selected programme x instrument with a pre or a post score (or both),
-- participants and comparison colleagues alike; pre or post is null where that score is missing.
-- Participants without a post score are the drop-outs of the attrition statistics.
-- $instruments (a list, or null for all) keeps only those instruments; $units (a list of OPDs,
-- or null) keeps only people whose unit is one of them, participants and colleagues alike.
with unit_members as (
    select distinct nip
    from participants
    where list_contains($units, unit)
),

selected_scores as (
    select nip, program_id, instrument, phase, score, "group"
    from all_scores
    where
        program_id in (select program_id from selected_programs)
        and ($instruments is null or list_contains($instruments, instrument))
        and ($units is null or nip in (select nip from unit_members))
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
