"""What a Word reader meets besides the text: rows kept whole, honest properties, no blank preview."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from docx.oxml.ns import qn

import postmortem
from postmortem.export import export

from ._docx_helpers import open_docx
from .conftest import SOURCE_DATE_EPOCH
from .test_docx_exporter import tables_by_caption

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "api-outage-feature-flag.yaml"


def render() -> bytes:
    data = export(postmortem.load(EXAMPLE), "docx")
    assert isinstance(data, bytes)
    return data


class TestRows:
    """A timeline event or action item is never split across two pages."""

    @pytest.mark.parametrize("caption", ["Timeline", "Action items", "Contributing factors", "Hypotheses"])
    def test_rows_cannot_split_and_the_header_repeats(self, caption: str) -> None:
        """Every row carries w:cantSplit; the first row is a repeating header (w:tblHeader)."""
        table = tables_by_caption(open_docx(render()))[caption]
        rows = table._tbl.tr_lst
        assert len(rows) > 2
        for row in rows:
            properties = row.trPr
            assert properties is not None
            assert properties.find(qn("w:cantSplit")) is not None
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(row.trPr.find(qn("w:tblHeader")) is None for row in rows[1:])


class TestProperties:
    """File > Properties tells the truth."""

    def test_dates_are_the_rendering_time_from_source_date_epoch(self) -> None:
        """Created and modified are SOURCE_DATE_EPOCH (not the incident's start and end)."""
        props = open_docx(render()).core_properties
        expected = datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), timezone.utc)
        assert props.created == expected
        assert props.modified == expected

    def test_dates_are_now_without_source_date_epoch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without SOURCE_DATE_EPOCH the document is dated when it is rendered."""
        monkeypatch.delenv("SOURCE_DATE_EPOCH")
        before = datetime.now(timezone.utc).replace(microsecond=0)
        props = open_docx(render()).core_properties
        after = datetime.now(timezone.utc) + timedelta(seconds=1)
        assert before <= props.created <= after
        assert props.modified == props.created

    def test_application_is_postmortem_without_made_up_counts(self) -> None:
        """app.xml names postmortem and claims no page or word count (it said Word, 1 page, 0 words)."""
        with zipfile.ZipFile(io.BytesIO(render())) as package:
            app = package.read("docProps/app.xml").decode()
        assert "<Application>postmortem</Application>" in app
        assert "Macintosh" not in app
        assert "<Pages>" not in app
        assert "<Words>" not in app

    def test_no_blank_thumbnail(self) -> None:
        """The template's blank preview image and its relationship are gone."""
        with zipfile.ZipFile(io.BytesIO(render())) as package:
            names = package.namelist()
            relationships = package.read("_rels/.rels").decode()
        assert not [name for name in names if "thumbnail" in name]
        assert "thumbnail" not in relationships
