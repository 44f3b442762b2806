-- The run ledger for `evaluasi runs`: the $limit most recent runs, newest first, with how long
-- each took and where its report is (or why it failed).
with ledger as (
    select * from runs
),

listed as (
    select
        run_id,
        flow,
        period,
        lang,
        status,
        started_at,
        finished_at,
        date_diff('second', started_at, finished_at) as seconds,
        n_programs,
        n_results,
        rows_read,
        rows_quarantined,
        report_dir,
        error
    from ledger
    order by started_at desc, run_id desc
    limit $limit
)

select * from listed
