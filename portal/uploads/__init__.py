"""The upload core: resumable (tus 1.0) and plain uploads, checked, then stored by content.

Features plug in through ``register_purpose``; importing this package registers the built-in
purposes.
"""

# Importing a purpose's module registers it.
from portal.uploads import (  # noqa: F401
    documento_contrato,
    documento_entidad,
    documento_proceso,
    factura_pago,
)
from portal.uploads.purposes import CompletedUpload, register_purpose

__all__ = ["CompletedUpload", "register_purpose"]
