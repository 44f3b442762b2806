-- Enrolments: one row per programme and enrolled person. A person is enrolled in a programme when
-- a `participants` row names it (program_id set; rows without one are the register of staff) or
-- when `scores` holds a score of theirs for it with "group" = 'participant'. Programmes missing
-- from `programs` have no dates to pair around and are left out.
with enrolment_rows as (
    select nip, program_id
    from participants
    where program_id is not null
),

participant_scores as (
    select nip, program_id
    from scores
    where "group" = 'participant'
),

known_programs as (
    select program_id
    from programs
),

enrolments as (
    select nip, program_id from enrolment_rows
    union
    select nip, program_id from participant_scores
),

known_enrolments as (
    select e.program_id, e.nip
    from enrolments as e
    semi join known_programs as k on e.program_id = k.program_id
)

select * from known_enrolments
