"""Time zones offered at registration, labelled as SECOP II does, and local date formatting."""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "America/Bogota"
ZONAS_HORARIAS = [
    ("America/Bogota", "(UTC-05:00) Bogotá, Lima, Quito"),
    ("America/Panama", "(UTC-05:00) Panamá"),
    ("America/New_York", "(UTC-05:00) Hora del Este (EE. UU. y Canadá)"),
    ("America/Mexico_City", "(UTC-06:00) Guadalajara, Ciudad de México, Monterrey"),
    ("America/Guatemala", "(UTC-06:00) Centroamérica"),
    ("America/Los_Angeles", "(UTC-08:00) Hora del Pacífico (EE. UU. y Canadá)"),
    ("America/Caracas", "(UTC-04:00) Caracas"),
    ("America/La_Paz", "(UTC-04:00) Georgetown, La Paz, Manaos, San Juan"),
    ("America/Santiago", "(UTC-04:00) Santiago"),
    ("America/Argentina/Buenos_Aires", "(UTC-03:00) Ciudad de Buenos Aires"),
    ("America/Sao_Paulo", "(UTC-03:00) Brasilia"),
    ("UTC", "(UTC) Hora universal coordinada"),
    ("Europe/London", "(UTC+00:00) Dublín, Edimburgo, Lisboa, Londres"),
    ("Europe/Madrid", "(UTC+01:00) Bruselas, Copenhague, Madrid, París"),
]


def local_datetime(value: datetime | None, zone: str | None) -> str:
    """An instant in the user's zone: "21/11/2026 08:05:09 a. m."."""
    if value is None:
        return ""
    try:
        local = value.astimezone(ZoneInfo(zone or DEFAULT_ZONE))
    except (ZoneInfoNotFoundError, ValueError):
        local = value.astimezone(ZoneInfo(DEFAULT_ZONE))
    sufijo = "a. m." if local.hour < 12 else "p. m."
    return f"{local:%d/%m/%Y} {local.hour % 12 or 12:02d}:{local:%M:%S} {sufijo}"
