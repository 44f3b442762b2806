"""DuckDB helpers the readers share: quoting, paths DuckDB will not take for globs, cleanup
that never hides the error it cleans up after, and DuckDB's own reason for a failure."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

import duckdb


def quote(identifier: str) -> str:
    """A DuckDB identifier, quoted."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A DuckDB string literal, for table-function arguments that take no parameters."""
    return "'" + text.replace("'", "''") + "'"


def reason(error: BaseException) -> str:
    """The first line of an error: DuckDB names the file and what it found there.

    Only the first line, because DuckDB's CSV errors go on with `Original Line: ...`, the row's
    own text, which may hold a NIP or a name and must not leave the restricted data area.
    """
    lines = str(error).strip().splitlines()
    return lines[0].strip() if lines else type(error).__name__


class Cleanup:
    """Statements run when the block ends, however it ends (helper tables to drop, a setting
    to restore).

    Once a statement fails, DuckDB refuses every further one in the caller's transaction
    ("Current transaction is aborted"). Cleanup in a plain `finally:` would then raise that
    instead of the error that caused it, which is the one that names the file. So when the
    block failed, a cleanup statement that fails too is passed over: the caller's rollback
    undoes what it would have undone. When the block succeeded, cleanup errors are raised.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.statements: list[str] = []

    def add(self, statement: str) -> None:
        self.statements.append(statement)

    def __enter__(self) -> Cleanup:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for statement in self.statements:
            if error is None:
                self.con.execute(statement)
                continue
            with contextlib.suppress(duckdb.Error):
                self.con.execute(statement)


@contextmanager
def plain_path(path: Path) -> Iterator[Path]:
    """`path`, or a link to it without `*?[{`, which DuckDB's readers take for glob patterns."""
    if not any(char in str(path) for char in "*?[{"):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="evaluasi-") as folder:
        link = Path(folder) / f"file{path.suffix.lower()}"
        try:
            link.symlink_to(path.resolve())
        except OSError:  # no symlinks here (some Windows setups): a copy reads the same
            shutil.copyfile(path, link)
        yield link
