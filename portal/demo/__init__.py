"""Synthetic demo data: `flask --app portal seed-demo`, or `generate()` from benchmarks."""

from portal.demo.accounts import DEMO_LOGINS, DEMO_PASSWORD
from portal.demo.generator import DemoAlreadyLoaded, DemoSummary, database_is_empty, generate

__all__ = [
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "DemoAlreadyLoaded",
    "DemoSummary",
    "database_is_empty",
    "generate",
]
