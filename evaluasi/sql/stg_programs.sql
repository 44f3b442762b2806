-- Programmes as landed, typed, with the rule each column breaks in `<column>__failure` (NULL
-- when none). Needs the temp table `date_windows` (the plausible dates of each table, see
-- validation/stage.py).
with landed as (
    select * from landed_programs
),

windows as (
    select earliest, latest from date_windows where "table" = 'programs'
),

typed as (
    select
        source,
        sheet,
        source_row,
        given(program_id) as program_id,
        given(name) as name,
        upper(given(type)) as type,
        parse_date(start_date) as start_date,
        parse_date(end_date) as end_date,
        parse_number(jp) as jp,
        parse_number(cost_idr) as cost_idr,
        given(organizer) as organizer,
        given(start_date) as start_date__given,
        given(end_date) as end_date__given,
        given(jp) as jp__given,
        given(cost_idr) as cost_idr__given,
        w.earliest,
        w.latest
    from landed
    cross join windows as w
),

checked as (
    select
        *,
        case when program_id is null then 'missing_value' end as program_id__failure,
        case when name is null then 'missing_value' end as name__failure,
        case when type is null then 'missing_value' end as type__failure,
        case when start_date__given is null then 'missing_value'
                else date_failure(start_date__given, start_date, earliest, latest)
            end as start_date__failure,
        coalesce(
            case when end_date__given is null then 'missing_value' end,
            date_failure(end_date__given, end_date, earliest, latest),
            case when end_date < start_date then 'dates_out_of_order' end
        ) as end_date__failure,
        case when jp__given is null then 'missing_value'
                when jp is null then 'not_a_number'
                when jp < 0 then 'out_of_range' end as jp__failure,
        case when cost_idr__given is not null and cost_idr is null
                then 'not_a_number'
                when cost_idr < 0 then 'out_of_range' end as cost_idr__failure
    from typed
)

select * from checked
