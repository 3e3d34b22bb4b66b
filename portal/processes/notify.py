"""Tell the supervisor and the contractor's members that a new contract awaits them."""

from flask import url_for

from portal import mailer
from portal.mailer import Outgoing
from portal.models import Contrato
from portal.processes.award import provider_members


def contract_created(contrato: Contrato) -> list[Outgoing]:
    """Queue the e-mails; the view's commit sends them."""
    enlace = url_for("contracts.detail", id_contrato=contrato.id_contrato, _external=True)
    queued = []
    if contrato.supervisor is not None:
        queued.append(
            mailer.send_after_commit(
                contrato.supervisor.email,
                f"Le asignaron la supervisión del contrato {contrato.referencia}",
                "contrato_supervision",
                user=contrato.supervisor,
                contrato=contrato,
                enlace=enlace,
            )
        )
    for miembro in provider_members(contrato.proveedor_id):
        queued.append(
            mailer.send_after_commit(
                miembro.email,
                f"Nuevo contrato {contrato.referencia} con {contrato.entidad.nombre}",
                "contrato_proveedor",
                user=miembro,
                contrato=contrato,
                enlace=enlace,
            )
        )
    return queued
