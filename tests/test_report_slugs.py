"""Programme page names: safe characters only, distinct, stable."""

from __future__ import annotations

import re

from evaluasi.report.slugs import assign_slugs, slugify

SAFE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def test_slugify_keeps_only_safe_characters() -> None:
    assert slugify("PKP-2026/01") == "pkp-2026-01"
    assert slugify("../../x") == "x"
    assert slugify("Pelatihan Teknis Ékonomi") == "pelatihan-teknis-ekonomi"
    assert slugify("../..") == "program"
    assert slugify("中文") == "program"
    assert len(slugify("a" * 500)) <= 60


def test_hostile_ids_give_safe_distinct_slugs() -> None:
    ids = ["../../x", "x", "X", "..\\x", "/etc/passwd", "<script>alert(1)</script>", "", "."]
    slugs = assign_slugs(ids)
    assert len(set(slugs.values())) == len(ids)
    for slug in slugs.values():
        assert SAFE.fullmatch(slug), slug
        assert ".." not in slug and "/" not in slug and "\\" not in slug


def test_clashing_ids_get_a_short_hash_and_others_stay_plain() -> None:
    slugs = assign_slugs(["PKP 01", "pkp-01", "LATSAR"])
    assert slugs["LATSAR"] == "latsar"
    assert slugs["PKP 01"] != slugs["pkp-01"]
    assert all(re.fullmatch(r"pkp-01-[0-9a-f]{8}", slugs[i]) for i in ("PKP 01", "pkp-01"))


def test_slugs_do_not_depend_on_order() -> None:
    ids = ["PKP 01", "pkp-01", "LATSAR", "x"]
    assert assign_slugs(ids) == assign_slugs(list(reversed(ids)))


def test_an_id_crafted_to_match_a_hashed_slug_is_still_distinct() -> None:
    first = assign_slugs(["a", "A"])
    crafted = first["a"]
    slugs = assign_slugs(["a", "A", crafted])
    assert len(set(slugs.values())) == 3
