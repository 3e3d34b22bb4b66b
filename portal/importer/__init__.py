"""Import SECOP II open data (processes, contracts) and the UNSPSC classifier."""

from portal.importer.files import import_file
from portal.importer.result import Rechazo, ResultadoArchivo
from portal.importer.unspsc import import_unspsc

__all__ = ["Rechazo", "ResultadoArchivo", "import_file", "import_unspsc"]
