-- Participants (the register of staff, and enrolments where program_id is given) as landed,
-- typed, with the rule each column breaks in `<column>__failure` (NULL when none). Needs
-- `programs` loaded.
with landed as (
    select * from landed_participants
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
        case when t.program_id is not null and p.program_id is null
                then 'unknown_program' end as program_id__failure
    from typed as t
    left join programs as p on t.program_id = p.program_id
)

select * from checked
