"""Registration documents: the upload core's checks on a plain form, then the file store."""

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal import storage
from portal.extensions import db
from portal.models import Cuenta, DocumentoCuenta, Membresia, User
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
    return [
        _store(cuenta, user, tipo, file)
        for tipo in DOCUMENTOS_REGISTRO
        if (file := files.get(tipo)) is not None and file.filename
    ]


# --- evidence for a request to an account without Administrador ------------------------------

EVIDENCE = "autorizacion_administrador"
MISSING_EVIDENCE = (
    "Esta cuenta todavía no tiene Administrador en el portal: adjunte el documento de "
    "autorización del usuario administrador, firmado por el ordenador del gasto o el "
    "representante legal (preferiblemente en PDF)."
)


def evidence_problem(file: FileStorage | None) -> str | None:
    """Why the evidence of a first-Administrador request cannot be taken, or None."""
    if file is None or not file.filename:
        return MISSING_EVIDENCE
    try:
        check_file(file)
    except validation.UploadRefused as error:
        return str(error)
    return None


def store_evidence(membresia: Membresia, file: FileStorage) -> DocumentoCuenta:
    """Keep the (already checked) evidence with the account, tied to the request it backs."""
    return _store(membresia.cuenta, membresia.usuario, EVIDENCE, file, membresia)


def evidence_of(membresias: list[Membresia]) -> dict[int, list[DocumentoCuenta]]:
    """The evidence attached to each of these requests."""
    ids = [m.id for m in membresias]
    found: dict[int, list[DocumentoCuenta]] = {membresia_id: [] for membresia_id in ids}
    if ids:
        query = select(DocumentoCuenta).where(DocumentoCuenta.membresia_id.in_(ids))
        for documento in db.session.scalars(query.order_by(DocumentoCuenta.id)):
            found[documento.membresia_id].append(documento)
    return found


def _store(
    cuenta: Cuenta, user: User, tipo: str, file: FileStorage, membresia: Membresia | None = None
) -> DocumentoCuenta:
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
        membresia=membresia,
    )
    db.session.add(documento)
    return documento
