"""The upload core: resumable (tus 1.0) and plain uploads, checked, then stored by content.

Features plug in through ``register_purpose``; importing this package registers the built-in
purposes.
"""

from portal.uploads import documento_contrato  # noqa: F401  (registers its purpose)
from portal.uploads.purposes import CompletedUpload, register_purpose

__all__ = ["CompletedUpload", "register_purpose"]
