"""Registration documents: the upload core's checks on a plain form, then the file store."""

from werkzeug.datastructures import FileStorage

from portal import storage
from portal.extensions import db
from portal.models import Cuenta, DocumentoCuenta, User
from portal.models.registration import DOCUMENTOS_REGISTRO
from portal.uploads import validation
from portal.uploads.plain import size_of
from portal.uploads.sessions import max_bytes

MISSING = (
    "Adjunte este documento: es obligatorio para registrar la cuenta (preferiblemente en PDF)."
)


def document_problems(files: dict[str, FileStorage | None]) -> dict[str, str]:
    """Check every attached file before storing any; return {tipo: Spanish problem}."""
    problems = {}
    for tipo, (_label, obligatorio) in DOCUMENTOS_REGISTRO.items():
        file = files.get(tipo)
        if file is None or not file.filename:
            if obligatorio:
                problems[tipo] = MISSING
            continue
        try:
            check_file(file)
        except validation.UploadRefused as error:
            problems[tipo] = str(error)
    return problems


def check_file(file: FileStorage) -> None:
    """The same name, size and content rules as every other upload of the portal."""
    name = validation.safe_name(file.filename)
    validation.check_upload(name, size_of(file.stream), max_bytes())
    validation.check_content(name, file.stream.read(validation.SNIFF_BYTES))
    file.stream.seek(0)


def store_documents(
    cuenta: Cuenta, user: User, files: dict[str, FileStorage | None]
) -> list[DocumentoCuenta]:
    """Store the (already checked) files and add one DocumentoCuenta per file."""
    stored = []
    for tipo in DOCUMENTOS_REGISTRO:
        file = files.get(tipo)
        if file is None or not file.filename:
            continue
        saved = storage.save_stream(file.stream, max_bytes=max_bytes())
        name = validation.safe_name(file.filename)
        documento = DocumentoCuenta(
            cuenta=cuenta,
            tipo=tipo,
            nombre_archivo=name,
            content_type=validation.content_type_for(name),
            tamano=saved.size,
            sha256=saved.sha256,
            cargado_por=user,
        )
        db.session.add(documento)
        stored.append(documento)
    return stored
