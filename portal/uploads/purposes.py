"""What an upload is for: each feature registers a purpose that authorises and completes it.

The upload core knows nothing about contracts or payments. A purpose says who may send a file
for a given target (``authorize``) and what to do once the whole file is checked and stored
(``complete``: create the document, attach the invoice...). ``complete`` flushes, never commits,
and returns the URL the person is sent to (usually an "acuse de recibo").
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from portal.storage import StoredFile


@dataclass(frozen=True)
class CompletedUpload:
    """A file that arrived whole, matched its checksum and passed every check."""

    token: str
    stored: StoredFile
    original_name: str
    safe_name: str
    content_type: str


Authorize = Callable[[Any, dict[str, Any]], bool]
Complete = Callable[[Any, dict[str, Any], CompletedUpload], str]


@dataclass(frozen=True)
class Purpose:
    name: str
    authorize: Authorize
    complete: Complete


_registry: dict[str, Purpose] = {}


def register_purpose(name: str, authorize: Authorize, complete: Complete) -> Purpose:
    """Declare a purpose; registering the same name again replaces it (module reloads)."""
    purpose = Purpose(name, authorize, complete)
    _registry[name] = purpose
    return purpose


def get_purpose(name: str) -> Purpose | None:
    return _registry.get(name)
