-- Programmes of a run: those with new post-phase evidence of participants in the period
-- (assessed_on, or the programme's end date when assessed_on is missing), or every programme
-- when $all_periods; optionally only the ids in $program_ids.
with post_evidence as (
    select s.program_id, coalesce(s.assessed_on, p.end_date) as evidence_on
    from all_scores as s
    inner join programs as p on s.program_id = p.program_id
    where s.phase = 'post' and s."group" = 'participant'
),

in_period as (
    select distinct program_id
    from post_evidence
    where $all_periods or (evidence_on >= $period_start and evidence_on < $period_end)
),

selected as (
    select program_id
    from in_period
    where $program_ids is null or list_contains($program_ids, program_id)
)

select * from selected
