"""Reading a published page as a reader sees it: its sections, tables, tiles and the data of its
charts, and the numbers in them as numbers (Indonesian `1.234,5` or English `1,234.5`).

Independent of the report code: it parses the HTML with the standard library and the numbers
with its own rules, so a test that compares what it reads with results.csv checks the page,
not the formatter against itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# A number as the report writes it: an optional sign (+, -, the true minus), digits with
# thousands separators and decimals.
_NUMBER = re.compile(r"(?<![\w.,])([+\-\u2212]?)(\d+(?:[.,]\d+)*)")


@dataclass(frozen=True)
class Shown:
    """A number as shown: its value and how many decimals it was written with."""

    value: float
    decimals: int

    def agrees(self, expected: float, scale: float = 1.0) -> bool:
        """Whether `expected * scale`, rounded as shown, is this number."""
        target = expected * scale
        return abs(target - self.value) <= 0.5 * 10 ** (-self.decimals) + 1e-9 * max(
            1.0, abs(target)
        )


def numbers(text: str, lang: str) -> list[Shown]:
    """Every number in `text`, in order."""
    found = []
    thousands, decimal = (".", ",") if lang == "id" else (",", ".")
    for sign, body in _NUMBER.findall(text):
        whole, _, fraction = body.partition(decimal)
        digits = whole.replace(thousands, "")
        value = float(f"{digits}.{fraction}" if fraction else digits)
        found.append(Shown(-value if sign in ("-", "\u2212") else value, len(fraction)))
    return found


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in ("script", "style"):
                parts.append(child.text)
        return " ".join(" ".join(parts).split())

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        found = []
        for child in self.children:
            if isinstance(child, str):
                continue
            if (tag is None or child.tag == tag) and all(
                value in child.attrs.get(name.rstrip("_"), "").split()
                if name.rstrip("_") == "class"
                else child.attrs.get(name.rstrip("_")) == value
                for name, value in attrs.items()
            ):
                found.append(child)
            found.extend(child.find_all(tag, **attrs))
        return found

    def find(self, tag: str | None = None, **attrs: str) -> Element | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def by_id(self, identifier: str) -> Element:
        found = self.find(id=identifier)
        assert found is not None, f"no element with id {identifier!r}"
        return found

    def table_rows(self) -> list[list[str]]:
        """The rows of this table (or of the first table in it) as cell texts."""
        table = self if self.tag == "table" else self.find("table")
        assert table is not None
        return [
            [
                cell.text
                for cell in row.children
                if isinstance(cell, Element) and cell.tag in ("th", "td")
            ]
            for row in table.find_all("tr")
        ]

    def pairs(self, tag: str = "dl") -> dict[str, str]:
        """The label -> value pairs of a definition list (tiles, facts)."""
        result = {}
        for item in self.find_all("div"):
            term, value = item.find("dt"), item.find("dd")
            if term is not None and value is not None:
                result[term.text] = value.text
        return result


_VOID = {"meta", "link", "br", "img", "input", "hr", "col", "area", "base", "source", "wbr"}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def figure(html: str, chart_id: str) -> dict:
    """The plotly figure embedded for `chart_id`, decoded from its inline script."""
    script = html.split(f'id="{chart_id}"')[1].split("var f = ")[1]
    return json.loads(script.split("; Plotly.newPlot")[0])
