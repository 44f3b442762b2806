-- Scores as landed, typed, with the rule each column breaks in `<column>__failure` (NULL
-- when none). Needs `programs`, `instruments` and the temp tables `label_spellings` (built-in
-- phase and group spellings), `date_windows` and `rejected_references` (ids whose every row in
-- programs or instruments was rejected; see validation/stage.py). Numeric scores must lie on
-- the instrument's scale; ordinal and binary scores are labels, stored as their 1-based
-- position among the instrument's categories.
with landed as (
    select * from landed_scores
),

windows as (
    select earliest, latest from date_windows where "table" = 'scores'
),

rejected_programs as (
    select key as program_id from rejected_references where "table" = 'programs'
),

rejected_instruments as (
    select key as instrument from rejected_references where "table" = 'instruments'
),

phases as (
    select spelling, canonical from label_spellings where "column" = 'phase'
),

groups as (
    select spelling, canonical from label_spellings where "column" = 'group'
),

typed as (
    select
        l.source,
        l.sheet,
        l.source_row,
        clean_nip(l.nip) as nip,
        l.nip as raw_nip,
        given(l.program_id) as program_id,
        given(l.instrument) as instrument,
        ph.canonical as phase,
        instrument_value(l.score, i.kind, i.categories) as score,
        parse_date(l.assessed_on) as assessed_on,
        g.canonical as "group",
        given(l.phase) as phase__given,
        given(l.score) as score__given,
        given(l.assessed_on) as assessed_on__given,
        p.program_id is not null as program__known,
        rp.program_id is not null as program__rejected,
        i.instrument is not null as instrument__known,
        ri.instrument is not null as instrument__rejected,
        i.kind,
        i.scale_min,
        i.scale_max,
        w.earliest,
        w.latest
    from landed as l
    cross join windows as w
    left join phases as ph on label_key(l.phase) = ph.spelling
    left join groups as g on coalesce(label_key(l."group"), '') = g.spelling
    left join programs as p on given(l.program_id) = p.program_id
    left join instruments as i on given(l.instrument) = i.instrument
    left join rejected_programs as rp on given(l.program_id) = rp.program_id
    left join rejected_instruments as ri on given(l.instrument) = ri.instrument
),

checked as (
    select
        *,
        nip_failure(raw_nip) as nip__failure,
        case when program_id is null then 'missing_value'
                when program__known then null
                when program__rejected then 'program_rejected'
                else 'unknown_program' end as program_id__failure,
        case when instrument is null then 'missing_value'
                when instrument__known then null
                when instrument__rejected then 'instrument_rejected'
                else 'unknown_instrument' end as instrument__failure,
        case when phase__given is null then 'missing_value'
                when phase is null then 'unknown_phase' end as phase__failure,
        case when "group" is null then 'unknown_group' end as group__failure,
        date_failure(assessed_on__given, assessed_on, earliest, latest) as assessed_on__failure,
        value_failure(score__given, score, instrument__known, kind, scale_min, scale_max)
            as score__failure
    from typed
)

select * from checked
