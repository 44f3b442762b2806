-- Programme x instrument rows of the selected programmes, with enrolment counts and attributes.
-- n_participants counts people enrolled in the programme (temp table `enrolments`, model
-- int_enrolments: a participants row for it or a participant score); the others are per
-- instrument: with a pre score, with a post score, with both.
-- n_comparison counts comparison-group people with both a pre and a post score. The per-person
-- scores come from the temp table `pairs` (model int_pairs).
with enrolment as (
    select program_id, count(distinct nip) as n_participants
    from enrolments
    where program_id in (select program_id from selected_programs)
    group by program_id
),

counts as (
    select
        program_id,
        instrument,
        count(pre) filter (where "group" = 'participant') as n_pre,
        count(post) filter (where "group" = 'participant') as n_post,
        count(*) filter (where "group" = 'participant' and pre is not null and post is not null)
            as n_paired,
        count(*) filter (where "group" = 'comparison' and pre is not null and post is not null)
            as n_comparison
    from pairs
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
