"""Rebuild the canonical tables from the landed rows: row rules in DuckDB, quarantine with reasons.

Each table's `evaluasi/sql/stg_<table>.sql` model types the landed text and names, per column, the
rule the value breaks (`<column>__failure`, NULL when none). This module adds the rules that compare
rows (`_cross_row_rules`), replaces the canonical table with the rows that broke nothing, and
writes every broken rule to `quarantine` with the row's raw values and, where the rule points at
another row, that row (`related_*`).

Rules across rows:
- Copies of a key. In the reference tables (programs, instruments) copies that agree on every
  value given in both (case and spacing of text do not count; a value empty in one copy agrees
  with any) are one row given twice: the copy with the most values given is kept (the first in
  source order on a tie) and the others are `duplicate_row`, naming the copy kept. Copies that
  really conflict are all `conflicting_duplicate`, naming the columns they differ in. In the
  other tables an exact copy after the first is `duplicate_row` and copies with different values
  are all `conflicting_duplicate`: there one wrong score among thousands is better lost than
  guessed.
- A post score dated before the pre score of the same nip x program x instrument: both scores
  are `post_before_pre`, each naming the other. Either date may be the wrong one, or the phase
  labels are swapped (which would turn a gain into a loss), so neither score can be trusted;
  keeping the pre alone would also count the person as a drop-out.

Tables go in dependency order. A score whose programme (or instrument) has rows in a source but
none loaded is `program_rejected` (`instrument_rejected`), naming the first rejected row and its
reasons; `unknown_program` (`unknown_instrument`) is kept for ids that no source gives.

Dates must lie in a plausible window (`date_windows`): from 1950 (older than any record a BPSDM
keeps of its own training or of its staff's appraisals) to 5 years after today for programmes
(the multi-year training plan may list programmes ahead) and 1 year after today for assessments
and performance periods (a planned post-test date, or the current year's SKP period ending on
31 December, may be recorded ahead; a later date is a typing error such as 2062 for 2026).
A year not written in four digits (20/10/25) is refused rather than guessed.

The rules run where the data is, as set-based SQL over every row: a national inbox of ten
million scores never becomes Python objects. The caller holds the transaction.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from evaluasi import warehouse
from evaluasi.messages import t
from evaluasi.sources.tables import DEFAULT_INSTRUMENTS, TABLES, TableSpec

# Tables in dependency order.
ORDER = ("programs", "instruments", "participants", "scores", "performance")

# Tables other rows refer to, with the reason a referring row gets when the reference is
# rejected and the column of the referring tables that holds its key.
REFERENCE_TABLES: dict[str, tuple[str, str]] = {
    "programs": ("program_rejected", "program_id"),
    "instruments": ("instrument_rejected", "instrument"),
}

# The plausible dates of each table: from EARLIEST_DATE to so many years after today.
EARLIEST_DATE = dt.date(1950, 1, 1)
YEARS_AHEAD = {"programs": 5, "scores": 1, "performance": 1}

# Built-in label spellings; a source's configuration may add its own (see catalog.Mapping).
PHASE_SPELLINGS: dict[str, str] = {
    **dict.fromkeys(("pre", "pre-test", "pre test", "pretest", "sebelum", "awal"), "pre"),
    **dict.fromkeys(
        ("post", "post-test", "post test", "posttest", "sesudah", "setelah", "akhir"), "post"
    ),
}
GROUP_SPELLINGS: dict[str, str] = {
    **dict.fromkeys(("", "participant", "peserta"), "participant"),
    **dict.fromkeys(("comparison", "pembanding", "kontrol", "control"), "comparison"),
}

# Every quarantine reason; the message catalogue explains each as `reason_<code>`.
REASONS = (
    "malformed_row",
    "missing_value",
    "nip_stored_as_number",
    "nip_not_18_digits",
    "nip_invalid_birth_date",
    "nip_invalid_appointment",
    "nip_invalid_sex_digit",
    "not_a_date",
    "year_not_four_digits",
    "date_implausible",
    "not_a_number",
    "out_of_range",
    "score_outside_scale",
    "unknown_category",
    "categories_invalid",
    "dates_out_of_order",
    "post_before_pre",
    "scale_out_of_order",
    "unknown_kind",
    "unknown_phase",
    "unknown_group",
    "program_rejected",
    "unknown_program",
    "instrument_rejected",
    "unknown_instrument",
    "duplicate_row",
    "conflicting_duplicate",
)

# Catalogue texts (`detail_<name>`) the SQL fills in to name other rows in a detail.
DETAIL_TEXTS = (
    "row_reference",
    "row_reference_sheet",
    "duplicate_kept",
    "conflicting_columns",
    "root_row",
    "pair_out_of_order",
)


def date_windows(today: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    """The earliest and latest plausible date of each table with dates, on `today`."""
    return {table: (EARLIEST_DATE, _years_after(today, n)) for table, n in YEARS_AHEAD.items()}


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def rebuild_canonical(con: duckdb.DuckDBPyConnection, run_id: str, lang: str) -> None:
    """Validate every landed row and replace the canonical tables and `quarantine`."""
    # Row order means nothing here; not keeping it lets DuckDB stream and spill more freely.
    con.execute("set preserve_insertion_order = false")
    _label_spellings(con)
    _reason_details(con, lang)
    _date_windows(con, dt.date.today(), lang)
    con.execute(
        'create or replace temp table rejected_references ("table" varchar, key varchar,'
        " source varchar, sheet varchar, source_row bigint, reasons varchar)"
    )
    con.execute("delete from quarantine")
    for table in reversed(ORDER):
        con.execute(f"delete from {table}")
    for table in ORDER:
        spec = TABLES[table]
        _stage(con, spec)
        _cross_row_rules(con, spec)
        _load(con, spec)
        _quarantine(con, spec, run_id)
        if table in REFERENCE_TABLES:
            _record_rejected_references(con, spec)
        con.execute(f"drop table stg_{table}")
        con.execute("drop table cross_row")
        if table == "instruments" and _landed_rows(con, table) == 0:
            _default_instruments(con)
    _quarantine_malformed(con, run_id)
    con.execute("reset preserve_insertion_order")


def _landed_rows(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"select count(*) from landed_{table}").fetchone()[0]


FAILURE_SUFFIX = "__failure"


def _stage(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    """Materialise stg_<table>: lineage, typed canonical columns, the failure columns and `ok`
    (true when no column broke a rule). Only what later steps read is kept: at national scale
    this temp table is the largest thing in memory."""
    model = warehouse.sql(f"stg_{spec.name}")
    columns = [row[0] for row in con.execute(f"describe {model}").fetchall()]
    failures = [c for c in columns if c.endswith(FAILURE_SUFFIX)]
    kept = ", ".join(["source", "sheet", "source_row", *map(_quote, spec.columns), *failures])
    ok = f"coalesce({', '.join(failures)}) is null"
    con.execute(
        f"create or replace temp table stg_{spec.name} as select {kept}, {ok} as ok from ({model})"
    )


def _label_spellings(con: duckdb.DuckDBPyConnection) -> None:
    rows = [("phase", k, v) for k, v in PHASE_SPELLINGS.items()]
    rows += [("group", k, v) for k, v in GROUP_SPELLINGS.items()]
    frame = pd.DataFrame(rows, columns=["column", "spelling", "canonical"])
    warehouse.replace_temp_table(con, "label_spellings", frame)


def _reason_details(con: duckdb.DuckDBPyConnection, lang: str) -> None:
    frame = pd.DataFrame({"reason": REASONS, "detail": [t(f"reason_{r}", lang) for r in REASONS]})
    warehouse.replace_temp_table(con, "reason_details", frame)
    texts = pd.DataFrame({name: [t(f"detail_{name}", lang)] for name in DETAIL_TEXTS})
    warehouse.replace_temp_table(con, "detail_texts", texts)


def _date_windows(con: duckdb.DuckDBPyConnection, today: dt.date, lang: str) -> None:
    windows = date_windows(today)
    frame = pd.DataFrame(
        {
            "table": list(windows),
            "earliest": [earliest for earliest, _ in windows.values()],
            "latest": [latest for _, latest in windows.values()],
            "note": [
                t("detail_date_window", lang, earliest=e.isoformat(), latest=la.isoformat())
                for e, la in windows.values()
            ],
        }
    )
    warehouse.replace_temp_table(con, "date_windows", frame)
    con.execute("alter table date_windows alter earliest type date")
    con.execute("alter table date_windows alter latest type date")


def _quote(name: str) -> str:
    return f'"{name}"'


# Columns of temp table `cross_row`: the rows a rule across rows rejects. `detail` replaces the
# reason's text when set; `note` is added to it in brackets.
CROSS_ROW_COLUMNS = (
    'source, sheet, source_row, "column", reason, detail, note,'
    " related_source, related_sheet, related_row"
)


def _cross_row_rules(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    """Fill temp table `cross_row`, judged among the rows of stg_<table> that broke no rule."""
    if spec.name in REFERENCE_TABLES:
        _reference_copies(con, spec)
    else:
        _exact_copies(con, spec)
    if spec.name == "scores":
        _pairs_out_of_order(con)


def _exact_copies(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    """An exact copy after the first (in source order) is `duplicate_row`; rows sharing a key
    with different values are all `conflicting_duplicate`.

    Only keys that occur more than once are examined row by row, so the usual case (almost no
    duplicates) costs one hash aggregation.
    """
    key = [_quote(c) for c in spec.key]
    values = [_quote(c) for c in spec.columns if c not in spec.key]
    key_list, all_list = ", ".join(key), ", ".join(key + values)
    on_key = " and ".join(f"a.{c} is not distinct from b.{c}" for c in key)
    con.execute(
        f"""
        create or replace temp table cross_row as
        with ok as (
            select source, sheet, source_row, {all_list} from stg_{spec.name} where ok
        ),
        repeated_keys as (
            select {key_list} from ok group by {key_list} having count(*) > 1
        ),
        candidates as (
            select a.* from ok as a semi join repeated_keys as b on {on_key}
        ),
        variants as (
            select {key_list}, count(*) as n_variants
            from (select distinct {all_list} from candidates)
            group by {key_list}
        ),
        ranked as (
            select
                *,
                row_number() over (
                    partition by {all_list} order by source, sheet, source_row
                ) as copy_no
            from candidates
        )
        select
            a.source, a.sheet, a.source_row, $key as "column",
            case when b.n_variants > 1 then 'conflicting_duplicate' else 'duplicate_row' end
                as reason,
            null::varchar as detail, null::varchar as note, null::varchar as related_source,
            null::varchar as related_sheet, null::bigint as related_row
        from ranked as a
        inner join variants as b on {on_key}
        where b.n_variants > 1 or a.copy_no > 1
        """,
        {"key": ",".join(spec.key)},
    )


def _reference_copies(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    """Copies of a programme or instrument that agree on every value given in both are one row
    given twice: keep the fullest, the others are `duplicate_row` naming it. Copies that differ
    in a value given in both are all `conflicting_duplicate`, naming the columns and copies."""
    (key,) = spec.key
    types = dict(
        con.execute(f"select column_name, column_type from (describe stg_{spec.name})").fetchall()
    )
    values = [c for c in spec.columns if c != key]
    # A value counts as given when the source gave it, not when the model filled in a default
    # (an empty label is the instrument's name).
    compared = {
        c: f"case when given(l.{_quote(c)}) is not null then "
        + (f"text_key(s.{_quote(c)})" if types[c] == "VARCHAR" else f"s.{_quote(c)}")
        + " end"
        for c in values
    }
    n_given = " + ".join(f"cast(given(l.{_quote(c)}) is not null as integer)" for c in values)
    differing = ", ".join(
        f"case when count(distinct c.{_quote(column)}) > 1 then '{column}' end" for column in values
    )
    reference = (
        "row_reference(x.row_reference, x.row_reference_sheet, {0}.source, {0}.sheet,"
        " {0}.source_row)"
    )
    con.execute(
        f"""
        create or replace temp table cross_row as
        with ok as (
            select source, sheet, source_row, s.{_quote(key)} as key, {n_given} as n_given,
                {", ".join(f"{e} as {_quote(c)}" for c, e in compared.items())}
            from stg_{spec.name} as s
            inner join landed_{spec.name} as l using (source, sheet, source_row)
            where s.ok
        ),
        texts as (
            select * from detail_texts
        ),
        repeated_keys as (
            select key from ok group by key having count(*) > 1
        ),
        copies as (
            select * from ok semi join repeated_keys using (key)
        ),
        judged as (
            select
                c.key,
                concat_ws(', ', {differing}) as differing,
                string_agg({reference.format("c")}, ', ' order by c.source, c.sheet, c.source_row)
                    as copies
            from copies as c
            cross join texts as x
            group by c.key
        ),
        ranked as (
            select
                *,
                row_number() over (
                    partition by key order by n_given desc, source, sheet, source_row
                ) as copy_no
            from copies
        ),
        kept as (
            select key, source, sheet, source_row from ranked where copy_no = 1
        )
        select
            r.source, r.sheet, r.source_row, $key as "column",
            case when j.differing = '' then 'duplicate_row' else 'conflicting_duplicate' end
                as reason,
            case when j.differing = '' then replace(x.duplicate_kept, '{{kept}}',
                {reference.format("k")}) end as detail,
            case when j.differing != '' then replace(replace(x.conflicting_columns,
                '{{columns}}', j.differing), '{{rows}}', j.copies) end as note,
            case when j.differing = '' then k.source end as related_source,
            case when j.differing = '' then k.sheet end as related_sheet,
            case when j.differing = '' then k.source_row end as related_row
        from ranked as r
        inner join judged as j using (key)
        inner join kept as k using (key)
        cross join texts as x
        where j.differing != '' or r.copy_no > 1
        """,
        {"key": key},
    )


def _pairs_out_of_order(con: duckdb.DuckDBPyConnection) -> None:
    """Add to `cross_row` both scores of every pair whose post is dated before its pre."""
    con.execute(
        """
        insert into cross_row
        with loadable as (
            select source, sheet, source_row, nip, program_id, instrument, phase, assessed_on
            from stg_scores as s
            where ok and assessed_on is not null and not exists (
                select 1 from cross_row as d
                where d.source = s.source and d.sheet = s.sheet and d.source_row = s.source_row
            )
        ),
        texts as (
            select * from detail_texts
        ),
        pre as (
            select * from loadable where phase = 'pre'
        ),
        post as (
            select * from loadable where phase = 'post'
        ),
        pairs as (
            select
                a.source as pre_source, a.sheet as pre_sheet, a.source_row as pre_row,
                b.source as post_source, b.sheet as post_sheet, b.source_row as post_row,
                replace(replace(replace(replace(x.pair_out_of_order,
                    '{pre_date}', strftime(a.assessed_on, '%Y-%m-%d')),
                    '{post_date}', strftime(b.assessed_on, '%Y-%m-%d')),
                    '{pre_row}', row_reference(x.row_reference, x.row_reference_sheet,
                        a.source, a.sheet, a.source_row)),
                    '{post_row}', row_reference(x.row_reference, x.row_reference_sheet,
                        b.source, b.sheet, b.source_row)) as note
            from pre as a
            inner join post as b using (nip, program_id, instrument)
            cross join texts as x
            where b.assessed_on < a.assessed_on
        )
        select
            pre_source, pre_sheet, pre_row, 'assessed_on', 'post_before_pre', null, note,
            post_source, post_sheet, post_row
        from pairs
        union all
        select
            post_source, post_sheet, post_row, 'assessed_on', 'post_before_pre', null, note,
            pre_source, pre_sheet, pre_row
        from pairs
        """
    )


def _load(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    columns = ", ".join(_quote(c) for c in spec.columns)
    con.execute(
        f"insert into {spec.name} ({columns}, source, sheet, source_row) "
        f"select {columns}, source, sheet, source_row from stg_{spec.name} as s "
        "where ok and not exists (select 1 from cross_row as d where d.source = s.source"
        " and d.sheet = s.sheet and d.source_row = s.source_row)"
    )


def _quarantine(con: duckdb.DuckDBPyConnection, spec: TableSpec, run_id: str) -> None:
    failures = [
        row[0]
        for row in con.execute(f"describe stg_{spec.name}").fetchall()
        if row[0].endswith(FAILURE_SUFFIX)
    ]
    unpivoted = ", ".join(failures)
    raw = ", ".join(f"{_quote(c)} := l.{_quote(c)}" for c in spec.columns)
    # The key a knock-on rejection names, read from the landed row.
    referred = [
        f"when '{reason}' then given(l.{_quote(column)})"
        for reason, column in REFERENCE_TABLES.values()
        if column in spec.columns
    ]
    referred_key = f"case f.reason {' '.join(referred)} end" if referred else "null"
    referred_table = " ".join(
        f"when '{reason}' then '{table}'" for table, (reason, _) in REFERENCE_TABLES.items()
    )
    con.execute(
        f"""
        insert into quarantine by name
        with rejected as (
            select * from stg_{spec.name} where not ok
        ),
        texts as (
            select * from detail_texts
        ),
        windows as (
            select note from date_windows where "table" = $table
        ),
        roots as (
            select * from rejected_references
        ),
        failures as (
            select source, sheet, source_row, replace(failure_column, $suffix, '') as "column",
                reason
            from (unpivot rejected on {unpivoted} into name failure_column value reason)
        ),
        explained as (
            select
                f.source, f.sheet, f.source_row, f."column", f.reason, null as detail,
                case
                    when f.reason = 'date_implausible' then w.note
                    when r.key is not null then replace(replace(x.root_row, '{{row}}',
                        row_reference(x.row_reference, x.row_reference_sheet, r.source,
                            r.sheet, r.source_row)), '{{reasons}}', r.reasons)
                end as note,
                r.source as related_source, r.sheet as related_sheet,
                r.source_row as related_row
            from failures as f
            inner join landed_{spec.name} as l using (source, sheet, source_row)
            cross join texts as x
            left join windows as w on f.reason = 'date_implausible'
            left join roots as r
                on r."table" = case f.reason {referred_table} end and r.key = {referred_key}
        ),
        broken as (
            select * from explained
            union all by name
            select * from cross_row
        )
        select
            $run_id as run_id, b.source, b.sheet, b.source_row, $table as "table", b."column",
            b.reason, coalesce(b.detail, d.detail || coalesce(' (' || b.note || ')', ''))
                as detail,
            to_json(struct_pack({raw})) as raw, b.related_source, b.related_sheet,
            b.related_row
        from broken as b
        inner join landed_{spec.name} as l using (source, sheet, source_row)
        inner join reason_details as d on b.reason = d.reason
        """,
        {"run_id": run_id, "table": spec.name, "suffix": FAILURE_SUFFIX},
    )


def _record_rejected_references(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    """Add to `rejected_references` every key of this reference table that has rows in a source
    but none loaded, with its first rejected row (in source order) and that row's reasons."""
    (key,) = spec.key
    con.execute(
        f"""
        insert into rejected_references
        with rejected as (
            select source, sheet, source_row, reason from quarantine where "table" = $table
        ),
        landed as (
            select source, sheet, source_row, given({_quote(key)}) as key
            from landed_{spec.name}
        ),
        loaded as (
            select {_quote(key)} as key from {spec.name}
        ),
        rejected_rows as (
            select
                l.key, r.source, r.sheet, r.source_row,
                string_agg(distinct r.reason, ', ' order by r.reason) as reasons
            from rejected as r
            inner join landed as l using (source, sheet, source_row)
            where l.key is not null and l.key not in (select key from loaded)
            group by l.key, r.source, r.sheet, r.source_row
        ),
        first_rows as (
            select
                *,
                row_number() over (partition by key order by source, sheet, source_row) as n
            from rejected_rows
        )
        select $table, key, source, sheet, source_row, reasons from first_rows where n = 1
        """,
        {"table": spec.name},
    )


def _quarantine_malformed(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    con.execute(
        """
        insert into quarantine by name
        select
            $run_id as run_id, m.source, m.sheet, m.source_row, m."table", '' as "column",
            'malformed_row' as reason, d.detail || ' (' || m.problem || ')' as detail,
            to_json({'text': m.text}) as raw
        from landed_malformed as m
        inner join reason_details as d on d.reason = 'malformed_row'
        """,
        {"run_id": run_id},
    )


def _default_instruments(con: duckdb.DuckDBPyConnection) -> None:
    """No source gives instruments: use the two every BPSDM collects (see tables.py)."""
    warehouse.replace_temp_table(con, "default_instruments", pd.DataFrame(DEFAULT_INSTRUMENTS))
    con.execute(
        """
        insert into instruments
        select
            instrument, label, kind, cast(scale_min as double), cast(scale_max as double),
            cast(level as double), nullif(categories, ''), '(default)', '', 0
        from default_instruments
        """
    )
