"""File-name-safe, unique slugs for programme pages.

A programme id comes from agency data and can hold anything (`../../x`, spaces, accents), so a
slug keeps only lowercase ASCII letters, digits and `-`: it can never be a path separator or `..`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_LENGTH = 60
# Longer hashes are tried only when an id was crafted to collide with another id's hashed slug.
_HASH_LENGTHS = (8, 16, 64)


def slugify(value: str) -> str:
    """Lowercase ASCII letters, digits and single dashes; `program` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:_MAX_LENGTH].rstrip("-") or "program"


def _short_hash(value: str, length: int) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:length]


def assign_slugs(program_ids: Iterable[str]) -> dict[str, str]:
    """A distinct slug for every programme id; ids whose slugs clash get a short hash appended.

    The result depends only on the set of ids, not on their order, so a page keeps its name when
    rows are reordered.
    """
    ids = sorted({str(program_id) for program_id in program_ids})
    slugs = {program_id: slugify(program_id) for program_id in ids}
    for length in _HASH_LENGTHS:
        counts = Counter(slugs.values())
        clashing = [program_id for program_id in ids if counts[slugs[program_id]] > 1]
        if not clashing:
            return slugs
        for program_id in clashing:
            slugs[program_id] = f"{slugify(program_id)}-{_short_hash(program_id, length)}"
    if len(set(slugs.values())) < len(slugs):
        raise ValueError(f"programme ids {sorted(ids)!r} cannot be given distinct page names")
    return slugs
