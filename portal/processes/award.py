"""Award a process to a provider account, then sign its contract: the process is celebrated.

Rules: the award goes to a provider account for a value above zero and not above the precio
base (an offer over the official budget cannot win); the contract needs an awarded process
(never a cancelled, suspended or unawarded one), a value above zero and not above the awarded
value, and a supervisor with an accepted membership of the entity.
"""

import uuid
from datetime import datetime

from sqlalchemy import or_, select

from portal import audit, clock
from portal.errors import Refused
from portal.extensions import db
from portal.formatting import cop
from portal.models import Contrato, Membresia, Proceso, Proveedor, User
from portal.models.vocab import ESTADOS_CONTRATO
from portal.processes import services, states
from portal.textmatch import contains_folded

PREFIJO_CONTRATO = "PC.PCCNTR."
MAX_RESULTADOS = 20
CAMPOS_ADJUDICACION = (
    "adjudicado", "adjudicatario_id", "adjudicatario_nombre", "adjudicatario_nit",
    "valor_adjudicacion", "fecha_adjudicacion",
)  # fmt: skip


def search_providers(texto: str) -> list[Proveedor]:
    """Provider accounts whose name or document number contains ``texto``."""
    texto = " ".join((texto or "").split())
    if len(texto) < 3:
        return []
    digits = "".join(c for c in texto if c.isdecimal())
    condiciones = [contains_folded(Proveedor.nombre, texto)]
    if len(digits) >= 3:
        condiciones.append(Proveedor.numero_documento.contains(digits))
    return list(
        db.session.scalars(
            select(Proveedor)
            .where(or_(*condiciones), Proveedor.estado == "activa")
            .order_by(Proveedor.nombre)
            .limit(MAX_RESULTADOS)
        )
    )


def award(proceso: Proceso, proveedor: Proveedor | None, valor: int, actor: User, rol: str):
    states.check(proceso, "adjudicar")
    if proveedor is None or proveedor.estado != "activa":
        raise Refused("Elija un proveedor registrado y activo como adjudicatario.")
    if proceso.precio_base and valor > proceso.precio_base:
        raise Refused(
            f"El valor adjudicado ({cop(valor)}) supera el precio base del proceso "
            f"({cop(proceso.precio_base)})."
        )
    tipos = {d.tipo for d in services.current_documents(proceso)}
    faltan = states.missing_documents(proceso, "seleccion", tipos)
    if faltan:
        raise Refused("Antes de adjudicar publique: " + "; ".join(f"«{f}»" for f in faltan) + ".")
    before = services.snapshot(proceso, CAMPOS_ADJUDICACION)
    proceso.adjudicado = True
    proceso.adjudicatario = proveedor
    proceso.adjudicatario_id = proveedor.id
    proceso.adjudicatario_nombre = proveedor.nombre
    proceso.adjudicatario_nit = proveedor.numero_documento
    proceso.valor_adjudicacion = valor
    proceso.fecha_adjudicacion = clock.now()
    cambios = audit.diff(before, services.snapshot(proceso, CAMPOS_ADJUDICACION))
    evento = services.move(
        proceso, "adjudicado", f"Adjudicó a {proveedor.nombre} por {cop(valor)}", "", actor, rol
    )
    evento.cambios = evento.cambios | cambios
    return evento


def possible_supervisors(proceso: Proceso) -> list[User]:
    """Users with an accepted membership of the process's entity (any role)."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membresia, Membresia.usuario_id == User.id)
            .where(
                Membresia.cuenta_id == proceso.entidad_id,
                Membresia.estado == "aceptado",
                User.estado == "activo",
            )
            .distinct()
            .order_by(User.nombres)
        )
    )


def create_contract(
    proceso: Proceso,
    referencia: str,
    valor: int,
    fechas: tuple[datetime, datetime, datetime],
    supervisor: User | None,
    actor: User,
    rol: str,
) -> Contrato:
    """Sign the contract of the awarded process with its adjudicatario; the process is Celebrado."""
    _check_contract(proceso, valor, supervisor)
    firma, inicio, fin = fechas
    contrato = Contrato(
        id_contrato=f"PC.TMP.{uuid.uuid4().hex}",
        referencia=referencia,
        proceso=proceso,
        proceso_de_compra=proceso.id_del_portafolio,
        entidad_id=proceso.entidad_id,
        proveedor_id=proceso.adjudicatario_id,
        supervisor_id=supervisor.id,
        objeto=proceso.nombre or proceso.descripcion,
        tipo_contrato=proceso.tipo_contrato,
        modalidad=proceso.modalidad,
        estado="en_ejecucion",
        estado_publicado=ESTADOS_CONTRATO["en_ejecucion"],
        valor=valor,
        fecha_firma=firma,
        fecha_inicio=inicio,
        fecha_fin=fin,
        unspsc_principal=proceso.unspsc_principal,
        departamento=proceso.departamento,
        ciudad=proceso.ciudad,
        origen="portal",
    )
    db.session.add(contrato)
    db.session.flush()
    contrato.id_contrato = f"{PREFIJO_CONTRATO}{contrato.id}"
    audit.record(
        "contrato.creado",
        contrato,
        f"Celebró el contrato {referencia} con {proceso.adjudicatario_nombre} por {cop(valor)}",
        cambios=audit.diff({}, _summary(contrato)),
        publico=True,
        proceso=proceso,
        actor=actor,
        actor_rol=rol,
    )
    services.move(proceso, "celebrado", f"Celebró el contrato {referencia}", "", actor, rol)
    return contrato


def _check_contract(proceso: Proceso, valor: int, supervisor: User | None) -> None:
    states.check(proceso, "celebrar")
    if not proceso.adjudicado or proceso.adjudicatario_id is None:
        raise Refused("El proceso no tiene adjudicatario: adjudíquelo primero.")
    if valor <= 0:
        raise Refused("El valor del contrato debe ser mayor que cero.")
    if proceso.valor_adjudicacion and valor > proceso.valor_adjudicacion:
        raise Refused(
            f"El valor del contrato ({cop(valor)}) supera el valor adjudicado "
            f"({cop(proceso.valor_adjudicacion)})."
        )
    if supervisor is None or supervisor not in possible_supervisors(proceso):
        raise Refused("El supervisor debe ser un usuario aceptado de la entidad.")


def _summary(contrato: Contrato) -> dict:
    campos = ("id_contrato", "referencia", "valor", "fecha_firma", "fecha_inicio", "fecha_fin",
              "proveedor_id", "supervisor_id", "estado")  # fmt: skip
    return {campo: getattr(contrato, campo) for campo in campos}


def provider_members(proveedor_id: int) -> list[User]:
    """Active users with an accepted membership of the provider account."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membresia, Membresia.usuario_id == User.id)
            .where(
                Membresia.cuenta_id == proveedor_id,
                Membresia.estado == "aceptado",
                User.estado == "activo",
            )
            .distinct()
        )
    )
