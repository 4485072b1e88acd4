"""Reading multipart/form-data uploads with the standard library's MIME parser."""

from __future__ import annotations

import email.parser
import email.policy
from email.message import EmailMessage, MIMEPart

from postmortem_confluence_testing._state import _HTTPError


def _raw_header(part: MIMEPart, name: str) -> str | None:
    """A header's value as the client wrote it (UTF-8), not re-serialised by the parser."""
    for key, value in part.raw_items():
        if key.lower() == name:
            return str(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace").strip()
    return None


def parse_multipart(content_type: str, body: bytes) -> list[tuple[dict[str, str], bytes]]:
    """Split a multipart/form-data body into ``(disposition parameters + content-type, data)`` parts.

    The standard library's MIME parser (with HTTP's rules) reads the body; each part's data
    is given back byte for byte, without the line break that belongs to the next boundary.

    Args:
        content_type: The request's ``Content-Type`` header, with its ``boundary``.
        body: The request body.

    Returns:
        One ``(info, data)`` per part, in order: ``info`` holds the Content-Disposition
        parameters (``name``, ``filename``) and the part's ``content-type`` as sent, when it
        has one.

    Raises:
        _HTTPError: 400 for a body without a boundary, or one that does not parse as parts.
    """
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("utf-8", "surrogateescape")
    message = email.parser.BytesParser(EmailMessage, policy=email.policy.HTTP).parsebytes(head + body)
    if message.get_boundary() is None:
        raise _HTTPError(400, "multipart request without a boundary")
    if not message.is_multipart():
        raise _HTTPError(400, "malformed multipart body")
    found: list[tuple[dict[str, str], bytes]] = []
    for part in message.iter_parts():
        info: dict[str, str] = {}
        disposition = part.get("content-disposition")
        if disposition is not None:
            info.update((key.lower(), str(value)) for key, value in disposition.params.items())
        media_type = _raw_header(part, "content-type")
        if media_type is not None:
            info["content-type"] = media_type
        data = part.get_payload(decode=True)
        found.append((info, data if isinstance(data, bytes) else b""))
    return found
