"""The one HTTP error shape, and the one place exceptions become responses.

Every error answer carries a status, a title and a detail, written in the
representation the client asked for: JSON `{"error": {...}}`, an HTML page,
Turtle / N-Triples comments (for a 404 on a data IRI), or plain text. No
stack trace is ever sent; unexpected exceptions are logged and answered 500.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from . import negotiation as nt

__all__ = ["ApiError", "error_response", "install_error_handlers", "ERROR_TYPES"]

log = logging.getLogger("souverain.serve")

ERROR_TYPES = (nt.JSON, nt.HTML, "text/plain", nt.TURTLE, nt.NTRIPLES, nt.JSONLD)


class ApiError(Exception):
    """An error to answer with: status, detail, optional extra headers."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_response(
    request: Request,
    status: int,
    detail: str,
    headers: dict[str, str] | None = None,
    media_type: str | None = None,
) -> Response:
    """The fixed error shape, in the representation the client accepts (plain text otherwise)."""
    title = _title(status)
    chosen = media_type or nt.best_match(nt.parse_accept(request.headers.get("accept")), ERROR_TYPES)
    if request.headers.get("accept", "*/*").strip() in ("", "*/*"):
        chosen = "text/plain"
    extra = dict(headers or {})
    if chosen == nt.HTML:
        templates = getattr(request.app.state, "templates", None)
        if templates is not None:
            return templates.TemplateResponse(
                request,
                "error.html",
                {"status": status, "title": title, "detail": detail},
                status_code=status,
                headers=extra,
            )
        return HTMLResponse(f"<h1>{status} {title}</h1>", status_code=status, headers=extra)
    if chosen in (nt.JSON, nt.JSONLD):
        body = json.dumps({"error": {"status": status, "title": title, "detail": detail}}, ensure_ascii=False)
        return Response(body, status_code=status, media_type=chosen, headers=extra)
    if chosen in (nt.TURTLE, nt.NTRIPLES):
        lines = "".join(f"# {line}\n" for line in f"{status} {title}\n{detail}".splitlines())
        return Response(lines, status_code=status, media_type=chosen, headers=extra)
    return Response(
        f"{status} {title}\n\n{detail}\n", status_code=status, media_type="text/plain", headers=extra
    )


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(request, exc.status, exc.detail, exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error_response(request, exc.status_code, exc.detail or _title(exc.status_code), exc.headers)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, "The server failed to answer this request; it has been logged.")


def install_error_handlers() -> dict:
    """exception_handlers for Starlette(...)."""
    return {ApiError: _api_error, HTTPException: _http_error, Exception: _unexpected}
