"""NIP (Nomor Induk Pegawai): the structure every valid NIP has.

A NIP is 18 digits: birth date YYYYMMDD, appointment (TMT) year and month YYYYMM, sex digit
(1 male, 2 female) and a 3-digit serial. PPPK numbers carry `21` where a PNS NIP has the
appointment month. A NIP is text: once a spreadsheet stored it as a number, its last digits are
gone and cannot be recovered, so such values are rejected, never repaired.

The row rules that clean and judge NIPs run in DuckDB (`evaluasi/sql/macros.sql`: `clean_nip`,
`nip_stored_as_number`, `nip_problem`); this pattern is the independent check of the loaded
tables' contract (`validation/contract.py`) and of published files.
"""

from __future__ import annotations

# Month 01-12 for PNS appointments, 21 for PPPK; birth and appointment years 19xx/20xx.
NIP_PATTERN = (
    r"^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    r"(?:19|20)\d{2}(?:0[1-9]|1[0-2]|21)[12]\d{3}$"
)
