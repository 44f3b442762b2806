-- Programmes of a run: those with participant scores and either new post-phase evidence in the
-- period (assessed_on, or the programme's end date when assessed_on is missing) or an end date
-- in the period, so a programme that ended without post-test scores is reported as such; or
-- every programme with participant scores when $all_periods; optionally only the ids in
-- $program_ids.
with participant_scores as (
    select s.program_id, s.phase, coalesce(s.assessed_on, p.end_date) as evidence_on, p.end_date
    from all_scores as s
    inner join programs as p on s.program_id = p.program_id
    where s."group" = 'participant'
),

in_period as (
    select distinct program_id
    from participant_scores
    where
        $all_periods
        or (phase = 'post' and evidence_on >= $period_start and evidence_on < $period_end)
        or (end_date >= $period_start and end_date < $period_end)
),

selected as (
    select program_id
    from in_period
    where $program_ids is null or list_contains($program_ids, program_id)
)

select * from selected
