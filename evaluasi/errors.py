"""Errors told in the user's language: mistakes a user can put right, and failed runs.

An `EvaluasiError` carries the catalogue key of its message (`error_<key>` in `messages`) and the
fields that fill it: the file, row and column, the setting, what to do. Its text is chosen when
it is shown (`text(lang)`), so the console, the Prefect log and an e-mail can each say it in the
run's language; `str(error)` is the English text. Fields never hold a value read from a data
row: an error leaves the restricted data area (console, logs, e-mail), and a row's values
(NIPs, names) must not.
"""

from __future__ import annotations

from typing import Any

from evaluasi.messages import t

# Exit codes of the command (README: exit codes).
EXIT_USER_ERROR = 2
EXIT_FAILURE = 1


class EvaluasiError(Exception):
    """An error whose text comes from the catalogue; see the module docstring."""

    exit_code = EXIT_FAILURE

    def __init__(self, key: str, /, **fields: Any) -> None:
        self.key = key
        self.fields = {name: _plain(value) for name, value in fields.items()}
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """The message in `lang` (`id` or `en`)."""
        return t(f"error_{self.key}", lang, **self.fields)

    def __reduce__(self) -> tuple[Any, ...]:
        # Prefect and Dask pickle exceptions between processes; Exception's own pickling would
        # call __init__ with the English text as the key.
        return (_rebuild, (type(self), self.key, self.fields))


class UserError(EvaluasiError):
    """A mistake in the input, the configuration or the command: exit code 2."""

    exit_code = EXIT_USER_ERROR


class RunFailure(EvaluasiError):
    """A run failed for a reason that is not the user's (a bug, a full disk): exit code 1. Its
    text names the stage, the error's type and the restricted log file that holds the details,
    never the original message, which may quote a row's values."""


def _rebuild(cls: type[EvaluasiError], key: str, fields: dict[str, Any]) -> UserError:
    return cls(key, **fields)


def _plain(value: Any) -> Any:
    """Paths and other objects as text; numbers stay numbers for `{row:,}`-style formats."""
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def user_text(error: BaseException, lang: str) -> str:
    """What to tell the user about `error`: its catalogue text for an EvaluasiError, else its
    type and its own first line."""
    if isinstance(error, EvaluasiError):
        return error.text(lang)
    first = str(error).strip().splitlines()
    return f"{type(error).__name__}: {first[0]}" if first else type(error).__name__
