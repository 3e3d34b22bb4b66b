"""Contractors and supervisors: «Mis contratos», «Supervisión» and a contract's execution."""

from flask import Blueprint

bp = Blueprint("my_contracts", __name__)

from portal.blueprints.my_contracts import routes  # noqa: E402, F401  (registers the views)
