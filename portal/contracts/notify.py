"""E-mails of contract management; views queue them before their commit, which sends them."""

from flask import url_for
from sqlalchemy import select

from portal import mailer
from portal.extensions import db
from portal.mailer import Outgoing
from portal.models import Contrato, Membresia, Modificacion, User


def contractor_members(contrato: Contrato) -> list[User]:
    """The accepted members of the contractor's account: they answer for the contract."""
    if contrato.proveedor_id is None:
        return []
    return list(
        db.session.scalars(
            select(User)
            .join(Membresia, Membresia.usuario_id == User.id)
            .where(
                Membresia.cuenta_id == contrato.proveedor_id,
                Membresia.estado == "aceptado",
                User.estado == "activo",
            )
            .order_by(User.id)
        )
    )


def modification_sent(modificacion: Modificacion) -> list[Outgoing]:
    """Ask the contractor's people to approve or reject the modification."""
    contrato = modificacion.contrato
    enlace = url_for(
        "my_contracts.modification",
        id_contrato=contrato.id_contrato,
        modificacion_id=modificacion.id,
        _external=True,
    )
    asunto = (
        f"Modificación N° {modificacion.numero} del contrato {contrato.id_contrato} por aprobar"
    )
    return _send_all(
        contractor_members(contrato),
        asunto,
        "contrato_modificacion",
        modificacion=modificacion,
        contrato=contrato,
        enlace=enlace,
    )


def modification_decided(modificacion: Modificacion) -> list[Outgoing]:
    """Tell the person who drafted it that the contractor approved or rejected it."""
    autor = modificacion.creado_por
    if autor is None:
        return []
    contrato = modificacion.contrato
    enlace = url_for(
        "entity_contracts.modification",
        id_contrato=contrato.id_contrato,
        modificacion_id=modificacion.id,
        _external=True,
    )
    verbo = "aprobó" if modificacion.estado == "aprobada" else "rechazó"
    asunto = (
        f"El contratista {verbo} la modificación N° {modificacion.numero} "
        f"del contrato {contrato.id_contrato}"
    )
    return _send_all(
        [autor],
        asunto,
        "contrato_modificacion_decidida",
        modificacion=modificacion,
        contrato=contrato,
        enlace=enlace,
    )


def contract_closed(contrato: Contrato) -> list[Outgoing]:
    enlace = url_for("contracts.detail", id_contrato=contrato.id_contrato, _external=True)
    asunto = f"Se cerró el expediente del contrato {contrato.id_contrato}"
    return _send_all(
        contractor_members(contrato), asunto, "contrato_cerrado", contrato=contrato, enlace=enlace
    )


def _send_all(users: list[User], asunto: str, template: str, **context) -> list[Outgoing]:
    return [mailer.send_after_commit(u.email, asunto, template, user=u, **context) for u in users]
