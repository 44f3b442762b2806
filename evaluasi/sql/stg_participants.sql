-- Participants (the register of staff, and enrolments where program_id is given) as landed,
-- typed, with the rule each column breaks in `<column>__failure` (NULL when none). Needs
-- `programs` loaded and the temp table `rejected_references` (see validation/stage.py).
with landed as (
    select * from landed_participants
),

rejected_programs as (
    select key as program_id from rejected_references where "table" = 'programs'
),

typed as (
    select
        source,
        sheet,
        source_row,
        clean_nip(nip) as nip,
        nip as raw_nip,
        given(program_id) as program_id,
        given(name) as name,
        given(unit) as unit,
        given(rank) as rank,
        given(position) as position
    from landed
),

checked as (
    select
        t.*,
        nip_failure(t.raw_nip) as nip__failure,
        case when t.program_id is null or p.program_id is not null then null
                when rp.program_id is not null then 'program_rejected'
                else 'unknown_program' end as program_id__failure
    from typed as t
    left join programs as p on t.program_id = p.program_id
    left join rejected_programs as rp on t.program_id = rp.program_id
)

select * from checked
