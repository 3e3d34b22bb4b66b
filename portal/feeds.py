"""Rendering searches: the whole page or only the results fragment, and the Atom feed."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from flask import current_app, make_response, render_template, request, url_for

from portal.formatting import cop, fecha
from portal.models.vocab import ESTADOS_PROCESO
from portal.search import ResultsPage
from portal.search.params import ORDENES

# Suggestions for the filter inputs (the values SECOP II publishes); any other text also works.
MODALIDADES = (
    "Contratación directa", "Contratación Directa (con ofertas)", "Contratación régimen especial",
    "Contratación régimen especial (con ofertas)", "Mínima cuantía", "Licitación pública",
    "Licitación pública Obra Publica", "Selección Abreviada de Menor Cuantía",
    "Selección abreviada subasta inversa", "Concurso de méritos abierto",
    "Licitación Pública Acuerdo Marco de Precios",
)  # fmt: skip
TIPOS_CONTRATO = (
    "Obra", "Prestación de servicios", "Compraventa", "Suministros", "Consultoría", "Interventoría",
    "Arrendamiento de inmuebles", "Arrendamiento de muebles", "Seguros", "Concesión", "Comodato", "Otro",
)  # fmt: skip

ATOM = "http://www.w3.org/2005/Atom"
# XML 1.0 forbids most control characters even when escaped: drop them from feed text.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def wants_fragment() -> bool:
    """An htmx request gets the fragment; a history restore needs the whole page."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


def render_search(page_template: str, fragment_template: str, **context):
    """Render the page, or only its results for htmx; caches must tell the two apart."""
    template = fragment_template if wants_fragment() else page_template
    context |= {"estados": ESTADOS_PROCESO, "ordenes": ORDENES}
    context |= {"modalidades": MODALIDADES, "tipos": TIPOS_CONTRATO}
    response = make_response(render_template(template, **context))
    response.headers["Vary"] = "HX-Request"
    return response


def atom_feed(results: ResultsPage, title: str, page_url: str, self_url: str):
    """An Atom 1.0 feed of a search (built with ElementTree, so every value is escaped)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", title)
    _text(feed, "id", self_url)
    _link(feed, self_url, "self", "application/atom+xml")
    _link(feed, page_url, "alternate", "text/html")
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", current_app.config["SITE_NAME"])
    dates = [r.proceso.fecha_publicacion for r in results.resultados if r.proceso.fecha_publicacion]
    _text(feed, "updated", _iso(max(dates, default=None)))
    for resultado in results.resultados:
        _entry(feed, resultado.proceso)
    body = ET.tostring(feed, encoding="unicode", xml_declaration=True)
    response = make_response(body)
    response.mimetype = "application/atom+xml"
    return response


def _entry(feed: ET.Element, proceso) -> None:
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    url = url_for("processes.detalle", id_del_proceso=proceso.id_del_proceso, _external=True)
    _text(entry, "title", proceso.nombre or proceso.descripcion[:200] or proceso.id_del_proceso)
    _text(entry, "id", url)
    _link(entry, url, "alternate", "text/html")
    _text(entry, "updated", _iso(proceso.actualizado_en or proceso.fecha_publicacion))
    if proceso.fecha_publicacion:
        _text(entry, "published", _iso(proceso.fecha_publicacion))
    summary = (
        f"{proceso.entidad_nombre} · {proceso.referencia or proceso.id_del_proceso} · "
        f"{proceso.modalidad} · {proceso.estado_label} · Precio base {cop(proceso.precio_base)} · "
        f"Publicado el {fecha(proceso.fecha_publicacion)}"
    )
    _text(entry, "summary", summary)


def _text(parent: ET.Element, tag: str, value: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = NOT_XML.sub("", value or "")


def _link(parent: ET.Element, href: str, rel: str, kind: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", href=href, rel=rel, type=kind)


def _iso(moment: datetime | None) -> str:
    return (moment or datetime(2000, 1, 1, tzinfo=UTC)).astimezone(UTC).isoformat()
