"""Validation: row rules in DuckDB with quarantine (stage), GX contracts (contract)."""
