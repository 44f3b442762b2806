"""Rebuild the canonical tables from the landed rows: row rules in DuckDB, quarantine with reasons.

Each table's `sql/stg_<table>.sql` model types the landed text and names, per column, the rule
the value breaks (`<column>__failure`, NULL when none); this module adds the duplicate rule (an
exact copy after the first is `duplicate_row`;
rows sharing a key with different values are all `conflicting_duplicate`), replaces the
canonical table with the rows that broke nothing, and writes every broken rule to `quarantine`
with the row's raw values. Tables go in dependency order, so a score whose programme row was
rejected is itself quarantined as `unknown_program`.

The rules run where the data is, as set-based SQL over every row: a national inbox of ten
million scores never becomes Python objects. The caller holds the transaction.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from evaluasi import warehouse
from evaluasi.messages import t
from evaluasi.sources.tables import DEFAULT_INSTRUMENTS, TABLES, TableSpec

# Tables in dependency order.
ORDER = ("programs", "instruments", "participants", "scores", "performance")

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
    "not_a_number",
    "out_of_range",
    "score_outside_scale",
    "unknown_category",
    "categories_invalid",
    "dates_out_of_order",
    "scale_out_of_order",
    "unknown_kind",
    "unknown_phase",
    "unknown_group",
    "unknown_program",
    "unknown_instrument",
    "duplicate_row",
    "conflicting_duplicate",
)


def rebuild_canonical(con: duckdb.DuckDBPyConnection, run_id: str, lang: str) -> None:
    """Validate every landed row and replace the canonical tables and `quarantine`."""
    # Row order means nothing here; not keeping it lets DuckDB stream and spill more freely.
    con.execute("set preserve_insertion_order = false")
    _label_spellings(con)
    _reason_details(con, lang)
    con.execute("delete from quarantine")
    for table in reversed(ORDER):
        con.execute(f"delete from {table}")
    for table in ORDER:
        spec = TABLES[table]
        _stage(con, spec)
        _mark_duplicates(con, spec)
        _load(con, spec)
        _quarantine(con, spec, run_id)
        con.execute(f"drop table stg_{table}")
        con.execute("drop table duplicates")
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


def _quote(name: str) -> str:
    return f'"{name}"'


def _mark_duplicates(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    """Fill temp table `duplicates` (source, sheet, source_row, reason), judged among the rows of
    stg_<table> that broke no rule.

    Only keys that occur more than once are examined row by row, so the usual case (almost no
    duplicates) costs one hash aggregation.
    """
    key = [_quote(c) for c in spec.key]
    values = [_quote(c) for c in spec.columns if c not in spec.key]
    key_list, all_list = ", ".join(key), ", ".join(key + values)
    on_key = " and ".join(f"a.{c} is not distinct from b.{c}" for c in key)
    con.execute(
        f"""
        create or replace temp table duplicates as
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
            a.source, a.sheet, a.source_row,
            case when b.n_variants > 1 then 'conflicting_duplicate' else 'duplicate_row' end
                as reason
        from ranked as a
        inner join variants as b on {on_key}
        where b.n_variants > 1 or a.copy_no > 1
        """
    )


def _load(con: duckdb.DuckDBPyConnection, spec: TableSpec) -> None:
    columns = ", ".join(_quote(c) for c in spec.columns)
    con.execute(
        f"insert into {spec.name} ({columns}, source, sheet, source_row) "
        f"select {columns}, source, sheet, source_row from stg_{spec.name} as s "
        "where ok and not exists (select 1 from duplicates as d where d.source = s.source"
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
    con.execute(
        f"""
        insert into quarantine
        with rejected as (
            select * from stg_{spec.name} where not ok
        ),
        broken as (
            select source, sheet, source_row, replace(failure_column, $suffix, '') as "column",
                reason
            from (unpivot rejected on {unpivoted} into name failure_column value reason)
            union all
            select source, sheet, source_row, $key, reason
            from duplicates
        )
        select
            $run_id, b.source, b.sheet, b.source_row, $table, b."column", b.reason, d.detail,
            to_json(struct_pack({raw}))
        from broken as b
        inner join landed_{spec.name} as l using (source, sheet, source_row)
        inner join reason_details as d on b.reason = d.reason
        """,
        {
            "run_id": run_id,
            "table": spec.name,
            "key": ",".join(spec.key),
            "suffix": FAILURE_SUFFIX,
        },
    )


def _quarantine_malformed(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    con.execute(
        """
        insert into quarantine
        select
            $run_id, m.source, m.sheet, m.source_row, m."table", '', 'malformed_row',
            d.detail || ' (' || m.problem || ')', to_json({'text': m.text})
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
