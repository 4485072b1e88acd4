"""Uploads are read by the standard library's MIME parser, byte for byte."""

from __future__ import annotations

import pytest
import requests
from postmortem_confluence_testing._multipart import parse_multipart
from postmortem_confluence_testing._state import _HTTPError
from urllib3 import encode_multipart_formdata


class TestParseMultipart:
    """What requests and urllib3 send comes back as written."""

    @pytest.mark.parametrize(
        "data",
        [b"", b"x", b"\r\n", b"a\rb\nc\r\n", b"ends with CR\r", bytes(range(256)), b"\r\n--not-the-boundary--\r\n"],
    )
    def test_data_is_kept_byte_for_byte(self, data: bytes) -> None:
        """Line breaks of every kind, and text that looks like a boundary, stay in the data."""
        body, content_type = encode_multipart_formdata([("file", ("chart.png", data, "image/png"))])
        assert [({"name": "file", "filename": "chart.png", "content-type": "image/png"}, data)] == parse_multipart(
            content_type, body
        )

    def test_names_and_fields(self) -> None:
        """A non-ASCII file name, a content type with parameters, and a plain field."""
        request = requests.Request(
            "POST",
            "http://127.0.0.1/",
            files=[
                ("file", ("Überblick 📈.svg", b"<svg/>", "image/svg+xml; charset=utf-8")),
                ("comment", (None, "Timeline chart, version 2")),
            ],
        ).prepare()
        assert isinstance(request.body, bytes)
        parts = parse_multipart(request.headers["Content-Type"], request.body)
        assert parts == [
            (
                {"name": "file", "filename": "Überblick 📈.svg", "content-type": "image/svg+xml; charset=utf-8"},
                b"<svg/>",
            ),
            ({"name": "comment"}, b"Timeline chart, version 2"),
        ]

    def test_no_boundary_is_400(self) -> None:
        """A multipart content type without a boundary is refused."""
        with pytest.raises(_HTTPError) as info:
            parse_multipart("multipart/form-data", b"--x\r\n\r\ndata\r\n--x--\r\n")
        assert info.value.status == 400
