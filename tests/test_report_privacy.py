"""Nothing published names a person: no NIP and no name of the demo inbox, in any file of the
run folder (HTML, CSV, JSON, JavaScript, and inside results.xlsx)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest
from test_report_browser import publish_demo


def published_texts(folder: Path) -> dict[Path, str]:
    texts = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                texts[path] = "\n".join(book.read(n).decode("utf-8") for n in book.namelist())
        else:
            texts[path] = path.read_bytes().decode("utf-8", errors="replace")
    return texts


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("privacy")
    return root / "inbox", publish_demo(root)


def test_no_nip_or_name_of_the_inbox_is_published(published: tuple[Path, Path]) -> None:
    inbox, folder = published
    people = pd.read_csv(inbox / "participants.csv", dtype=str)
    scores = pd.read_csv(inbox / "scores.csv", dtype=str)
    nips = set(people["nip"].dropna()) | set(scores["nip"].dropna())
    nips = {n.strip() for n in nips if len(n.strip()) == 18 and n.strip().isdigit()}
    names = {n.strip() for n in people["name"].dropna() if " " in n.strip()}
    assert len(nips) > 1000 and len(names) > 1000  # the scan has something to find
    texts = published_texts(folder)
    assert {p.name for p in texts} >= {"index.html", "results.csv", "results.xlsx"}
    for path, text in texts.items():
        assert not [n for n in nips if n in text], path
        assert not [n for n in names if n in text], path
