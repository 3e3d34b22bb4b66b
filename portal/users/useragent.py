"""Summarise a User-Agent header into what a person recognises: "Firefox 128 en Windows"."""

import re

# Order matters: Edge and Opera also claim to be Chrome, Chrome also claims to be Safari.
_BROWSERS = (
    ("Edge", r"Edg(?:e|A|iOS)?/(\d+)"),
    ("Opera", r"(?:OPR|Opera)/(\d+)"),
    ("Samsung Internet", r"SamsungBrowser/(\d+)"),
    ("Firefox", r"(?:Firefox|FxiOS)/(\d+)"),
    ("Chrome", r"(?:Chrome|CriOS)/(\d+)"),
    ("Safari", r"Version/(\d+).*Safari/"),
    ("curl", r"curl/(\d+)"),
)
_SYSTEMS = (
    ("Android", r"Android"),
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux"),
)


def summarize(user_agent: str | None) -> str:
    """Return "Navegador versión en sistema", or a short cut of an unknown header."""
    user_agent = (user_agent or "").strip()
    if not user_agent:
        return "Desconocido"
    browser = next(
        (f"{name} {m.group(1)}" for name, rx in _BROWSERS if (m := re.search(rx, user_agent))),
        None,
    )
    system = next((name for name, rx in _SYSTEMS if re.search(rx, user_agent)), None)
    if browser and system:
        return f"{browser} en {system}"
    return browser or system or user_agent[:60]
