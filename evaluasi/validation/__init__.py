"""Validation of the canonical tables: Great Expectations suites, duplicates, quarantine."""

from evaluasi.validation.validate import Validated, validate_tables

__all__ = ["Validated", "validate_tables"]
