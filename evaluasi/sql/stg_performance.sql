-- Periodic performance records as landed, typed, with the rule each column breaks in
-- `<column>__failure` (NULL when none). Needs `instruments` and the temp tables `date_windows`
-- and `rejected_references` (see validation/stage.py). Values follow the instrument like
-- scores do: numbers on the scale, or labels stored as their 1-based category position.
with landed as (
    select * from landed_performance
),

windows as (
    select earliest, latest from date_windows where "table" = 'performance'
),

rejected_instruments as (
    select key as instrument from rejected_references where "table" = 'instruments'
),

typed as (
    select
        l.source,
        l.sheet,
        l.source_row,
        clean_nip(l.nip) as nip,
        l.nip as raw_nip,
        given(l.instrument) as instrument,
        parse_date(l.period_end) as period_end,
        instrument_value(l.value, i.kind, i.categories) as value,
        given(l.period_end) as period_end__given,
        given(l.value) as value__given,
        i.instrument is not null as instrument__known,
        ri.instrument is not null as instrument__rejected,
        i.kind,
        i.scale_min,
        i.scale_max,
        w.earliest,
        w.latest
    from landed as l
    cross join windows as w
    left join instruments as i on given(l.instrument) = i.instrument
    left join rejected_instruments as ri on given(l.instrument) = ri.instrument
),

checked as (
    select
        *,
        nip_failure(raw_nip) as nip__failure,
        case when instrument is null then 'missing_value'
                when instrument__known then null
                when instrument__rejected then 'instrument_rejected'
                else 'unknown_instrument' end as instrument__failure,
        case when period_end__given is null then 'missing_value'
                else date_failure(period_end__given, period_end, earliest, latest)
            end as period_end__failure,
        value_failure(value__given, value, instrument__known, kind, scale_min, scale_max)
            as value__failure
    from typed
)

select * from checked
