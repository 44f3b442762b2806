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
        nip_stored_as_number(l.nip) as nip__as_number,
        given(l.instrument) as instrument,
        parse_date(l.period_end) as period_end,
        case
            when i.kind = 'numeric' then parse_number(l.value)
            else category_position(l.value, i.categories)
        end as value,
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
        case when nip is null then 'missing_value'
                when nip__as_number then 'nip_stored_as_number'
                when nip_problem(nip) is not null then nip_problem(nip) end as nip__failure,
        case when instrument is null then 'missing_value'
                when not instrument__known then 'unknown_instrument' end as instrument__failure,
        case when period_end__given is null then 'missing_value'
                when period_end is null then 'not_a_date' end as period_end__failure,
        case when value__given is null then 'missing_value'
                when not instrument__known then null
                when value is null and kind = 'numeric' then 'not_a_number'
                when value is null then 'unknown_category'
                when kind = 'numeric' and (value < scale_min or value > scale_max)
                    then 'score_outside_scale' end as value__failure
    from typed
)

select * from checked
