"""Where to send people: a validated ``next`` and the answer to a request that needs login."""

from urllib.parse import urlsplit

from flask import flash, redirect, request, url_for


def safe_next(target: str | None) -> str | None:
    """Return ``target`` if it is a local path on this site, else None (no open redirects)."""
    if not target or len(target) > 2000:
        return None
    if "\\" in target or any(ord(char) < 33 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _local_path_of(url: str | None) -> str | None:
    """The path of an absolute URL of this very host (htmx sends the page as HX-Current-URL)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc != request.host:
        return None
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))


def where_the_user_was() -> str | None:
    """The page to come back to after logging in."""
    if request.htmx:
        return _local_path_of(request.headers.get("HX-Current-URL"))
    return safe_next(request.full_path.rstrip("?"))


def unauthorized():
    """Send anonymous visitors to the login page; htmx gets HX-Redirect, never a login fragment."""
    login_url = url_for("auth.login", next=where_the_user_was())
    if request.htmx:
        return "", 401, {"HX-Redirect": login_url, "Vary": "HX-Request"}
    flash("Ingrese para continuar.", "info")
    return redirect(login_url)
