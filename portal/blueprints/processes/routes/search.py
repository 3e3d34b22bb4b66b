"""Public process pages: the list (the expediente lives in expediente.py)."""

from dataclasses import replace

from flask import request, url_for

from portal import search
from portal.blueprints.processes import bp
from portal.feeds import atom_feed
from portal.pages import render_search


@bp.get("/procesos")
def search_processes():
    """Search public processes: the full page, or only the results for htmx."""
    params = search.parse(request.args)
    results = search.search(params)
    return render_search(
        "processes/buscar.html", "processes/_resultados.html", results=results, params=params
    )


@bp.get("/procesos.atom")
def feed():
    """The same search as an Atom feed, most recent first, for following it without an account."""
    params = replace(search.parse(request.args), orden="fecha", pagina=1)
    results = search.search(params)
    page_url = url_for("processes.search_processes", **params.to_args(), _external=True)
    self_url = url_for("processes.feed", **params.to_args(), _external=True)
    title = f"Procesos: {params.q}" if params.q else "Procesos de contratación"
    return atom_feed(results, title, page_url, self_url)
