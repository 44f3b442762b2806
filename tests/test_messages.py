"""The message catalogue: both languages say the same things."""

from __future__ import annotations

import string

import pytest

from evaluasi.messages import LANGUAGES, MESSAGES, t


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys() -> None:
    assert set(MESSAGES) == set(LANGUAGES) == {"id", "en"}
    assert set(MESSAGES["id"]) == set(MESSAGES["en"])


def test_translations_use_the_same_placeholders() -> None:
    # Indonesian writes quarters in Roman numerals (Triwulan III); the caller passes both forms.
    own_numbering = {"period_quarter"}
    for key, text in MESSAGES["id"].items():
        if key not in own_numbering:
            assert _placeholders(text) == _placeholders(MESSAGES["en"][key]), key


def test_no_markup_in_texts() -> None:
    for lang in LANGUAGES:
        for key, text in MESSAGES[lang].items():
            assert "<" not in text.replace("< 0", "").replace("<\u00a0", ""), key


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("id", ("Berdampak positif", "Belum terbukti", "Menurun", "Data belum cukup")),
        ("en", ("Positive impact", "Not shown", "Declined", "Insufficient data")),
    ],
)
def test_verdict_labels(lang: str, labels: tuple[str, ...]) -> None:
    codes = ("positive", "not_shown", "negative", "insufficient")
    assert tuple(t(f"verdict_{code}", lang) for code in codes) == labels
    for code in codes:
        explanation = t(f"verdict_{code}_explain", lang)
        assert explanation.endswith(".") and explanation.count(". ") == 0


def test_t_fills_placeholders_and_rejects_unknown_keys() -> None:
    assert t("kpi_positive_detail", "en", positive=2, total=7) == (
        "2 of 7 programme \u00d7 instrument results"
    )
    with pytest.raises(KeyError):
        t("no_such_key", "id")
    with pytest.raises(KeyError):
        t("report_title", "fr")


def test_every_note_code_the_pipeline_writes_has_a_message() -> None:
    from evaluasi.privacy import CELL_TESTS_WITHHELD, SMALL_CELLS, SUPPRESSED
    from evaluasi.results import NO_POST, SMALL_COMPARISON, SMALL_DROPOUTS
    from evaluasi.stats.comparison import COMPARISON_NOTE_CODES
    from evaluasi.stats.engine import ENGINE_NOTE_CODES
    from evaluasi.stats.notes import NOTE_CODES
    from evaluasi.stats.ordinal import CATEGORY_NOTE_CODES
    from evaluasi.stats.pooling import POOLING_NOTE_CODES
    from evaluasi.stats.subgroups import SUBGROUP_NOTE_CODES

    catalogues = (
        NOTE_CODES,
        COMPARISON_NOTE_CODES,
        CATEGORY_NOTE_CODES,
        ENGINE_NOTE_CODES,
        POOLING_NOTE_CODES,
        SUBGROUP_NOTE_CODES,
    )
    codes = [code for catalogue in catalogues for code in catalogue]
    told = [SUPPRESSED, SMALL_COMPARISON, SMALL_DROPOUTS, SMALL_CELLS, CELL_TESTS_WITHHELD, NO_POST]
    for code in [*codes, *told]:
        for lang in ("id", "en"):
            assert t(f"note_{code}", lang), (code, lang)


def test_every_quarantine_reason_has_a_message() -> None:
    from evaluasi.validation.stage import REASONS

    for code in REASONS:
        for lang in LANGUAGES:
            assert t(f"reason_{code}", lang), (code, lang)


def test_catalogue_files_put_each_language_side_by_side(tmp_path, monkeypatch) -> None:
    from evaluasi import messages

    (tmp_path / "a.toml").write_text('[k_one]\nid = "satu"\nen = "one"\n', encoding="utf-8")
    monkeypatch.setattr(messages, "_TEXTS", tmp_path)
    assert messages._catalogue_files() == {"id": {"k_one": "satu"}, "en": {"k_one": "one"}}
    (tmp_path / "b.toml").write_text('[k_one]\nid = "satu"\nen = "one"\n', encoding="utf-8")
    with pytest.raises(RuntimeError, match="defined twice"):
        messages._catalogue_files()
    (tmp_path / "b.toml").write_text('[k_two]\nid = "dua"\n', encoding="utf-8")
    with pytest.raises(RuntimeError, match="needs exactly id and en"):
        messages._catalogue_files()


def test_user_errors_speak_the_users_language_and_survive_pickling(monkeypatch) -> None:
    import pickle

    from evaluasi import errors, messages

    monkeypatch.setitem(messages.MESSAGES["id"], "error_sample", "{file}: baris {row} salah")
    monkeypatch.setitem(messages.MESSAGES["en"], "error_sample", "{file}: row {row} is wrong")
    error = errors.UserError("sample", file="a.csv", row=3)
    assert str(error) == "a.csv: row 3 is wrong"
    assert error.text("id") == "a.csv: baris 3 salah"
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.key, again.fields) == (errors.UserError, "sample", error.fields)
