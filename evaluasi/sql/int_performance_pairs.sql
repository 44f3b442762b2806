-- Performance pairs of participants: pre and post scores of every enrolled participant of every
-- programme, taken from the periodic records in `performance`. Reads the temp tables
-- `enrolments` (model int_enrolments) and `performance_windows` (instrument, pre_window_months,
-- post_after_months, post_window_months); instruments missing from it use the defaults bound as
-- $pre_window_months, $post_after_months and $post_window_months.
-- For every programme x enrolled participant x instrument the person has records of:
-- * pre  = the latest record with period_end <= start_date, kept only when
--          period_end >= start_date - pre_window_months; a record on the start date is pre;
-- * post = the first record with period_end >= end_date + post_after_months, kept only when
--          period_end <= end_date + (post_after_months + post_window_months);
-- * records in between (start_date < period_end < end_date + post_after_months) are neither.
-- Both are ASOF joins; the window limit is applied afterwards, which is exact because a nearer
-- record is never outside a limit that a farther one is inside. The key of `performance`
-- (nip, instrument, period_end), unique after validation's duplicate rule, leaves no ties.
-- Month arithmetic is DuckDB's: a day missing from the target month becomes its last day
-- (31 Jan + 1 month = 29 Feb 2024, 31 Mar - 1 month = 29 Feb 2024), and the far post limit is one
-- addition of post_after + post_window months to the end date, not two.
-- A score given directly in `scores` for the same nip, programme, instrument and phase wins: the
-- derived row is left out.
with enrolled as (
    select program_id, nip
    from enrolments
),

program_dates as (
    select program_id, start_date, end_date
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

person_instruments as (
    select distinct nip, instrument
    from records
),

targets as (
    select
        e.program_id,
        e.nip,
        i.instrument,
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
    from enrolled as e
    inner join program_dates as p on e.program_id = p.program_id
    inner join person_instruments as i on e.nip = i.nip
    left join windows as w on i.instrument = w.instrument
),

pre as (
    select
        t.nip, t.program_id, t.instrument, 'pre' as phase, r.value as score,
        r.period_end as assessed_on
    from targets as t
    asof join records as r
        on t.nip = r.nip and t.instrument = r.instrument and t.start_date >= r.period_end
    where r.period_end >= t.pre_from
),

post as (
    select
        t.nip, t.program_id, t.instrument, 'post' as phase, r.value as score,
        r.period_end as assessed_on
    from targets as t
    asof join records as r
        on t.nip = r.nip and t.instrument = r.instrument and t.post_from <= r.period_end
    where r.period_end <= t.post_to
),

derived as (
    select * from pre
    union all
    select * from post
),

performance_pairs as (
    select d.nip, d.program_id, d.instrument, d.phase, d.score, d.assessed_on,
        'participant' as "group"
    from derived as d
    anti join direct_scores as s
        on d.nip = s.nip
        and d.program_id = s.program_id
        and d.instrument = s.instrument
        and d.phase = s.phase
)

select * from performance_pairs
