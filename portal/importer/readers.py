"""Stream records out of CSV and JSON files in constant memory, whatever their encoding.

datos.gov.co serves UTF-8, portal exports opened in Excel come back as cp1252/ISO-8859-1,
and the SODA API answers a JSON array of objects. Every reader yields ``(where, record)``:
``where`` is the line (CSV) or the record number (JSON) a person can look up in the file.
"""

import codecs
import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import ijson

from portal.text_encoding import detect_encoding

SNIFF_BYTES = 1024 * 1024

# The API writes a few fields (urlproceso) as objects; csv.field_size_limit's 128 KB default
# is too small for some long process descriptions.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class Source:
    """An open file: its kind, header, and how far the reader has got (for progress bars)."""

    path: Path
    kind: str  # "csv" | "json"
    encoding: str
    header: list[str]
    records: Iterator[tuple[str, dict[str, Any]]]
    _raw: BinaryIO
    _stream: Any  # the outermost wrapper; closing it closes the file

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def position(self) -> int:
        return self._raw.tell() if not self._raw.closed else self.size

    def close(self) -> None:
        self._stream.close()


def open_source(path: Path) -> Source:
    """Open a CSV or JSON file for streaming; the header is read, the records are not.

    Text is decoded with errors="replace": only a file whose encoding changes after the first
    megabyte could show a replacement character, instead of stopping the import.
    """
    raw = open(path, "rb")  # noqa: SIM115 - closed by Source.close()
    sample = raw.read(SNIFF_BYTES)
    raw.seek(0)
    encoding = detect_encoding(sample)
    if sample.lstrip(codecs.BOM_UTF8).lstrip()[:1] in (b"[", b"{"):
        stream = raw if encoding.startswith("utf-8") else _Utf8Recoder(raw, encoding)
        header, records = _json_records(stream, encoding)
        return Source(path, "json", encoding, header, records, raw, stream)
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
    header, records = _csv_records(stream)
    return Source(path, "csv", encoding, header, records, raw, stream)


def _csv_records(text: io.TextIOWrapper):
    reader = csv.reader(text)
    header = [name.strip().lstrip("\ufeff") for name in next(reader, [])]

    def records() -> Iterator[tuple[str, dict[str, Any]]]:
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                yield str(start), dict(zip(header, row, strict=False))
            start = reader.line_num + 1

    return header, records()


def _json_records(stream, encoding: str):
    if encoding == "utf-8-sig":
        stream.read(len(codecs.BOM_UTF8))
    items = ijson.items(stream, "item", use_float=False)
    first = next(items, None)
    header = list(first) if isinstance(first, dict) else []

    def records() -> Iterator[tuple[str, dict[str, Any]]]:
        if first is None:
            return
        yield "registro 1", first
        for number, item in enumerate(items, start=2):
            yield f"registro {number}", item if isinstance(item, dict) else {}

    return header, records()


class _Utf8Recoder(io.RawIOBase):
    """Present a cp1252 byte stream as UTF-8 bytes, chunk by chunk, for the JSON parser."""

    def __init__(self, raw: BinaryIO, encoding: str):
        super().__init__()
        self._text = io.TextIOWrapper(raw, encoding=encoding, errors="replace")
        self._pending = b""

    def close(self) -> None:
        self._text.close()
        super().close()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._pending) < size:
            chunk = self._text.read(64 * 1024)
            if not chunk:
                break
            self._pending += chunk.encode("utf-8")
        if size < 0:
            size = len(self._pending)
        out, self._pending = self._pending[:size], self._pending[size:]
        return out
