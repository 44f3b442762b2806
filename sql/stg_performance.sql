-- Periodic performance records as landed, typed, with the rule each column breaks in
-- `<column>__failure` (NULL when none). Needs `instruments`. Values follow the instrument like scores do: numbers on the
-- scale, or labels stored as their 1-based category position.
with landed as (
    select * from landed_performance
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
        i.kind,
        i.scale_min,
        i.scale_max
    from landed as l
    left join instruments as i on given(l.instrument) = i.instrument
),

checked as (
    select
        *,
        nip_failure(raw_nip) as nip__failure,
        case when instrument is null then 'missing_value'
                when not instrument__known then 'unknown_instrument' end as instrument__failure,
        case when period_end__given is null then 'missing_value'
                when period_end is null then 'not_a_date' end as period_end__failure,
        value_failure(value__given, value, instrument__known, kind, scale_min, scale_max)
            as value__failure
    from typed
)

select * from checked
