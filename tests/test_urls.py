"""The template url_for remembers links (portal/urls.py) without ever giving a different one."""

from dataclasses import replace

import flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.search.params import parse


def render(template: str, **context) -> str:
    return flask.render_template_string(template, **context)


def test_remembered_links_are_the_links_flask_builds(app):
    cases = [
        ("processes.search_processes", {}),
        ("processes.search_processes", {"q": "vías & agua", "estado": "adjudicado", "pagina": "2"}),
        ("processes.detail", {"id_del_proceso": "CO1.REQ.123/ñ"}),
        ("processes.search_processes", {"pagina": 1}),
        ("processes.search_processes", {"pagina": True}),  # equal to 1 as a key, not as a URL
    ]
    with app.test_request_context("/"):
        for endpoint, values in cases:
            expected = flask.url_for(endpoint, **values)
            for _ in range(2):  # built, then remembered
                got = render("{{ url_for(e, **v) }}", e=endpoint, v=values)
                assert got.replace("&amp;", "&") == expected


def test_links_follow_the_script_root_and_skip_external_and_lists(app):
    template = "{{ url_for('processes.search_processes', q='obra') }}"
    with app.test_request_context("/"):
        assert render(template) == "/procesos?q=obra"
    with app.test_request_context("/", base_url="http://localhost/portal/"):
        assert render(template) == "/portal/procesos?q=obra"
        assert render("{{ url_for('processes.search_processes', _external=True) }}").startswith(
            "http"
        )
        assert render("{{ url_for('processes.search_processes', q=['a', 'b']) }}").endswith(
            "?q=a&amp;q=b"
        )


def test_static_links_are_not_remembered(app):
    assets = app.extensions["portal_assets"]
    template = "{{ url_for('static', filename='css/portal.css') }}"
    with app.test_request_context("/"):
        first = render(template)
        assets.assets["css/portal.css"] = replace(assets.assets["css/portal.css"], digest="0" * 12)
        assert render(template) != first
        assert render(template).endswith("?v=000000000000")


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    args=st.dictionaries(
        st.sampled_from(["q", "estado", "modalidad", "entidad", "departamento", "orden", "pagina"]),
        st.text(max_size=20),
    ),
    changes=st.dictionaries(
        st.sampled_from(["q", "modalidad", "departamento", "pagina"]),
        st.one_of(st.text(max_size=20), st.integers(1, 600)),
        max_size=2,
    ),
)
def test_search_links_are_the_links_flask_builds(app, args, changes):
    """The results page builds facet and page links with `SearchParams.href`, not url_for."""
    params = parse(args)
    with app.test_request_context("/"):
        for endpoint, fixed in (
            ("processes.search_processes", {}),
            ("entities.detail", {"nit": "890480059"}),
        ):
            path = flask.url_for(endpoint, **fixed)
            assert params.href(path, changes) == flask.url_for(
                endpoint, **params.link(fixed, changes)
            )


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(min_size=1, max_size=30).filter(lambda v: v not in (".", "..")))
def test_list_links_are_the_links_flask_builds(app, value):
    for base_url in ("http://localhost/", "http://localhost/portal/"):
        with app.test_request_context("/", base_url=base_url):
            link = render("{{ link_for('processes.detail', 'id_del_proceso')(v) }}", v=value)
            expected = flask.url_for("processes.detail", id_del_proceso=value)
            assert link.replace("&amp;", "&").replace("&#39;", "'") == expected


def test_list_links_fall_back_to_url_for_for_other_converters(app):
    # /admin/cuentas/<int:cuenta_id>: the int converter refuses text, so url_for builds these.
    with app.test_request_context("/"):
        template = "{{ link_for('platform_admin.account', 'cuenta_id')(7) }}"
        assert flask.render_template_string(template) == "/admin/cuentas/7"
