"""Breaches (incumplimientos): registered by the entity, public from the start, with a history."""

from datetime import date

from sqlalchemy import select

from portal import audit
from portal.extensions import db
from portal.formatting import cop
from portal.models import Contrato, Documento, Evento, Incumplimiento, User
from portal.models.contract_changes import ESTADOS_INCUMPLIMIENTO


def of_contract(contrato: Contrato) -> list[Incumplimiento]:
    return list(
        db.session.scalars(
            select(Incumplimiento)
            .where(Incumplimiento.contrato_id == contrato.id)
            .order_by(Incumplimiento.fecha, Incumplimiento.id)
        )
    )


def register(
    contrato: Contrato,
    actor: User,
    *,
    tipo: str,
    descripcion: str,
    fecha: date,
    acto_administrativo: str,
    valor_sancion: int | None,
    estado: str,
) -> Incumplimiento:
    """Record a breach and log it publicly on the contract's process history."""
    incumplimiento = Incumplimiento(
        contrato=contrato,
        tipo=tipo,
        descripcion=descripcion.strip(),
        fecha=fecha,
        acto_administrativo=acto_administrativo.strip(),
        valor_sancion=valor_sancion,
        estado=estado,
        creado_por_id=actor.id,
    )
    db.session.add(incumplimiento)
    sancion = f", sanción de {cop(valor_sancion)}" if valor_sancion else ""
    audit.record(
        "incumplimiento.registrado",
        incumplimiento,
        f"Registró un incumplimiento ({incumplimiento.tipo_label}) del contrato "
        f"{contrato.id_contrato}: {acto_administrativo.strip()}{sancion}",
        cambios=audit.diff({}, _public_fields(incumplimiento)),
        publico=True,
        actor=actor,
        actor_rol="entidad",
    )
    return incumplimiento


def change_state(incumplimiento: Incumplimiento, actor: User, estado: str, nota: str) -> None:
    """Move the breach to another state (en firme, revocado...) and say why, publicly."""
    antes = incumplimiento.estado
    if estado == antes:
        return
    incumplimiento.estado = estado
    audit.record(
        "incumplimiento.estado",
        incumplimiento,
        f"Cambió el incumplimiento del contrato {incumplimiento.contrato.id_contrato} a "
        f"«{ESTADOS_INCUMPLIMIENTO[estado]}»: {nota.strip()}",
        cambios=audit.diff({"estado": antes}, {"estado": estado}) | {"nota": nota.strip()},
        publico=True,
        actor=actor,
        actor_rol="entidad",
    )


def attach_document(incumplimiento: Incumplimiento, documento: Documento, actor: User) -> None:
    incumplimiento.documentos.append(documento)
    audit.record(
        "incumplimiento.documento",
        incumplimiento,
        f"Publicó «{documento.nombre_archivo}» en el incumplimiento del contrato "
        f"{incumplimiento.contrato.id_contrato}",
        cambios={"documento": [None, documento.nombre_archivo], "sha256": documento.sha256},
        publico=True,
        actor=actor,
        actor_rol="entidad",
    )


def history(incumplimiento: Incumplimiento) -> list[Evento]:
    """Every event of the breach, oldest first (all of them are public)."""
    return list(
        db.session.scalars(
            select(Evento)
            .where(
                Evento.objeto_tipo == Incumplimiento.__tablename__,
                Evento.objeto_id == incumplimiento.id,
                Evento.publico.is_(True),
            )
            .order_by(Evento.creado_en, Evento.id)
        )
    )


def _public_fields(incumplimiento: Incumplimiento) -> dict:
    return {
        "tipo": incumplimiento.tipo,
        "descripcion": incumplimiento.descripcion,
        "fecha": incumplimiento.fecha.isoformat(),
        "acto_administrativo": incumplimiento.acto_administrativo,
        "valor_sancion": incumplimiento.valor_sancion,
        "estado": incumplimiento.estado,
    }
