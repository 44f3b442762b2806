-- The trend of the index page: one row per evaluation period, from run $run_id and the runs
-- before it. The run itself stands for its period whatever its status (its results are stored
-- before the report is written). Every other quarter (2026Q3) is represented by its latest
-- completed full-scope run: a run restricted to chosen programmes, instruments or OPDs
-- (parameters.program_ids, instruments or units set) is partial and would bend the trend, and a
-- run started after $run_id is left out so that a re-rendered old report does not show the
-- future. Counts follow the index KPIs: share_positive
-- is positive verdicts over all programme x instrument rows, n_participants sums each
-- programme's largest count over its instruments. At most the 8 most recent periods, always
-- including the run's own; quarters sort as text, 'all' last.
with ledger as (
    select
        run_id,
        period,
        started_at,
        status,
        (parameters ->> 'program_ids') is null
        and (parameters ->> 'instruments') is null
        and (parameters ->> 'units') is null as full_scope
    from runs
),

results as (
    select run_id, program_id, instrument, n_participants, verdict, cohen_dz
    from program_results
),

current_run as (
    select run_id, period, started_at
    from ledger
    where run_id = $run_id
),

earlier_runs as (
    select l.run_id, l.period, l.started_at
    from ledger as l
    cross join current_run as c
    where
        l.run_id <> c.run_id
        and l.period <> c.period
        and l.status = 'completed'
        and l.full_scope
        and l.started_at <= c.started_at
        and regexp_full_match(l.period, '\d{4}Q[1-4]')
    qualify row_number() over (
        partition by l.period order by l.started_at desc, l.run_id desc
    ) = 1
),

chosen_runs as (
    select run_id, period, started_at, true as is_current from current_run
    union all
    select run_id, period, started_at, false as is_current from earlier_runs
),

recent_runs as (
    select *
    from chosen_runs
    qualify row_number() over (order by is_current desc, period desc) <= 8
),

programme_sizes as (
    select run_id, program_id, max(n_participants) as n_participants
    from results
    where run_id in (select run_id from recent_runs)
    group by run_id, program_id
),

participants as (
    select run_id, sum(n_participants) as n_participants
    from programme_sizes
    group by run_id
),

verdicts as (
    select
        run_id,
        count(distinct program_id) as n_programs,
        count(*) as n_results,
        count(*) filter (where verdict is not null and verdict <> 'insufficient') as n_testable,
        count(*) filter (where verdict = 'positive') as n_positive,
        count(*) filter (where verdict = 'negative') as n_negative,
        median(cohen_dz) as median_dz
    from results
    where run_id in (select run_id from recent_runs)
    group by run_id
),

history as (
    select
        r.period,
        r.run_id,
        r.started_at,
        r.is_current,
        coalesce(v.n_programs, 0) as n_programs,
        coalesce(v.n_results, 0) as n_results,
        coalesce(p.n_participants, 0) as n_participants,
        coalesce(v.n_testable, 0) as n_testable,
        coalesce(v.n_positive, 0) as n_positive,
        coalesce(v.n_negative, 0) as n_negative,
        v.n_positive / v.n_results * 100 as share_positive,
        v.median_dz
    from recent_runs as r
    left join verdicts as v on r.run_id = v.run_id
    left join participants as p on r.run_id = p.run_id
    where exists (select 1 from results where run_id = $run_id)
    order by r.period = 'all', r.period
)

select * from history
