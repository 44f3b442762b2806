"""CSV line ends: a lone CR is a line break everywhere, as in Excel; the run never fails on it,
the rows it cuts are quarantined with a reason naming it, and row numbers follow Excel's rows.
DuckDB's own error reaches the user, never the aborted transaction that follows it."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
from conftest import extract, load_inbox, nip, score_rows, write_inbox
from openpyxl import Workbook

from evaluasi.sources.extract import SourceError

HEADER = "nip,program_id,instrument,phase,score"


def rows(con, *names: str) -> list[tuple]:
    selected = ", ".join(f'"{name}"' for name in names)
    return con.execute(f"SELECT {selected} FROM raw ORDER BY source_row").fetchall()


def score_lines(count: int) -> list[bytes]:
    return [f"{nip(i)},P-A,knowledge_test,pre,{50 + i}".encode() for i in range(1, count + 1)]


@pytest.mark.parametrize(
    ("broken", "cut"),
    [
        # A CR pasted mid-value; once DuckDB refused the mix and the run failed with a masked
        # TransactionException.
        (b"knowledge_test", b"know\rledge_test"),
        # A CR at the start of a field; once split silently, with no word of why.
        (b",knowledge_test", b",\rknowledge_test"),
    ],
)
def test_a_lone_cr_breaks_the_row_as_excel_does_and_the_run_goes_on(tmp_path, broken, cut):
    inbox = write_inbox(tmp_path / "inbox")
    path = inbox / "scores.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(broken, cut, 1)  # spreadsheet row 4
    path.write_bytes(b"\n".join(lines))

    loaded = load_inbox(inbox)  # inside a transaction, as the pipeline runs it

    quarantined = loaded.quarantine
    assert list(quarantined["source_row"]) == [4, 5]
    assert set(quarantined["reason"]) == {"malformed_row"}
    assert quarantined["detail"].str.contains("lone carriage return (CR)", regex=False).all()
    # Excel shows the rows after the break one lower down: so do the row numbers.
    ours = loaded.scores[loaded.scores["source"] == "scores.csv"]
    assert 4 not in set(ours["source_row"]) and 5 not in set(ours["source_row"])
    assert sorted(ours["source_row"])[:3] == [2, 3, 6]
    assert sorted(ours["source_row"])[-1] == len(score_rows()) + 2
    ledger = loaded.source_files.set_index("source")
    assert ledger.loc["scores.csv", "rows_read"] == len(score_rows()) + 1
    assert (ledger["rows_read"] == ledger["rows_loaded"] + ledger["rows_quarantined"]).all()


def test_rows_a_lone_cr_cuts_into_fitting_halves_load_with_excels_numbers(con, tmp_path):
    # `a,b\rc,d` under a two-column header is two rows in Excel; both fit, so both load.
    path = tmp_path / "scores.csv"
    path.write_bytes(b"nip,score\n1,2\n3,4\r5,6\n7,8\n")
    result = extract(con, path)
    assert rows(con, "nip", "score", "source_row") == [
        ("1", "2", 2),
        ("3", "4", 3),
        ("5", "6", 4),
        ("7", "8", 5),
    ]
    assert result.malformed == () and result.rows_read == 4


def test_quoted_cr_and_lf_stay_inside_their_value(con, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(b'nip,comment\n1,"pagi\rsiang"\n2,"satu\ndua"\n3,"a\r\nb"\n4,x\n')
    result = extract(con, path)
    assert rows(con, "nip", "comment", "source_row") == [
        ("1", "pagi\rsiang", 2),
        ("2", "satu\ndua", 3),
        ("3", "a\r\nb", 4),
        ("4", "x", 5),
    ]
    assert result.malformed == ()


def test_a_file_ending_lines_with_cr_alone_reads_normally(con, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(b"\r".join([HEADER.encode(), *score_lines(3)]) + b"\r")
    result = extract(con, path, HEADER.split(","))
    assert [row[1] for row in rows(con, "nip", "source_row")] == [2, 3, 4]
    assert result.malformed == () and result.rows_read == 3


def test_crlf_and_lf_lines_mixed_read_as_rows(con, tmp_path):
    # Two exports pasted together: one wrote CRLF, the other LF.
    path = tmp_path / "scores.csv"
    lines = score_lines(4)
    path.write_bytes(HEADER.encode() + b"\r\n" + b"\r\n".join(lines[:2]) + b"\n" + lines[2])
    path.write_bytes(path.read_bytes() + b"\n" + lines[3] + b"\r\n")
    result = extract(con, path, HEADER.split(","))
    assert [row[0] for row in rows(con, "source_row")] == [2, 3, 4, 5]
    assert result.malformed == ()


def test_a_row_a_lone_cr_cuts_is_quarantined_with_its_own_text(con, tmp_path):
    path = tmp_path / "scores.csv"
    path.write_bytes(b"nip,name,unit\r\n1,Sri\rRahayu,BKD\r\n2,Budi,BKD\r\n")
    result = extract(con, path)
    assert [(row.source_row, row.text) for row in result.malformed] == [
        (2, "1,Sri"),
        (3, "Rahayu,BKD"),
    ]
    assert all("lone carriage return (CR)" in row.problem for row in result.malformed)
    assert rows(con, "nip", "source_row") == [("2", 4)]


# DuckDB's error, not the aborted transaction --------------------------------------------------


def starved(con) -> duckdb.DuckDBPyConnection:
    """`con` inside a transaction, with too little memory for DuckDB to load a file."""
    con.execute("SET memory_limit = '2MB'")
    con.execute("SET threads = 1")
    con.execute("BEGIN")
    return con


def test_duckdbs_own_error_in_the_csv_reader_is_not_hidden_by_its_cleanup(con, tmp_path):
    # The load fails for want of memory and aborts the transaction; the reader's cleanup once
    # raised "Current transaction is aborted" instead of DuckDB's reason.
    path = tmp_path / "scores.csv"
    lines = "".join(
        f"{nip(i % 999)},P-A,knowledge_test,pre,{i % 100},{'x' * 200}\n" for i in range(50_000)
    )
    path.write_text(HEADER + ",comment\n" + lines, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        extract(starved(con), path)
    message = str(caught.value)
    assert message.startswith(f"{path}: DuckDB failed while loading it (Out of Memory Error")
    assert "aborted" not in message
    con.execute("ROLLBACK")


def test_duckdbs_own_error_in_the_xlsx_reader_is_not_hidden_by_its_cleanup(con, tmp_path):
    book = Workbook()
    book.active.append(["nip", "score", "comment"])
    for i in range(20_000):
        book.active.append([nip(i % 999), str(i % 100), "x" * 200])
    path = tmp_path / "scores.xlsx"
    book.save(path)
    with pytest.raises(SourceError) as caught:
        extract(starved(con), path)
    message = str(caught.value)
    assert message.startswith(f"{path}: DuckDB failed while loading it (Out of Memory Error")
    con.execute("ROLLBACK")


def test_a_bad_record_inside_a_transaction_is_explained_not_aborted(tmp_path):
    # DuckDB's strict reader refuses a record with too many fields; inside the caller's
    # transaction that refusal must not abort it: the record is quarantined, the rest loads.
    inbox = write_inbox(tmp_path / "inbox")
    path = inbox / "scores.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    text = path.read_text(encoding="utf-8").splitlines()
    text.insert(3, text[3] + ",extra,fields,here")
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    loaded = load_inbox(inbox)
    assert list(loaded.quarantine["source_row"]) == [4]
    assert len(loaded.scores) == len(frame)
