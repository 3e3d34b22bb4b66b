"""Modifications of a contract: drafted by the entity, approved by the contractor, then published.

Only publication changes the contract (value, end date, state, contractor) and is public; the
steps before it are logged privately. Services flush and log, never commit.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from portal import access, audit, clock
from portal.errors import Refused
from portal.extensions import db
from portal.formatting import cop, fecha
from portal.models import Contrato, Documento, Modificacion, Proveedor, User
from portal.models.contract_changes import MODIFICACION_ABIERTA
from portal.models.vocab import ESTADOS_CONTRATO, fold

# A contract can be modified while it is signed and not yet finished.
ESTADOS_MODIFICABLES = {"activo", "aprobado", "en_ejecucion", "modificado", "cedido", "suspendido"}
# The contract's state once a modification of this type is published (suspension wins).
ESTADO_TRAS = {
    "adicion": "modificado",
    "prorroga": "modificado",
    "otra": "modificado",
    "cesion": "cedido",
    "suspension": "suspendido",
    "reanudacion": "en_ejecucion",
}


# Ley 80 de 1993, art. 40, parágrafo: additions may not exceed half the initial value. The
# law measures it in SMMLV of each year; pesos are the reading entities use day to day, and
# within one or two years the difference is small. Entities under a special regime and
# interventoría contracts (Ley 1474 de 2011, art. 85) are not bound by this cap.
TOPE_ADICIONES = Decimal("0.5")
SIN_TOPE = ("regimen especial", "interventoria")


def open_modification(contrato: Contrato) -> Modificacion | None:
    return db.session.scalar(
        select(Modificacion).where(
            Modificacion.contrato_id == contrato.id,
            Modificacion.estado.in_(MODIFICACION_ABIERTA),
        )
    )


def of_contract(contrato: Contrato, *, only_public: bool = False) -> list[Modificacion]:
    query = select(Modificacion).where(Modificacion.contrato_id == contrato.id)
    if only_public:
        query = query.where(Modificacion.estado == "publicada")
    return list(db.session.scalars(query.order_by(Modificacion.numero)))


def create(
    contrato: Contrato,
    actor: User,
    *,
    tipo: str,
    descripcion: str,
    valor_adicion: int | None = None,
    nueva_fecha_fin: date | None = None,
    cesionario: Proveedor | None = None,
) -> Modificacion:
    """Draft a modification after checking the contract can take it."""
    _check_modifiable(contrato)
    abierta = open_modification(contrato)
    if abierta is not None:
        raise Refused(
            f"La modificación N° {abierta.numero} sigue en trámite ({abierta.estado_label.lower()}). "
            "Publíquela o anúlela antes de crear otra."
        )
    modificacion = Modificacion(
        contrato=contrato,
        numero=_next_number(contrato),
        tipo=tipo,
        descripcion=descripcion.strip(),
        valor_adicion=valor_adicion if tipo == "adicion" else None,
        fecha_fin_despues=clock.start_of_day(nueva_fecha_fin) if nueva_fecha_fin else None,
        proveedor_despues=cesionario if tipo == "cesion" else None,
        creado_por_id=actor.id,
    )
    _check_type_rules(modificacion, contrato)
    _snapshot(modificacion, contrato)
    db.session.add(modificacion)
    audit.record(
        "modificacion.creada",
        modificacion,
        f"Creó la modificación N° {modificacion.numero} ({modificacion.tipo_label}) "
        f"del contrato {contrato.id_contrato}",
        cambios=_proposal(modificacion),
        actor=actor,
        actor_rol=access.ENTITY,
    )
    return modificacion


def attach_document(modificacion: Modificacion, documento: Documento, actor: User) -> None:
    """Make ``documento`` the modification's document; a replaced one is withdrawn."""
    _require_state(modificacion, "borrador", "Solo se cambia el documento de un borrador.")
    anterior = modificacion.documento
    if anterior is not None:
        anterior.estado = "eliminado"
        anterior.eliminado_por_id = actor.id
        anterior.eliminado_en = clock.now()
    modificacion.documento = documento
    audit.record(
        "modificacion.documento",
        modificacion,
        f"Adjuntó «{documento.nombre_archivo}» a la modificación N° {modificacion.numero}",
        cambios=audit.diff(
            {"documento": anterior.nombre_archivo if anterior else None},
            {"documento": documento.nombre_archivo},
        ),
        actor=actor,
        actor_rol=access.ENTITY,
    )


def send(modificacion: Modificacion, actor: User) -> None:
    """Send the draft to the contractor for approval; it needs its document first."""
    _require_state(modificacion, "borrador", "Esta modificación ya fue enviada.")
    if modificacion.documento is None:
        raise Refused("Adjunte el documento de la modificación antes de enviarla.")
    _check_modifiable(modificacion.contrato)
    _snapshot(modificacion, modificacion.contrato)
    _move(modificacion, "enviada", actor, access.ENTITY, "Envió al contratista")
    modificacion.enviada_en = clock.now()


def approve(modificacion: Modificacion, actor: User) -> None:
    _require_state(modificacion, "enviada", "Esta modificación no está esperando su aprobación.")
    _move(modificacion, "aprobada", actor, access.PROVIDER, "Aprobó")
    modificacion.decidida_en = clock.now()
    modificacion.decidida_por_id = actor.id


def reject(modificacion: Modificacion, actor: User, motivo: str) -> None:
    _require_state(modificacion, "enviada", "Esta modificación no está esperando su aprobación.")
    if len(motivo.strip()) < 10:
        raise Refused("Explique el motivo del rechazo (al menos 10 caracteres).")
    modificacion.motivo_rechazo = motivo.strip()
    _move(modificacion, "rechazada", actor, access.PROVIDER, "Rechazó")
    modificacion.decidida_en = clock.now()
    modificacion.decidida_por_id = actor.id


def cancel(modificacion: Modificacion, actor: User) -> None:
    """Withdraw an unpublished modification; its draft document is withdrawn too."""
    if not modificacion.abierta:
        raise Refused("Solo se anula una modificación que sigue en trámite.")
    if modificacion.documento is not None:
        modificacion.documento.estado = "eliminado"
        modificacion.documento.eliminado_por_id = actor.id
        modificacion.documento.eliminado_en = clock.now()
    _move(modificacion, "anulada", actor, access.ENTITY, "Anuló")


def publish(modificacion: Modificacion, actor: User) -> dict:
    """Apply an approved modification to the contract, publish its document, log it publicly.

    Returns the contract's before/after diff.
    """
    _require_state(
        modificacion, "aprobada", "Solo se publica una modificación aprobada por el contratista."
    )
    contrato = modificacion.contrato
    _check_modifiable(contrato)
    _check_type_rules(modificacion, contrato)
    _snapshot(modificacion, contrato)
    antes = contract_state(contrato)
    _apply(modificacion, contrato)
    db.session.flush()
    cambios = audit.diff(antes, contract_state(contrato))
    modificacion.estado = "publicada"
    modificacion.publicada_en = clock.now()
    documento = modificacion.documento
    documento.estado = "publicado"
    documento.revisado_por_id = actor.id
    documento.revisado_en = modificacion.publicada_en
    audit.record(
        "modificacion.publicada",
        modificacion,
        f"Publicó la modificación N° {modificacion.numero} ({modificacion.tipo_label}) del "
        f"contrato {contrato.id_contrato}: {describe_changes(cambios)}",
        cambios=cambios | {"estado_modificacion": ["aprobada", "publicada"]},
        publico=True,
        actor=actor,
        actor_rol=access.ENTITY,
    )
    return cambios


def contract_state(contrato: Contrato) -> dict:
    """The fields a modification may change, as the public history shows them."""
    proveedor = contrato.proveedor
    return {
        "valor": contrato.valor,
        "fecha_fin": clock.local_day(contrato.fecha_fin),
        "estado": contrato.estado,
        "contratista": f"{proveedor.nombre} ({proveedor.numero_documento})" if proveedor else None,
    }


def describe_changes(cambios: dict) -> str:
    """ "valor de $ 100 a $ 150; fecha de finalización de ... a ..." in words."""
    partes = []
    for campo, (antes, despues) in cambios.items():
        if campo == "valor":
            partes.append(f"valor de {cop(antes)} a {cop(despues)}")
        elif campo == "fecha_fin":
            partes.append(f"fecha de finalización de {_day(antes)} a {_day(despues)}")
        elif campo == "estado":
            partes.append(
                f"estado de {ESTADOS_CONTRATO.get(antes, antes)} a {ESTADOS_CONTRATO.get(despues)}"
            )
        elif campo == "contratista":
            partes.append(f"contratista de {antes or 'ninguno'} a {despues}")
    return "; ".join(partes) or "sin cambios en valor, fechas ni contratista"


def _day(value) -> str:
    return fecha(date.fromisoformat(value)) if value else "sin fecha"


def _apply(modificacion: Modificacion, contrato: Contrato) -> None:
    if modificacion.tipo == "adicion":
        contrato.valor = modificacion.valor_despues
    if modificacion.fecha_fin_despues is not None:
        contrato.fecha_fin = modificacion.fecha_fin_despues
    if modificacion.tipo == "cesion":
        contrato.proveedor = modificacion.proveedor_despues
    nuevo = ESTADO_TRAS[modificacion.tipo]
    if contrato.estado == "suspendido" and modificacion.tipo != "reanudacion":
        nuevo = "suspendido"  # an addition does not restart a suspended contract
    set_contract_state(contrato, nuevo)


def set_contract_state(contrato: Contrato, estado: str) -> None:
    """Change the state and the published label with it, so both read the same."""
    contrato.estado = estado
    contrato.estado_publicado = ESTADOS_CONTRATO[estado]


def _snapshot(modificacion: Modificacion, contrato: Contrato) -> None:
    """Refresh the "before" values from the contract as it stands now, and the "after" ones."""
    modificacion.valor_antes = contrato.valor
    modificacion.fecha_fin_antes = contrato.fecha_fin
    modificacion.proveedor_antes_id = contrato.proveedor_id
    if modificacion.tipo == "adicion":
        modificacion.valor_despues = (contrato.valor or 0) + (modificacion.valor_adicion or 0)


def _check_modifiable(contrato: Contrato) -> None:
    if contrato.estado not in ESTADOS_MODIFICABLES:
        raise Refused(
            f"El contrato está {contrato.estado_label.lower()}: ya no admite modificaciones."
        )


def _check_type_rules(modificacion: Modificacion, contrato: Contrato) -> None:
    """Rules of each type, checked when drafting and again when publishing."""
    tipo = modificacion.tipo
    if tipo == "adicion" and not (modificacion.valor_adicion or 0) > 0:
        raise Refused("Indique el valor de la adición, mayor que cero.")
    if tipo == "adicion":
        _check_addition_cap(modificacion, contrato)
    if tipo == "prorroga" and modificacion.fecha_fin_despues is None:
        raise Refused("Indique la nueva fecha de finalización del contrato.")
    if modificacion.fecha_fin_despues is not None:
        _check_new_end(modificacion.fecha_fin_despues, contrato)
    if tipo == "suspension" and contrato.estado == "suspendido":
        raise Refused("El contrato ya está suspendido; lo que procede es una reanudación.")
    if tipo == "reanudacion" and contrato.estado != "suspendido":
        raise Refused("Solo se reanuda un contrato suspendido.")
    if tipo == "cesion":
        _check_assignee(modificacion.proveedor_despues, contrato)


def _check_addition_cap(modificacion: Modificacion, contrato: Contrato) -> None:
    if contrato.valor is None or _exempt_from_cap(contrato):
        return
    adicionado = published_additions(contrato, excluding=modificacion)
    inicial = contrato.valor - adicionado
    tope = addition_cap(inicial)
    if adicionado + modificacion.valor_adicion > tope:
        disponible = max(tope - adicionado, 0)
        raise Refused(
            f"La adición supera el tope legal: las adiciones de un contrato no pueden pasar del "
            f"50 % de su valor inicial ({cop(inicial)}), es decir {cop(tope)}. Ya se adicionaron "
            f"{cop(adicionado)}: puede adicionar hasta {cop(disponible)} "
            "(Ley 80 de 1993, art. 40, parágrafo)."
        )


def addition_cap(inicial: int) -> int:
    """The most the additions of a contract of ``inicial`` value may add up to."""
    return int(inicial * TOPE_ADICIONES)


def exempt_from_cap(modalidad: str | None, tipo_contrato: str | None) -> bool:
    """Special-regime entities and interventoría contracts may add beyond the cap."""
    descripcion = fold(f"{modalidad} {tipo_contrato}")
    return any(regimen in descripcion for regimen in SIN_TOPE)


def _exempt_from_cap(contrato: Contrato) -> bool:
    return exempt_from_cap(contrato.modalidad, contrato.tipo_contrato)


def published_additions(contrato: Contrato, *, excluding: Modificacion | None = None) -> int:
    """What published additions added to the contract's value (its initial value is the rest)."""
    query = select(func.coalesce(func.sum(Modificacion.valor_adicion), 0)).where(
        Modificacion.contrato_id == contrato.id,
        Modificacion.tipo == "adicion",
        Modificacion.estado == "publicada",
    )
    if excluding is not None and excluding.id is not None:
        query = query.where(Modificacion.id != excluding.id)
    return int(db.session.scalar(query))


def _check_new_end(nueva, contrato: Contrato) -> None:
    actual = contrato.fecha_fin
    if actual is not None and nueva <= actual:
        raise Refused(
            f"La nueva fecha de finalización debe ser posterior a la actual ({fecha(actual)})."
        )
    inicio = contrato.fecha_inicio or contrato.fecha_firma
    if inicio is not None and nueva <= inicio:
        raise Refused("La nueva fecha de finalización debe ser posterior al inicio.")


def _check_assignee(cesionario: Proveedor | None, contrato: Contrato) -> None:
    if cesionario is None:
        raise Refused("Indique el proveedor al que se cede el contrato.")
    if cesionario.id == contrato.proveedor_id:
        raise Refused("El cesionario debe ser un proveedor distinto del contratista actual.")
    if cesionario.estado != "activa":
        raise Refused("La cuenta del cesionario no está activa en el portal.")


def _require_state(modificacion: Modificacion, estado: str, mensaje: str) -> None:
    if modificacion.estado != estado:
        raise Refused(mensaje)


def _move(modificacion: Modificacion, estado: str, actor: User, rol: str, verbo: str) -> None:
    antes = modificacion.estado
    modificacion.estado = estado
    audit.record(
        f"modificacion.{estado}",
        modificacion,
        f"{verbo} la modificación N° {modificacion.numero} del contrato "
        f"{modificacion.contrato.id_contrato}",
        cambios=audit.diff({"estado": antes}, {"estado": estado})
        | ({"motivo": modificacion.motivo_rechazo} if estado == "rechazada" else {}),
        actor=actor,
        actor_rol=rol,
    )


def _proposal(modificacion: Modificacion) -> dict:
    return {
        "tipo": modificacion.tipo,
        "valor_adicion": modificacion.valor_adicion,
        "fecha_fin_despues": str(clock.local_day(modificacion.fecha_fin_despues) or "") or None,
        "cesionario": modificacion.proveedor_despues.nombre
        if modificacion.proveedor_despues
        else None,
    }


def _next_number(contrato: Contrato) -> int:
    last = db.session.scalar(
        select(func.max(Modificacion.numero)).where(Modificacion.contrato_id == contrato.id)
    )
    return (last or 0) + 1
