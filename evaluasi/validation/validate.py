"""Check every canonical table against its contract and split it into loaded and quarantined rows.

Tables are checked in dependency order (programs and instruments before scores), so that a score
whose programme row was rejected is itself quarantined as `unknown_program`. Every row read ends up
either in a clean, typed table or in `rejections` with a reason: nothing is dropped silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from evaluasi.messages import t
from evaluasi.sources.inbox import SOURCE_FILE, SOURCE_ROW, RawTable
from evaluasi.sources.nip import NIP_PATTERN, clean_nip, nip_birth_date, nip_stored_as_number
from evaluasi.validation.expectations import Rule, SuiteResult, expect, rule, run_rules
from evaluasi.validation.parsing import (
    GROUPS,
    PHASE_SYNONYMS,
    blank_to_na,
    normalise_label,
    parse_date,
    parse_number,
    unparsed,
)

KINDS = ("numeric", "ordinal", "binary")
# Every quarantine reason; the message catalogue explains each as `reason_<code>`.
REASONS = (
    "missing_value",
    "nip_stored_as_number",
    "nip_invalid",
    "not_a_date",
    "not_a_number",
    "out_of_range",
    "score_outside_scale",
    "unknown_category",
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
REJECTION_COLUMNS = [SOURCE_FILE, SOURCE_ROW, "table", "column", "reason", "detail", "raw"]


@dataclass(frozen=True)
class Validated:
    """Clean typed tables ready to load, and everything that was rejected, with reasons."""

    programs: pd.DataFrame
    instruments: pd.DataFrame
    participants: pd.DataFrame
    scores: pd.DataFrame
    rejections: pd.DataFrame
    expectations: pd.DataFrame
    sources: pd.DataFrame


def validate_tables(raw: dict[str, RawTable], lang: str = "id") -> Validated:
    """Validate the raw inbox tables; see the module docstring.

    Each rejection's `detail` tells the M&E officer, in `lang`, what was wrong and what to do.
    """
    checked = {}
    programs = _check(raw["programs"], _prepare_programs, _program_rules, ("program_id",))
    checked["programs"] = programs
    instruments = _check(
        raw["instruments"], _prepare_instruments, _instrument_rules, ("instrument",)
    )
    checked["instruments"] = instruments
    checked["participants"] = _check(
        raw["participants"], _prepare_participants, _participant_rules, ("nip",)
    )
    checked["scores"] = _check(
        raw["scores"],
        lambda frame: _prepare_scores(frame, instruments.clean),
        lambda _: _score_rules(programs.clean, instruments.clean),
        ("nip", "program_id", "instrument", "phase"),
    )
    rejections = pd.concat([c.rejections for c in checked.values()], ignore_index=True)
    rejections["detail"] = [t(f"reason_{code}", lang) for code in rejections["reason"]]
    rejections = rejections[REJECTION_COLUMNS]
    return Validated(
        programs=programs.clean,
        instruments=instruments.clean,
        participants=checked["participants"].clean,
        scores=checked["scores"].clean,
        rejections=rejections,
        expectations=pd.concat([c.suite.summary for c in checked.values()], ignore_index=True),
        sources=_source_counts(raw, rejections),
    )


@dataclass(frozen=True)
class _Checked:
    clean: pd.DataFrame
    rejections: pd.DataFrame
    suite: SuiteResult


def _check(table: RawTable, prepare, rules, key: tuple[str, ...]) -> _Checked:
    raw = table.frame.reset_index(drop=True)
    prepared = prepare(raw)
    suite = run_rules(table.spec.name, prepared, rules(prepared))
    failures = suite.failures
    passed = prepared.drop(index=failures["row"].unique())
    duplicates = _duplicates(passed, key, list(table.spec.columns))
    failures = pd.concat([failures, duplicates], ignore_index=True)
    rejected_rows = failures["row"].unique()
    clean = prepared.drop(index=rejected_rows)
    columns = list(table.spec.columns)
    return _Checked(
        clean=clean[[*columns, SOURCE_FILE, SOURCE_ROW]].reset_index(drop=True),
        rejections=_rejections(table, raw, failures),
        suite=suite,
    )


def _duplicates(frame: pd.DataFrame, key: tuple[str, ...], values: list[str]) -> pd.DataFrame:
    """Exact copies after the first are `duplicate_row`; keys with differing values all conflict."""
    if frame.empty:
        return pd.DataFrame(columns=["row", "column", "reason"])
    key_list = list(key)
    present = [c for c in values if c in frame.columns]
    variants = frame.drop_duplicates(subset=present).groupby(key_list, dropna=False).size()
    conflicting_keys = variants[variants > 1].index
    in_conflict = frame.set_index(key_list).index.isin(conflicting_keys)
    exact_copy = frame.duplicated(subset=present, keep="first") & ~in_conflict
    column = ",".join(key_list)
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "row": frame.index[in_conflict],
                    "column": column,
                    "reason": "conflicting_duplicate",
                }
            ),
            pd.DataFrame(
                {"row": frame.index[exact_copy], "column": column, "reason": "duplicate_row"}
            ),
        ],
        ignore_index=True,
    )


def _rejections(table: RawTable, raw: pd.DataFrame, failures: pd.DataFrame) -> pd.DataFrame:
    if failures.empty:
        return pd.DataFrame(columns=REJECTION_COLUMNS)
    rows = raw.loc[failures["row"].to_numpy()]
    columns = list(table.spec.columns)
    raw_json = [
        json.dumps(dict(zip(columns, values, strict=True)), ensure_ascii=False)
        for values in rows[columns].astype("string").fillna("").itertuples(index=False)
    ]
    return pd.DataFrame(
        {
            SOURCE_FILE: rows[SOURCE_FILE].to_numpy(),
            SOURCE_ROW: rows[SOURCE_ROW].to_numpy(),
            "table": table.spec.name,
            "column": failures["column"].to_numpy(),
            "reason": failures["reason"].to_numpy(),
            "raw": raw_json,
        }
    ).sort_values([SOURCE_FILE, SOURCE_ROW, "column"], ignore_index=True)


def _source_counts(raw: dict[str, RawTable], rejections: pd.DataFrame) -> pd.DataFrame:
    quarantined = rejections.groupby(SOURCE_FILE)[SOURCE_ROW].nunique()
    rows = []
    for table in raw.values():
        for file in table.files:
            bad = int(quarantined.get(file.name, 0))
            rows.append(
                {
                    SOURCE_FILE: file.name,
                    "table": table.spec.name,
                    "fingerprint": file.sha256,
                    "rows_read": file.rows_read,
                    "rows_loaded": file.rows_read - bad,
                    "rows_quarantined": bad,
                }
            )
    columns = [SOURCE_FILE, "table", "fingerprint", "rows_read", "rows_loaded", "rows_quarantined"]
    return pd.DataFrame(rows, columns=columns)


def _required(*columns: str) -> list[Rule]:
    """Rules that a value is given; `name__given` columns are reported as `name`."""
    return [
        rule(
            expect.ExpectColumnValuesToNotBeNull,
            "missing_value",
            c.removesuffix("__given"),
            column=c,
        )
        for c in columns
    ]


def _flag_false(flag: str, reason: str, column: str) -> Rule:
    """Rule that a derived boolean column `flag` is False on every row."""
    return rule(expect.ExpectColumnValuesToBeInSet, reason, column, column=flag, value_set=[False])


def _parsed_ok(column: str, reason: str) -> Rule:
    return _flag_false(f"{column}__unparsed", reason, column)


def _with_parsed(frame: pd.DataFrame, column: str, parsed: pd.Series) -> pd.DataFrame:
    frame[f"{column}__unparsed"] = unparsed(frame[column], parsed)
    frame[column] = parsed
    return frame


def _prepare_programs(raw: pd.DataFrame) -> pd.DataFrame:
    frame = raw.copy()
    for column in ("program_id", "name", "type", "organizer"):
        frame[column] = blank_to_na(frame[column])
    frame["type"] = frame["type"].str.upper()
    for column in ("start_date", "end_date"):
        frame = _with_parsed(frame, column, parse_date(raw[column]))
    for column in ("jp", "cost_idr"):
        frame = _with_parsed(frame, column, parse_number(raw[column]))
    return frame


def _program_rules(_: pd.DataFrame) -> list[Rule]:
    return [
        *_required("program_id", "name", "type", "start_date", "end_date", "jp"),
        _parsed_ok("start_date", "not_a_date"),
        _parsed_ok("end_date", "not_a_date"),
        _parsed_ok("jp", "not_a_number"),
        _parsed_ok("cost_idr", "not_a_number"),
        rule(
            expect.ExpectColumnPairValuesAToBeGreaterThanB,
            "dates_out_of_order",
            "end_date",
            column_A="end_date",
            column_B="start_date",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        rule(expect.ExpectColumnValuesToBeBetween, "out_of_range", "jp", column="jp", min_value=0),
        rule(
            expect.ExpectColumnValuesToBeBetween,
            "out_of_range",
            "cost_idr",
            column="cost_idr",
            min_value=0,
        ),
    ]


def _prepare_instruments(raw: pd.DataFrame) -> pd.DataFrame:
    frame = raw.copy()
    frame["instrument"] = blank_to_na(frame["instrument"])
    frame["kind"] = blank_to_na(frame["kind"]).str.lower()
    frame["label"] = blank_to_na(frame["label"]).fillna(frame["instrument"])
    frame["categories"] = blank_to_na(frame["categories"])
    for column in ("scale_min", "scale_max", "level"):
        frame = _with_parsed(frame, column, parse_number(raw[column]))
    return frame


def _instrument_rules(_: pd.DataFrame) -> list[Rule]:
    return [
        *_required("instrument", "kind"),
        rule(
            expect.ExpectColumnValuesToBeInSet,
            "unknown_kind",
            "kind",
            column="kind",
            value_set=list(KINDS),
        ),
        _parsed_ok("scale_min", "not_a_number"),
        _parsed_ok("scale_max", "not_a_number"),
        _parsed_ok("level", "not_a_number"),
        rule(
            expect.ExpectColumnPairValuesAToBeGreaterThanB,
            "scale_out_of_order",
            "scale_max",
            column_A="scale_max",
            column_B="scale_min",
            or_equal=False,
            ignore_row_if="either_value_is_missing",
        ),
        rule(
            expect.ExpectColumnValuesToBeBetween,
            "out_of_range",
            "level",
            column="level",
            min_value=1,
            max_value=4,
        ),
    ]


def _nip_columns(frame: pd.DataFrame, raw_nip: pd.Series) -> pd.DataFrame:
    frame["nip"] = blank_to_na(clean_nip(raw_nip))
    frame["nip__as_number"] = nip_stored_as_number(raw_nip)
    structured = frame["nip"].fillna("").str.match(NIP_PATTERN)
    # A missing or number-mangled NIP is reported by its own rule, not again as invalid.
    frame["nip__invalid"] = ~(
        (structured & nip_birth_date(frame["nip"]).notna())
        | frame["nip"].isna()
        | frame["nip__as_number"]
    )
    return frame


def _nip_rules() -> list[Rule]:
    return [
        *_required("nip"),
        _flag_false("nip__as_number", "nip_stored_as_number", "nip"),
        _flag_false("nip__invalid", "nip_invalid", "nip"),
    ]


def _prepare_participants(raw: pd.DataFrame) -> pd.DataFrame:
    frame = _nip_columns(raw.copy(), raw["nip"])
    for column in ("name", "unit", "rank", "position"):
        frame[column] = blank_to_na(frame[column])
    return frame


def _participant_rules(_: pd.DataFrame) -> list[Rule]:
    return _nip_rules()


def _prepare_scores(raw: pd.DataFrame, instruments: pd.DataFrame) -> pd.DataFrame:
    frame = _nip_columns(raw.copy(), raw["nip"])
    frame["program_id"] = blank_to_na(frame["program_id"])
    frame["instrument"] = blank_to_na(frame["instrument"])
    frame["phase"] = normalise_label(raw["phase"], PHASE_SYNONYMS)
    frame["phase__given"] = blank_to_na(raw["phase"])
    frame["phase__unknown"] = frame["phase__given"].notna() & frame["phase"].isna()
    frame["group"] = normalise_label(raw["group"], GROUPS)
    frame = _with_parsed(frame, "assessed_on", parse_date(raw["assessed_on"]))
    scale = instruments.set_index("instrument")
    kind = frame["instrument"].map(scale["kind"])
    numeric = parse_number(raw["score"]).where(kind.eq("numeric").fillna(False))
    labelled = _category_positions(raw["score"], frame["instrument"], scale)
    frame["score"] = numeric.fillna(labelled)
    frame["score__given"] = blank_to_na(raw["score"])
    missed = frame["score__given"].notna() & frame["score"].isna()
    frame["score__unparsed"] = missed & kind.eq("numeric").fillna(False)
    frame["score__unknown_category"] = missed & kind.isin(["ordinal", "binary"])
    frame["scale_min"] = frame["instrument"].map(scale["scale_min"]).astype("float64")
    frame["scale_max"] = frame["instrument"].map(scale["scale_max"]).astype("float64")
    return frame


def _category_positions(score: pd.Series, instrument: pd.Series, scale: pd.DataFrame) -> pd.Series:
    """Ordinal and binary scores arrive as labels; store their 1-based position in `categories`."""
    positions = pd.Series(float("nan"), index=score.index)
    labelled = scale[scale["kind"].isin(["ordinal", "binary"]) & scale["categories"].notna()]
    for name, categories in labelled["categories"].items():
        order = {
            label.strip().lower(): float(i)
            for i, label in enumerate(categories.split(";"), start=1)
        }
        mask = instrument.eq(name).fillna(False)
        positions[mask] = score[mask].astype("string").str.strip().str.lower().map(order)
    return positions


def _score_rules(programs: pd.DataFrame, instruments: pd.DataFrame) -> list[Rule]:
    return [
        *_nip_rules(),
        *_required("program_id", "instrument", "phase__given", "score__given"),
        rule(
            expect.ExpectColumnValuesToBeInSet,
            "unknown_program",
            "program_id",
            column="program_id",
            value_set=sorted(programs["program_id"]),
        ),
        rule(
            expect.ExpectColumnValuesToBeInSet,
            "unknown_instrument",
            "instrument",
            column="instrument",
            value_set=sorted(instruments["instrument"]),
        ),
        _flag_false("phase__unknown", "unknown_phase", "phase"),
        rule(expect.ExpectColumnValuesToNotBeNull, "unknown_group", "group", column="group"),
        _parsed_ok("assessed_on", "not_a_date"),
        _parsed_ok("score", "not_a_number"),
        _flag_false("score__unknown_category", "unknown_category", "score"),
        rule(
            expect.ExpectColumnPairValuesAToBeGreaterThanB,
            "score_outside_scale",
            "score",
            column_A="score",
            column_B="scale_min",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
        rule(
            expect.ExpectColumnPairValuesAToBeGreaterThanB,
            "score_outside_scale",
            "score",
            column_A="scale_max",
            column_B="score",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        ),
    ]
