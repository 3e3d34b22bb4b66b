"""How numbers, money and dates read in Colombia (es-CO), as Jinja filters."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

BOGOTA = ZoneInfo("America/Bogota")
MESES = (
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
)  # fmt: skip


def miles(value: int | None) -> str:
    """Group thousands with dots: 1234567 -> "1.234.567"."""
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")


def cop(value: int | None) -> str:
    """Format whole pesos as SECOP II does: "$ 180.000.000"."""
    if value is None:
        return "No registra"
    return f"$ {miles(value)}"


def to_bogota(value: datetime) -> datetime:
    return value.astimezone(BOGOTA)


def fecha(value: datetime | date | None) -> str:
    """A date as dd/mm/aaaa, in Bogotá time for instants."""
    if value is None:
        return "No registra"
    if isinstance(value, datetime):
        value = to_bogota(value)
    return value.strftime("%d/%m/%Y")


def fecha_hora(value: datetime | None) -> str:
    """An instant in Bogotá time: "21/11/2026 08:05 a. m."."""
    if value is None:
        return "No registra"
    local = to_bogota(value)
    sufijo = "a. m." if local.hour < 12 else "p. m."
    hora = local.hour % 12 or 12
    return f"{local:%d/%m/%Y} {hora:02d}:{local:%M} {sufijo}"


def fecha_iso(value: datetime | date | None) -> str:
    """Machine-readable date for <time datetime=...>."""
    if value is None:
        return ""
    return value.isoformat()


def tamano(num_bytes: int | None) -> str:
    """Human file size in Spanish notation: 1536 -> "1,5 KB"."""
    if num_bytes is None:
        return ""
    size = float(num_bytes)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            text = f"{size:.0f}" if unit == "bytes" else f"{size:.1f}".replace(".", ",")
            return f"{text} {unit}"
        size /= 1024
    return ""  # unreachable


def register(app: Flask) -> None:
    """Make the filters available to every template."""
    for func in (miles, cop, fecha, fecha_hora, fecha_iso, tamano):
        app.add_template_filter(func)
