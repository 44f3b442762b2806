"""A CSV export's bytes as UTF-8 text DuckDB can read, and how its lines end.

* UTF-8, with or without BOM, is read as it is. Any other file is transcoded, streaming, to a
  UTF-8 copy in the caller's temporary folder: UTF-16 when it starts with a BOM, otherwise
  Windows-1252 (the bytes 1252 leaves undefined as Latin-1, so every byte means something). A
  file mixing UTF-8 and 1252 comes out with mojibake in its UTF-8 parts; nothing is lost. The
  whole file is checked here, once, so DuckDB never meets a byte that is not UTF-8.
* NUL bytes in the first MiB mean the file is not text in any of these encodings: UTF-16
  without a BOM (every other byte NUL), which cannot be read reliably, or a binary file such
  as a workbook renamed to .csv. Both are refused with what to do.
* Line ends are counted on the way (`LineEnds`), quoted line breaks included, so the reader
  knows whether the file ends its lines in more than one way.
* `utf8_head` gives the head of that UTF-8 text without writing a copy, for checking the header
  before a run. It reads past the head only when the head cannot settle the encoding: valid
  UTF-8 that is not plain ASCII (a UTF-8 BOM included), where a later byte that is not UTF-8
  would make the whole file, its header too, 1252 text. A UTF-16 file that breaks after the
  head is refused by the full read only.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from evaluasi.sources.extract import SourceError

HEAD_BYTES = 1 << 20
_BLOCK = 1 << 22
# Share of NUL bytes at even or odd offsets above which the head is UTF-16 without a BOM.
_UTF16_NULS = 0.3


@dataclass(frozen=True)
class LineEnds:
    """How many lines end with a lone CR, with CRLF and with a lone LF."""

    cr: int = 0
    crlf: int = 0
    lf: int = 0

    @property
    def mixed(self) -> bool:
        """More than one kind: DuckDB's strict reader refuses unquoted breaks of two kinds."""
        return sum(1 for count in (self.cr, self.crlf, self.lf) if count) > 1

    @property
    def stray_cr(self) -> bool:
        """Some lines end with a lone CR in a file whose lines mostly end otherwise: a line
        break pasted into a cell, most likely, which a spreadsheet shows as a new row."""
        return 0 < self.cr < self.crlf + self.lf


class _Counter:
    """Counts line ends over consecutive blocks, a CRLF split between two blocks included."""

    def __init__(self) -> None:
        self.cr = self.crlf = self.lf = 0
        self._pending_cr = False

    def feed(self, block: bytes) -> None:
        if not block:
            return
        self.cr += block.count(b"\r")
        self.lf += block.count(b"\n")
        self.crlf += block.count(b"\r\n")
        if self._pending_cr and block.startswith(b"\n"):
            self.crlf += 1
        self._pending_cr = block.endswith(b"\r")

    def result(self) -> LineEnds:
        return LineEnds(self.cr - self.crlf, self.crlf, self.lf - self.crlf)


def read_head(path: Path) -> tuple[bytes, bool]:
    """The first MiB, cut after its last line break when the file is longer; (bytes, cut?)."""
    with path.open("rb") as handle:
        return _cut_head(handle.read(HEAD_BYTES + 1))


def _cut_head(start: bytes) -> tuple[bytes, bool]:
    """`start` (the first HEAD_BYTES + 1 bytes or fewer) as `read_head` returns it."""
    if len(start) <= HEAD_BYTES:
        return start, False
    head = start[:HEAD_BYTES]
    cut = max(head.rfind(b"\n"), head.rfind(b"\r"))
    return (head[: cut + 1] if cut >= 0 else head), True


def utf8_text(path: Path, folder: Path) -> tuple[Path, LineEnds]:
    """`path` when it is UTF-8, else its UTF-8 copy in `folder`; and its line ends.

    Raises SourceError for UTF-16 without a BOM and for binary files (see the module doc).
    """
    head, _ = read_head(path)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _transcode(path, folder, "utf-16")
    _refuse_binary(head, path)
    ends = _utf8_line_ends(path)
    if ends is None:
        return _transcode(path, folder, "cp1252")
    return path, ends


def utf8_head(path: Path) -> tuple[bytes, bool]:
    """What `read_head` would return for the file `utf8_text` gives, without writing it; the
    same SourceErrors for UTF-16 without a BOM and binary files. See the module docstring."""
    head, cut = read_head(path)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _transcoded_head(path, "utf-16")
    _refuse_binary(head, path)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=not cut)
    except UnicodeDecodeError:
        return _transcoded_head(path, "cp1252")
    if not cut or head.isascii() or _utf8_line_ends(path) is not None:
        return head, cut
    return _transcoded_head(path, "cp1252")


def _utf8_line_ends(path: Path) -> LineEnds | None:
    """The line ends of `path` when all of it is UTF-8, else None."""
    counter = _Counter()
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for block in _blocks(path):
            decoder.decode(block)
            counter.feed(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return counter.result()


def _refuse_binary(head: bytes, path: Path) -> None:
    sample = head[:4096]
    if b"\x00" not in sample:
        return
    halves = (sample[0::2], sample[1::2])
    if any(half.count(0) > _UTF16_NULS * len(half) for half in halves if half):
        raise SourceError("csv_utf16_without_bom", file=path)
    raise SourceError("csv_not_text", file=path)


def _blocks(path: Path, size: int = _BLOCK) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from iter(lambda: handle.read(size), b"")


def _cp1252_table() -> str:
    """Byte -> character: Windows-1252, and Latin-1 for the five bytes 1252 leaves undefined."""
    chars = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            chars.append(chr(byte))
    return "".join(chars)


_CP1252 = _cp1252_table()


def _transcode(source: Path, folder: Path, encoding: str) -> tuple[Path, LineEnds]:
    """Stream `source` (cp1252 or utf-16) into `folder`/utf8.csv as UTF-8, 4 MiB at a time."""
    target = folder / "utf8.csv"
    counter = _Counter()
    with target.open("wb") as writing:
        for encoded in _utf8_blocks(source, encoding, _BLOCK):
            counter.feed(encoded)
            writing.write(encoded)
    return target, counter.result()


def _transcoded_head(source: Path, encoding: str) -> tuple[bytes, bool]:
    """`read_head` of what `_transcode` would write, from as little of `source` as it takes."""
    start = bytearray()
    for encoded in _utf8_blocks(source, encoding, HEAD_BYTES):
        start += encoded
        if len(start) > HEAD_BYTES:
            break
    return _cut_head(bytes(start[: HEAD_BYTES + 1]))


def _utf8_blocks(source: Path, encoding: str, size: int) -> Iterator[bytes]:
    """`source` (cp1252 or utf-16) as UTF-8, block by block. SourceError when UTF-16 breaks:
    an odd byte out, a broken surrogate."""
    decoder = codecs.getincrementaldecoder("utf-16")() if encoding == "utf-16" else None
    try:
        for index, block in enumerate(_blocks(source, size)):
            if decoder is not None:
                text = decoder.decode(block)
            else:
                if index == 0 and block.startswith(codecs.BOM_UTF8):
                    block = block[len(codecs.BOM_UTF8) :]  # a BOM on a 1252 file: drop it
                text = codecs.charmap_decode(block, "strict", _CP1252)[0]
            yield text.encode("utf-8")
        if decoder is not None:
            yield decoder.decode(b"", final=True).encode("utf-8")
    except UnicodeDecodeError:
        raise SourceError("csv_utf16_broken", file=source) from None
