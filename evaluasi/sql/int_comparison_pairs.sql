-- Comparison pairs: pre and post scores of untrained colleagues measured on the same dates as a
-- programme's participants. Reads the temp tables `enrolments` (model int_enrolments),
-- `rank_bands` (model int_rank_bands) and `performance_windows`, with the same default windows
-- ($pre_window_months, $post_after_months, $post_window_months) as int_performance_pairs.
-- For a programme P and an instrument I that at least one enrolled participant of P has records
-- of, a person in `participants` (register or enrolment rows) is a comparison colleague when
-- (a) they share the unit (OPD) of at least one enrolled participant of P and, where both bands
--     are known, that participant's rank band (an unknown band matches on the unit alone;
--     a participant with an unknown unit matches nobody);
-- (b) they are not enrolled in P, nor in any programme of P's type whose dates
--     [start_date, end_date] overlap P's evidence window for I,
--     [P.start_date - pre_window_months, P.end_date + (post_after_months + post_window_months)];
--     a programme of another type does not exclude them;
-- (c) they have records of I: pre and post are taken exactly as in int_performance_pairs, with
--     P's dates (ASOF joins, then the window limits; DuckDB month arithmetic clamps month ends).
-- Whatever exists is kept (pre only or post only too); the statistics use complete pairs.
-- A score given directly in `scores` for the same nip, programme, instrument and phase wins.
-- Scale: comparison groups run to millions of rows (100k staff x 1,000 programmes gives ~19M
-- candidates), so the ASOF joins match on one integer series id per (nip, instrument) rather than
-- on the text columns, and anchors hold one row per programme and unit so that each colleague is
-- found once, with no distinct over the candidates.
with enrolled as (
    select program_id, nip
    from enrolments
),

colleague_ranks as (
    select nip, unit_key, band
    from rank_bands
),

program_dates as (
    select program_id, type, start_date, end_date
    from programs
),

records as (
    select nip, instrument, period_end, value
    from performance
),

windows as (
    select instrument, pre_window_months, post_after_months, post_window_months
    from performance_windows
),

direct_scores as (
    select nip, program_id, instrument, phase
    from scores
),

-- The id only links rows within this query; its values mean nothing.
series as (
    select nip, instrument, row_number() over () as series_id
    from (select distinct nip, instrument from records)
),

series_records as (
    select s.series_id, r.period_end, r.value
    from records as r
    inner join series as s on r.nip = s.nip and r.instrument = s.instrument
),

program_instruments as (
    select distinct e.program_id, s.instrument
    from enrolled as e
    inner join series as s on e.nip = s.nip
),

program_windows as (
    select
        i.program_id,
        i.instrument,
        p.type,
        p.start_date,
        cast(
            p.start_date - to_months(coalesce(w.pre_window_months, $pre_window_months)) as date
        ) as pre_from,
        cast(
            p.end_date + to_months(coalesce(w.post_after_months, $post_after_months)) as date
        ) as post_from,
        cast(
            p.end_date
            + to_months(
                coalesce(w.post_after_months, $post_after_months)
                + coalesce(w.post_window_months, $post_window_months)
            ) as date
        ) as post_to
    from program_instruments as i
    inner join program_dates as p on i.program_id = p.program_id
    left join windows as w on i.instrument = w.instrument
),

anchors as (
    select
        e.program_id,
        c.unit_key,
        bool_or(c.band is null) as any_band,
        list_distinct(list(c.band)) as bands
    from enrolled as e
    inner join colleague_ranks as c on e.nip = c.nip
    where c.unit_key is not null
    group by e.program_id, c.unit_key
),

colleagues as (
    select a.program_id, c.nip
    from anchors as a
    inner join colleague_ranks as c on a.unit_key = c.unit_key
    where a.any_band or c.band is null or list_contains(a.bands, c.band)
),

typed_enrolments as (
    select e.nip, p.type, p.start_date, p.end_date
    from enrolled as e
    inner join program_dates as p on e.program_id = p.program_id
),

candidates as (
    select
        w.program_id, w.instrument, c.nip, s.series_id,
        w.start_date, w.pre_from, w.post_from, w.post_to
    from program_windows as w
    inner join colleagues as c on w.program_id = c.program_id
    inner join series as s on c.nip = s.nip and w.instrument = s.instrument
    anti join enrolled as e on c.program_id = e.program_id and c.nip = e.nip
    anti join typed_enrolments as x
        on c.nip = x.nip
        and w.type = x.type
        and x.start_date <= w.post_to
        and x.end_date >= w.pre_from
),

pre as (
    select
        t.nip, t.program_id, t.instrument, 'pre' as phase, r.value as score,
        r.period_end as assessed_on
    from candidates as t
    asof join series_records as r
        on t.series_id = r.series_id and t.start_date >= r.period_end
    where r.period_end >= t.pre_from
),

post as (
    select
        t.nip, t.program_id, t.instrument, 'post' as phase, r.value as score,
        r.period_end as assessed_on
    from candidates as t
    asof join series_records as r
        on t.series_id = r.series_id and t.post_from <= r.period_end
    where r.period_end <= t.post_to
),

derived as (
    select * from pre
    union all
    select * from post
),

comparison_pairs as (
    select d.nip, d.program_id, d.instrument, d.phase, d.score, d.assessed_on,
        'comparison' as "group"
    from derived as d
    anti join direct_scores as s
        on d.nip = s.nip
        and d.program_id = s.program_id
        and d.instrument = s.instrument
        and d.phase = s.phase
)

select * from comparison_pairs
