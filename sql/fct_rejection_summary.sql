-- Quarantined rows of the latest load counted per source, table, column and reason: what the
-- data-quality page shows. No raw values and no NIPs leave the warehouse this way.
with quarantined as (
    select source, "table", "column", reason from quarantine
),

summary as (
    select source, "table", "column", reason, count(*) as rows
    from quarantined
    group by source, "table", "column", reason
    order by source, "table", "column", reason
)

select * from summary
