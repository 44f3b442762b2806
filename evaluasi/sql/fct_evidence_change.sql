-- Per source, the rows this load ($run_id) loaded beside what the last good run loaded: the
-- latest completed run before it. A source of only one of the two has 0 on the other side.
with runs_done as (
    select run_id from runs where status = 'completed' and run_id != $run_id
),

last_good as (
    select r.run_id
    from runs as r
    semi join runs_done as d using (run_id)
    order by r.started_at desc, r.run_id desc
    limit 1
),

now_loaded as (
    select source, "table", rows_read, rows_loaded, rows_quarantined
    from source_files
    where run_id = $run_id
),

then_loaded as (
    select source, "table", rows_loaded
    from source_files
    where run_id = (select run_id from last_good)
),

compared as (
    select
        (select run_id from last_good) as last_good_run,
        coalesce(n.source, t.source) as source,
        coalesce(n."table", t."table") as "table",
        coalesce(n.rows_read, 0) as rows_read,
        coalesce(n.rows_loaded, 0) as rows_loaded,
        coalesce(n.rows_quarantined, 0) as rows_quarantined,
        coalesce(t.rows_loaded, 0) as rows_loaded_before,
        n.source is not null as present
    from now_loaded as n
    full outer join then_loaded as t using (source)
)

select * from compared order by "table", source
