-- Instruments as landed, typed, with the rule each column breaks in `<column>__failure` (NULL
-- when none).
-- Ordinal and binary instruments need their categories (ascending, `;`-separated; the failing
-- label first for binary ones); numeric ones need a scale with scale_min < scale_max.
with landed as (
    select * from landed_instruments
),

typed as (
    select
        source,
        sheet,
        source_row,
        given(instrument) as instrument,
        lower(given(kind)) as kind,
        parse_number(scale_min) as scale_min,
        parse_number(scale_max) as scale_max,
        coalesce(given(label), given(instrument)) as label,
        parse_number(level) as level,
        given(categories) as categories,
        given(scale_min) as scale_min__given,
        given(scale_max) as scale_max__given,
        given(level) as level__given
    from landed
),

checked as (
    select
        *,
        case when instrument is null then 'missing_value' end as instrument__failure,
        case when kind is null then 'missing_value'
                when kind not in ('numeric', 'ordinal', 'binary')
                    then 'unknown_kind' end as kind__failure,
        case when scale_min__given is not null and scale_min is null
                then 'not_a_number' end as scale_min__failure,
        coalesce(
            case when scale_max__given is not null and scale_max is null
                    then 'not_a_number' end,
            case when scale_max <= scale_min then 'scale_out_of_order' end
        ) as scale_max__failure,
        case when level__given is not null and level is null
                then 'not_a_number'
                when level not in (1, 2, 3, 4) then 'out_of_range' end as level__failure,
        case when kind in ('ordinal', 'binary') and (
                    categories is null
                    or len(list_distinct(list_transform(string_split(categories, ';'),
                        c -> label_key(c)))) < 2
                    or (kind = 'binary' and len(string_split(categories, ';')) != 2)
                ) then 'categories_invalid' end as categories__failure
    from typed
)

select * from checked
