"""The plain-HTML preview of storage format."""

from __future__ import annotations

from html.parser import HTMLParser

from postmortem_confluence import ConfluenceExporter, page_title
from postmortem_confluence.testing import preview_html

from postmortem.testing import sample_incident


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.classes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.classes.extend((value or "") for name, value in attrs if name == "class")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def collect(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


class TestPreview:
    def test_macros_become_plain_html(self) -> None:
        """Status, panel, expand, Jira and mention macros turn into spans, divs and details."""
        incident = sample_incident(events=30)
        storage = ConfluenceExporter().render(incident)
        page = collect(preview_html(storage, page_title(incident)))
        assert "details" in page.tags
        assert {"status status-yellow", "panel panel-warning", "jira", "mention", "toc"} <= set(page.classes)
        assert not any(tag.startswith(("ac:", "ri:")) for tag in page.tags)
        text = "".join(page.text)
        assert "OPS-1234" in text
        assert "@Participant marker PERSON7" in text

    def test_a_code_block_is_shown(self) -> None:
        """A code block (the ``code`` macro) is a ``pre`` with its text as written, escaped; it was
        left out of the preview, a log excerpt and a diagram gone from the page."""
        import attrs

        summary = "Seen:\n\n```\nERROR <b>route</b> & fallback=disabled\n  at Router.route\n```"
        incident = attrs.evolve(sample_incident(), summary=summary)
        page = preview_html(ConfluenceExporter().render(incident), page_title(incident))
        assert "<pre>ERROR &lt;b&gt;route&lt;/b&gt; &amp; fallback=disabled\n  at Router.route</pre>" in page

    def test_hostile_title_is_escaped(self) -> None:
        """The title given to the preview is text, not markup."""
        page = collect(preview_html("<p>x</p>", "<script>alert(1)</script>"))
        assert "script" not in page.tags
        assert "<script>alert(1)</script>" in "".join(page.text)

    def test_unsafe_attributes_are_dropped(self) -> None:
        """Event handlers and javascript: links in a storage body do not reach the preview."""
        storage = '<p onclick="x()"><a href="javascript:alert(1)">a</a><a href="https://ok.example.com">b</a></p>'
        page = preview_html(storage)
        assert "onclick" not in page
        assert "javascript:" not in page
        assert 'href="https://ok.example.com"' in page

    def test_a_date_shows_its_day(self) -> None:
        """An empty ``<time datetime="...">`` (the page properties' Date, an action item's due date),
        which Confluence shows as a date, shows its day in the preview (the Date row was blank)."""
        page = preview_html('<p><time datetime="2026-10-13"></time></p><p><time datetime="x">said</time></p>')
        assert '<time datetime="2026-10-13">2026-10-13</time>' in page
        assert '<time datetime="x">said</time>' in page
