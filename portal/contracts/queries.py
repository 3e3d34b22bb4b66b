"""Read-only queries of the feature: contract lists, execution documents, payments, history."""

from dataclasses import dataclass
from math import ceil

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from portal import access
from portal.extensions import db
from portal.models import Contrato, Documento, Entidad, Evento, SolicitudPago
from portal.models.payments import ESTADOS_COMPROMETIDOS
from portal.models.types import parse_id
from portal.models.vocab import ESTADOS_CONTRATO
from portal.textmatch import any_contains_folded

POR_PAGINA = 20
ETAPAS_EJECUCION = ("ejecucion", "liquidacion")


@dataclass(frozen=True)
class Filter:
    """The list's filter as read from the query string; bad values fall back to no filter."""

    q: str = ""
    estado: str = ""
    pagina: int = 1

    @classmethod
    def from_args(cls, args) -> "Filter":
        estado = args.get("estado", "")
        pagina = parse_id(args.get("pagina")) or 1
        return cls(
            q=" ".join(args.get("q", "").split())[:100],
            estado=estado if estado in ESTADOS_CONTRATO else "",
            pagina=pagina if pagina < 100_000 else 1,
        )

    def args(self, **changes) -> dict:
        values = {"q": self.q, "estado": self.estado, "pagina": self.pagina} | changes
        return {key: value for key, value in values.items() if value and value != 1}


@dataclass(frozen=True)
class Page:
    contratos: list[Contrato]
    total: int
    filtro: Filter

    @property
    def paginas(self) -> int:
        return max(1, ceil(self.total / POR_PAGINA))


def provider_contracts(proveedor_id: int, filtro: Filter) -> Page:
    return _page(select(Contrato).where(Contrato.proveedor_id == proveedor_id), filtro)


def supervised_contracts(usuario_id: int, filtro: Filter) -> Page:
    return _page(select(Contrato).where(Contrato.supervisor_id == usuario_id), filtro)


def entity_contracts(entidad_id: int, q: str = "", estado: str = "") -> Select:
    """The entity's contracts (drafts too) matching ``q`` and ``estado``, latest signed first."""
    query = select(Contrato).where(Contrato.entidad_id == entidad_id)
    if estado:
        query = query.where(Contrato.estado == estado)
    if q:
        query = query.where(
            any_contains_folded([Contrato.id_contrato, Contrato.referencia, Contrato.objeto], q)
        )
    return query.order_by(Contrato.fecha_firma.desc().nulls_last(), Contrato.id.desc())


def public_contracts_page(
    entidad_id: int, pagina: int, por_pagina: int
) -> tuple[list[Contrato], int]:
    """One page of the entity's public contracts, latest signed first, and their total."""
    public = select(Contrato).where(
        Contrato.entidad_id == entidad_id, Contrato.estado != "borrador"
    )
    total = db.session.scalar(select(func.count()).select_from(public.subquery()))
    contratos = db.session.scalars(
        public.order_by(Contrato.fecha_firma.desc().nulls_last(), Contrato.id.desc())
        .limit(por_pagina)
        .offset((pagina - 1) * por_pagina)
    )
    return list(contratos), total


def _page(query: Select, filtro: Filter) -> Page:
    query = query.join(Entidad, Contrato.entidad_id == Entidad.id)
    if filtro.estado:
        query = query.where(Contrato.estado == filtro.estado)
    if filtro.q:
        query = query.where(
            any_contains_folded(
                [Contrato.referencia, Contrato.id_contrato, Entidad.nombre], filtro.q
            )
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(
        query.options(selectinload(Contrato.entidad))
        .order_by(Contrato.fecha_firma.desc().nulls_last(), Contrato.id.desc())
        .limit(POR_PAGINA)
        .offset((filtro.pagina - 1) * POR_PAGINA)
    )
    return Page(list(rows), total or 0, filtro)


def execution_documents(contrato: Contrato) -> list[Documento]:
    """Execution and closing documents still in the list (removed ones and invoices are not)."""
    facturas = select(SolicitudPago.factura_documento_id).where(
        SolicitudPago.contrato_id == contrato.id,
        SolicitudPago.factura_documento_id.is_not(None),
    )
    query = select(Documento).where(
        Documento.contrato_id == contrato.id,
        Documento.etapa.in_(ETAPAS_EJECUCION),
        Documento.estado != "eliminado",
        Documento.id.not_in(facturas),
    )
    return list(db.session.scalars(query.order_by(Documento.cargado_en, Documento.id)))


def contract_documents(contrato: Contrato, del_proveedor: bool) -> list[Documento]:
    """Section 4 (the provider's papers) or 5 (the contract's own): the contractual stage."""
    by_provider = Documento.cargado_por_rol == access.PROVIDER
    query = select(Documento).where(
        Documento.contrato_id == contrato.id,
        Documento.etapa == "contractual",
        Documento.estado != "eliminado",
        by_provider if del_proveedor else ~by_provider,
    )
    return list(db.session.scalars(query.order_by(Documento.cargado_en, Documento.id)))


def payment_requests_of(contrato: Contrato) -> list[SolicitudPago]:
    query = select(SolicitudPago).where(SolicitudPago.contrato_id == contrato.id)
    return list(db.session.scalars(query.order_by(SolicitudPago.id)))


@dataclass(frozen=True)
class Totals:
    """What the payment plan adds up to, in whole pesos."""

    valor: int | None
    pagado: int
    en_tramite: int
    comprometido: int

    @property
    def por_pagar(self) -> int | None:
        return None if self.valor is None else max(self.valor - self.pagado, 0)

    @property
    def disponible(self) -> int | None:
        """What new requests may still ask for: the value minus everything sent and not rejected."""
        return None if self.valor is None else max(self.valor - self.comprometido, 0)


def totals(contrato: Contrato, solicitudes: list[SolicitudPago]) -> Totals:
    pagado = sum(s.valor for s in solicitudes if s.estado == "pagada")
    en_tramite = sum(s.valor for s in solicitudes if s.estado in ("enviada", "aprobada"))
    comprometido = sum(s.valor for s in solicitudes if s.estado in ESTADOS_COMPROMETIDOS)
    return Totals(contrato.valor, pagado, en_tramite, comprometido)


def history(contrato: Contrato, limite: int = 50) -> list[Evento]:
    """Every recorded action on the contract's documents and payment requests, newest first."""
    documentos = select(Documento.id).where(Documento.contrato_id == contrato.id)
    solicitudes = select(SolicitudPago.id).where(SolicitudPago.contrato_id == contrato.id)
    query = select(Evento).where(
        or_(
            (Evento.objeto_tipo == Documento.__tablename__) & Evento.objeto_id.in_(documentos),
            (Evento.objeto_tipo == SolicitudPago.__tablename__) & Evento.objeto_id.in_(solicitudes),
        )
    )
    return list(
        db.session.scalars(query.order_by(Evento.creado_en.desc(), Evento.id.desc()).limit(limite))
    )


def events_of(documento: Documento) -> list[Evento]:
    query = select(Evento).where(
        Evento.objeto_tipo == Documento.__tablename__, Evento.objeto_id == documento.id
    )
    return list(db.session.scalars(query.order_by(Evento.creado_en, Evento.id)))
