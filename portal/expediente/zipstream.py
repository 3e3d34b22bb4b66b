"""Write a zip archive as a stream of chunks, holding at most one chunk in memory.

``zipfile`` can write to a stream that cannot seek: it then puts each member's sizes and CRC in
a data descriptor after the data, and the central directory at the end. The sink below is such
a stream; after every write the generator hands over whatever it holds.
"""

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from portal.formatting import to_bogota

CHUNK = 256 * 1024


@dataclass(frozen=True)
class Member:
    """One file of the archive: either a file on disk or a small generated payload."""

    name: str
    modified: datetime
    size: int
    path: Path | None = None
    data: bytes | None = None
    compress: bool = False


class _Sink:
    """A write-only, unseekable stream that gives back what was written since the last drain."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._offset = 0

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def stream_zip(members: Iterable[Member]) -> Iterator[bytes]:
    """Yield the bytes of a zip holding ``members``, in order, without building it in memory."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w") as archive:
        for member in members:
            with archive.open(_zip_info(member), mode="w") as out:
                for chunk in _content(member):
                    out.write(chunk)
                    if data := sink.drain():
                        yield data
            if data := sink.drain():
                yield data
    if data := sink.drain():
        yield data


def _zip_info(member: Member) -> zipfile.ZipInfo:
    local = to_bogota(member.modified)  # zip times carry no zone; people read local time
    date_time = (
        max(local.year, 1980),
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
    )
    info = zipfile.ZipInfo(member.name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED if member.compress else zipfile.ZIP_STORED
    info.file_size = member.size  # lets zipfile choose ZIP64 up front for files over 2 GiB
    info.external_attr = 0o644 << 16
    return info


def _content(member: Member) -> Iterator[bytes]:
    if member.data is not None:
        yield member.data
        return
    assert member.path is not None
    with member.path.open("rb") as source:
        while chunk := source.read(CHUNK):
            yield chunk
