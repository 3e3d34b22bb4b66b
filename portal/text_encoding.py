"""Tell how an uploaded or imported text file is encoded.

Files come from datos.gov.co (UTF-8) and from Excel in Colombia (cp1252), so both the SECOP
importer and the PAA import read them with the same guess.
"""

import codecs


def detect_encoding(sample: bytes) -> str:
    """Return the encoding of a file from its first bytes: UTF-8 (with or without BOM) or cp1252."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        # cp1252 is what Excel writes in Colombia; it reads ISO-8859-1 text the same way.
        return "cp1252"
    return "utf-8"
