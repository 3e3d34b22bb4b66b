"""A search as an Atom feed (the search page itself is rendered by ``portal.pages``)."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from flask import current_app, make_response, url_for

from portal.formatting import cop, fecha
from portal.search import ResultsPage

ATOM = "http://www.w3.org/2005/Atom"
# XML 1.0 forbids most control characters even when escaped: drop them from feed text.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
    url = url_for("processes.detail", id_del_proceso=proceso.id_del_proceso, _external=True)
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
