-- Quarantined rows of the latest load counted per source, table, column and reason: what the
-- data-quality page shows, in the order to show it (`position`). No raw values and no NIPs
-- leave the warehouse this way.
--
-- `role` says what a line is:
-- - `root_cause`: rejected rows of programs and instruments, first. Dropped copies of a
--   reference row given twice (duplicate_row) are one line per copy kept, named by `related_*`.
-- - `knock_on`: rows rejected because the programme or instrument they name was rejected
--   (program_rejected, instrument_rejected), one line per root row (`related_*`), each right
--   after the first root_cause line that holds that row.
-- - `row`: every other rejection, most rows first.
with quarantined as (
    select source, sheet, source_row, "table", "column", reason, related_source, related_sheet,
        related_row
    from quarantine
),

classified as (
    select
        source,
        sheet,
        source_row,
        "table",
        "column",
        reason,
        case
            when "table" in ('programs', 'instruments') then 'root_cause'
            when reason in ('program_rejected', 'instrument_rejected') then 'knock_on'
            else 'row'
        end as role,
        -- Lines are split by the row they point at (a kept copy, a root row), except pairs
        -- out of order: those point at the other score of each pair.
        case when reason != 'post_before_pre' then related_source end as related_source,
        case when reason != 'post_before_pre' then related_sheet end as related_sheet,
        case when reason != 'post_before_pre' then related_row end as related_row
    from quarantined
),

lines as (
    select
        role, source, "table", "column", reason, related_source, related_sheet, related_row,
        count(*) as rows
    from classified
    group by all
),

root_lines as (
    select
        *,
        row_number() over (
            order by
                "table" = 'instruments', source, "column", reason, related_source,
                related_sheet, related_row
        ) as root_order
    from lines
    where role = 'root_cause'
),

-- The first root_cause line holding each rejected programs or instruments row.
root_rows as (
    select c.source, c.sheet, c.source_row, min(r.root_order) as root_order
    from classified as c
    inner join root_lines as r
        on c.source = r.source
        and c."table" = r."table"
        and c."column" = r."column"
        and c.reason = r.reason
        and c.related_source is not distinct from r.related_source
        and c.related_sheet is not distinct from r.related_sheet
        and c.related_row is not distinct from r.related_row
    where c.role = 'root_cause'
    group by c.source, c.sheet, c.source_row
),

knock_on_lines as (
    select l.*, r.root_order
    from lines as l
    left join root_rows as r
        on l.related_source = r.source
        and l.related_sheet = r.sheet
        and l.related_row = r.source_row
    where l.role = 'knock_on'
),

other_lines as (
    select *, null::bigint as root_order from lines where role = 'row'
),

ordered as (
    select *, 0 as rank_in_root from root_lines
    union all by name
    select *, 1 as rank_in_root from knock_on_lines
    union all by name
    select *, 2 as rank_in_root from other_lines
),

summary as (
    select
        source,
        "table",
        "column",
        reason,
        rows,
        role,
        related_source,
        related_sheet,
        related_row,
        row_number() over (
            order by
                root_order is null, root_order, rank_in_root,
                case when role = 'row' then -rows end, related_source, related_sheet,
                related_row, source, "table", "column", reason
        ) as position
    from ordered
)

select * from summary order by position
