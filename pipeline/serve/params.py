"""Strict decoding of what a client sends: query strings, form bodies, request bodies.

Starlette's own parsing replaces malformed percent-escapes and invalid UTF-8
silently; a query endpoint must not guess, so these refuse them (400) and
read bodies with a size cap (413) without buffering more than the cap.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from starlette.requests import Request

from .httperrors import ApiError

__all__ = ["parse_pairs", "decode_path", "read_body"]

_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def _decode(raw: bytes, what: str) -> str:
    if _BAD_ESCAPE.search(raw):
        raise ApiError(400, f"Malformed percent-encoding in the {what}.")
    try:
        return unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, f"The {what} is not valid UTF-8 once percent-decoded.") from None


def parse_pairs(raw: bytes, what: str = "query string") -> dict[str, list[str]]:
    """application/x-www-form-urlencoded pairs (also a URL query string), strictly decoded."""
    pairs: dict[str, list[str]] = {}
    for item in raw.split(b"&"):
        if not item:
            continue
        name, _, value = item.partition(b"=")
        key = _decode(name.replace(b"+", b" "), what)
        pairs.setdefault(key, []).append(_decode(value.replace(b"+", b" "), what))
    return pairs


def decode_path(raw_path: bytes) -> str:
    """The request path, refusing malformed escapes and invalid UTF-8."""
    return _decode(raw_path, "request path")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, or 413 as soon as it grows past limit bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"Request body larger than {limit} bytes.")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"Request body larger than {limit} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)
