"""Mutations of the entity's processes: each one flushes and logs an event; views commit.

Portal processes get ids of their own: ``PC.REQ.<n>`` (process), ``PC.BDOS.<n>`` (portfolio)
and ``PC.PCCNTR.<n>`` (contract), where <n> is the row id. SECOP II ids all start with "CO1.",
so an imported process can never take one of ours, and row ids never repeat.
"""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select

from portal import audit, clock
from portal.errors import Refused
from portal.extensions import db
from portal.models import Documento, Entidad, Evento, Proceso, User
from portal.models.vocab import ESTADOS_PROCESO
from portal.processes import states

PREFIJO_PROCESO = "PC.REQ."
PREFIJO_PORTAFOLIO = "PC.BDOS."
# Fields the buyer edits; the before/after of every edit is logged with them.
CAMPOS_EDITABLES = (
    "referencia", "nombre", "descripcion", "modalidad", "tipo_contrato", "precio_base",
    "fecha_recepcion_ofertas", "fecha_adjudicacion", "duracion", "unidad_duracion",
    "departamento", "ciudad", "unspsc_principal", "unspsc_adicionales",
)  # fmt: skip
ESTADOS_DOCUMENTO_VIGENTE = ("borrador", "publicado", "aprobado")


def snapshot(proceso: Proceso, campos=CAMPOS_EDITABLES) -> dict[str, Any]:
    return {campo: getattr(proceso, campo) for campo in campos}


def create_process(entidad: Entidad, datos: dict[str, Any], actor: User, rol: str) -> Proceso:
    """A new draft owned by ``entidad``; only the entity sees it until it is published."""
    proceso = Proceso(
        entidad=entidad,
        # Placeholder until the row id exists (the column is unique and not null).
        id_del_proceso=f"PC.TMP.{uuid.uuid4().hex}",
        estado="borrador",
        estado_publicado=ESTADOS_PROCESO["borrador"],
        origen="portal",
        **datos,
    )
    db.session.add(proceso)
    db.session.flush()
    proceso.id_del_proceso = f"{PREFIJO_PROCESO}{proceso.id}"
    proceso.id_del_portafolio = f"{PREFIJO_PORTAFOLIO}{proceso.id}"
    audit.record(
        "proceso.creado",
        proceso,
        f"Creó el borrador del proceso {proceso.referencia}",
        cambios=audit.diff({}, snapshot(proceso)),
        actor=actor,
        actor_rol=rol,
    )
    return proceso


def edit_process(proceso: Proceso, datos: dict[str, Any], actor: User, rol: str) -> dict:
    """Apply the form's values; return the changes ({} when nothing changed, nothing logged)."""
    if not states.is_editable(proceso):
        raise Refused(f"Un proceso {states.label(proceso.estado).lower()} ya no se puede editar.")
    before = snapshot(proceso)
    for campo, valor in datos.items():
        setattr(proceso, campo, valor)
    cambios = audit.diff(before, snapshot(proceso))
    if cambios:
        publico = proceso.estado != "borrador"
        if publico:
            proceso.fecha_ultima_publicacion = clock.now()
        audit.record(
            "proceso.editado",
            proceso,
            f"Modificó {', '.join(sorted(cambios))} del proceso {proceso.referencia}",
            cambios=cambios,
            publico=publico,
            actor=actor,
            actor_rol=rol,
        )
    return cambios


def current_documents(proceso: Proceso) -> list[Documento]:
    """The process's own documents (not its contracts'), not removed nor rejected."""
    return list(
        db.session.scalars(
            select(Documento)
            .where(
                Documento.proceso_id == proceso.id,
                Documento.contrato_id.is_(None),
                Documento.estado.in_(ESTADOS_DOCUMENTO_VIGENTE),
            )
            .order_by(Documento.cargado_en, Documento.id)
        )
    )


def publication_requirements(proceso: Proceso) -> list[str]:
    """What is still missing to publish, in Spanish (empty when it can be published)."""
    faltan = []
    if not proceso.nombre.strip():
        faltan.append("el nombre u objeto del proceso")
    if not proceso.modalidad or not proceso.tipo_contrato:
        faltan.append("la modalidad y el tipo de contrato")
    if not proceso.precio_base or proceso.precio_base <= 0:
        faltan.append("el precio base")
    if not proceso.unspsc_principal:
        faltan.append("el código UNSPSC principal")
    if proceso.fecha_recepcion_ofertas is None:
        faltan.append("la fecha límite de recepción de ofertas")
    elif proceso.fecha_recepcion_ofertas <= clock.now():
        faltan.append("una fecha límite de recepción de ofertas futura (la actual ya pasó)")
    tipos = {d.tipo for d in current_documents(proceso)}
    faltan += [f"el documento «{e}»" for e in states.missing_documents(proceso, "publicado", tipos)]
    return faltan


def change_state(proceso: Proceso, clave: str, motivo: str, actor: User, rol: str) -> Evento:
    """Apply a transition of the generic state form (not the award nor the contract)."""
    transicion = states.check(proceso, clave)
    if transicion.por_formulario:
        raise Refused("Esta acción tiene su propio formulario.")
    motivo = (motivo or "").strip()
    if transicion.pide_motivo and len(motivo) < 10:
        raise Refused(
            "Escriba el motivo (al menos 10 caracteres): se publica con el cambio de estado."
        )
    if clave == "publicar":
        return publish(proceso, actor, rol)
    hacia = transicion.hacia or state_before_suspension(proceso)
    return move(proceso, hacia, f"{transicion.boton}: {motivo}" if motivo else transicion.boton,
                 motivo, actor, rol)  # fmt: skip


def publish(proceso: Proceso, actor: User, rol: str) -> Evento:
    """Publish the draft and every document attached to it, at one instant."""
    faltan = publication_requirements(proceso)
    if faltan:
        raise Refused("Para publicar el proceso falta: " + "; ".join(faltan) + ".")
    ahora = clock.now()
    proceso.fecha_publicacion = ahora
    evento = move(proceso, "publicado", "Publicó el proceso", "", actor, rol)
    for documento in current_documents(proceso):
        if documento.estado == "borrador":
            publish_document(documento, ahora, actor, rol)
    return evento


def publish_document(documento: Documento, ahora: datetime, actor: User, rol: str) -> None:
    documento.estado = "publicado"
    documento.revisado_por_id, documento.revisado_en = actor.id, ahora
    audit.record(
        "documento.publicado",
        documento,
        f"Publicó «{documento.nombre_archivo}»",
        cambios={"estado": ["borrador", "publicado"]},
        publico=True,
        actor=actor,
        actor_rol=rol,
    )


def move(proceso: Proceso, hacia: str, descripcion: str, motivo: str, actor, rol) -> Evento:
    """Set the new state (public from here on) and log it with its before/after."""
    before = snapshot(proceso, ("estado", "estado_motivo"))
    proceso.estado = hacia
    proceso.estado_publicado = ESTADOS_PROCESO[hacia]
    proceso.estado_motivo = motivo
    proceso.fecha_ultima_publicacion = clock.now()
    return audit.record(
        f"proceso.{hacia}",
        proceso,
        descripcion,
        cambios=audit.diff(before, snapshot(proceso, ("estado", "estado_motivo"))),
        publico=True,
        actor=actor,
        actor_rol=rol,
    )


def state_before_suspension(proceso: Proceso) -> str:
    """Resume where the process was: the "before" of its latest suspension event."""
    evento = db.session.scalar(
        select(Evento)
        .where(Evento.proceso_id == proceso.id, Evento.accion == "proceso.suspendido")
        .order_by(Evento.creado_en.desc(), Evento.id.desc())
        .limit(1)
    )
    antes = (evento.cambios or {}).get("estado", [None])[0] if evento else None
    return antes if antes in states.TRANSICIONES["suspender"].desde else "publicado"
