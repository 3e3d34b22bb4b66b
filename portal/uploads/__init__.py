"""The upload core: resumable (tus 1.0) and plain uploads, checked, then stored by content.

It knows no feature: each domain declares its purposes with ``register_purpose`` and the
factory calls those declarations (``portal.register_upload_purposes``).
"""

from portal.uploads.purposes import CompletedUpload, register_purpose

__all__ = ["CompletedUpload", "register_purpose"]
