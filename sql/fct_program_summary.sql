-- Programme x instrument rows of the selected programmes, with enrolment counts and attributes.
-- n_participants counts people enrolled in the programme (temp table `enrolments`, model
-- int_enrolments: a participants row for it or a participant score); the others are per
-- instrument: with a pre score, with a post score, with both.
-- n_comparison counts comparison-group people with both a pre and a post score.
with selected_scores as (
    select nip, program_id, instrument, phase, "group"
    from all_scores
    where program_id in (select program_id from selected_programs)
),

enrolment as (
    select program_id, count(distinct nip) as n_participants
    from enrolments
    where program_id in (select program_id from selected_programs)
    group by program_id
),

by_person as (
    select
        program_id,
        instrument,
        "group",
        nip,
        bool_or(phase = 'pre') as has_pre,
        bool_or(phase = 'post') as has_post
    from selected_scores
    group by program_id, instrument, "group", nip
),

counts as (
    select
        program_id,
        instrument,
        count(*) filter (where "group" = 'participant' and has_pre) as n_pre,
        count(*) filter (where "group" = 'participant' and has_post) as n_post,
        count(*) filter (where "group" = 'participant' and has_pre and has_post) as n_paired,
        count(*) filter (where "group" = 'comparison' and has_pre and has_post) as n_comparison
    from by_person
    group by program_id, instrument
),

summary as (
    select
        c.program_id,
        c.instrument,
        p.name as program_name,
        p.type as program_type,
        p.start_date,
        p.end_date,
        p.jp,
        p.cost_idr,
        i.label as instrument_label,
        i.kind as instrument_kind,
        i.scale_min,
        i.scale_max,
        i.categories as instrument_categories,
        e.n_participants,
        c.n_pre,
        c.n_post,
        c.n_paired,
        c.n_comparison
    from counts as c
    inner join enrolment as e on c.program_id = e.program_id
    inner join programs as p on c.program_id = p.program_id
    inner join instruments as i on c.instrument = i.instrument
    order by c.program_id, c.instrument
)

select * from summary
