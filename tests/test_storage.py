"""The content-addressed store: hashing, de-duplication, size limit, no partial files."""

import hashlib
import io

import pytest

from portal import storage


def test_stream_is_stored_under_its_hash(app):
    data = b"%PDF-1.4 informe de ejecucion" * 1000
    stored = storage.save_stream(io.BytesIO(data))
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.size == len(data)
    assert storage.path_of(stored.sha256).read_bytes() == data


def test_identical_content_is_stored_once(app):
    first = storage.save_bytes(b"mismo contenido")
    second = storage.save_stream(io.BytesIO(b"mismo contenido"))
    assert first == second
    assert not any((storage.root() / "tmp").iterdir())


def test_too_large_leaves_nothing_behind(app):
    with pytest.raises(storage.FileTooLarge):
        storage.save_stream(io.BytesIO(b"x" * 5000), max_bytes=4096)
    assert not any((storage.root() / "tmp").iterdir())
    assert [p.name for p in storage.root().iterdir()] == ["tmp"]


@pytest.mark.parametrize("bad", ["../../etc/passwd", "A" * 64, "abc"])
def test_only_hex_digests_map_to_paths(app, bad):
    with pytest.raises(ValueError):
        storage.path_of(bad)
