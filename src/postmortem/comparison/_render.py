"""A comparison as text (with or without colour), Markdown and HTML."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from postmortem.errors import shown_path

if TYPE_CHECKING:
    # Only annotations: _changes renders with this module, so it imports it at run time.
    from postmortem.comparison._changes import Change, IncidentDiff


_TITLES = {
    "milestones": "Milestones",
    "timeline": "Timeline",
    "action_items": "Action items",
    "sections": "Sections",
}


def _title(section: str) -> str:
    return _TITLES.get(section, section.replace("_", " ").capitalize())


class _TextStyle:
    def __init__(self, color: bool) -> None:
        self.color = color

    def _paint(self, text: str, fg: str) -> str:
        if not self.color:
            return text
        import click  # noqa: PLC0415

        return click.style(text, fg=fg)

    def header(self, d: IncidentDiff) -> str:
        return f"--- {shown_path(d.before)}\n+++ {shown_path(d.after)}\n"

    def section(self, title: str) -> str:
        return f"\n{title}\n"

    def measures(self, rows: Sequence[tuple[str, str, str]]) -> str:
        return "".join(f"  {name}: {b} -> {a}\n" for name, b, a in rows)

    def change(self, change: Change) -> str:
        mark = {"added": "+", "opened": "+", "removed": "-"}.get(change.kind, "~")
        colour = {"+": "green", "-": "red", "~": "yellow"}[mark]
        where = f"{change.label}: " if change.label else ""
        line = f"  {self._paint(mark + ' ' + change.kind, colour)} {where}"
        if change.words:
            body = " ".join(self._word(op, text) for op, text in change.words)
        elif change.before is not None and change.after is not None:
            body = f"{change.before} -> {change.after}"
        else:
            body = change.after if change.after is not None else change.before or ""
        return f"{line}{body}  ({change.path})\n"

    def _word(self, op: str, text: str) -> str:
        if op == "-":
            return self._paint(f"[-{text}-]", "red")
        if op == "+":
            return self._paint(f"{{+{text}+}}", "green")
        return text

    def empty(self) -> str:
        return "no changes\n"


# Escaped wherever they are: every line of the output starts with our own markup, so the
# characters that only matter at the start of a line (-, +, 1.) need no escape.
_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|~&"})


def _md(text: str) -> str:
    return " ".join(text.split()).translate(_MD_SPECIAL)


class _MarkdownStyle:
    def header(self, d: IncidentDiff) -> str:
        return f"**Post-mortem changes** from `{_code(shown_path(d.before))}` to `{_code(shown_path(d.after))}`\n"

    def section(self, title: str) -> str:
        return f"\n### {title}\n\n"

    def measures(self, rows: Sequence[tuple[str, str, str]]) -> str:
        lines = ["| Measure | Before | After |", "|---|---|---|"]
        lines += [f"| {name} | {b} | {a} |" for name, b, a in rows]
        return "\n".join(lines) + "\n\n"

    def change(self, change: Change) -> str:
        where = f"**{_md(change.label)}** " if change.label else ""
        kind = change.kind
        if change.words:
            body = " ".join(self._word(op, text) for op, text in change.words)
        elif change.before is not None and change.after is not None:
            body = f"{_md(change.before)} → {_md(change.after)}"
        else:
            body = _md(change.after if change.after is not None else change.before or "")
        return f"- *{kind}* {where}{body}\n"

    def _word(self, op: str, text: str) -> str:
        if op == "-":
            return f"~~{_md(text)}~~"
        if op == "+":
            return f"**{_md(text)}**"
        return _md(text)

    def empty(self) -> str:
        return "\nNo changes.\n"


def _code(text: str) -> str:
    return text.replace("`", "'")


# Inline styles: a notebook has no stylesheet of ours.
_DEL = '<del style="background:#ffebe9;color:#82071e">'
_INS = '<ins style="background:#dafbe1;color:#116329;text-decoration:none">'


class _HTMLStyle:
    def header(self, d: IncidentDiff) -> str:
        return (
            '<div class="postmortem-diff"><p><strong>Changes</strong> from '
            f"<code>{html.escape(shown_path(d.before))}</code> to <code>{html.escape(shown_path(d.after))}</code></p>"
        )

    def section(self, title: str) -> str:
        return f"<h4>{html.escape(title)}</h4>"

    def measures(self, rows: Sequence[tuple[str, str, str]]) -> str:
        body = "".join(
            f"<tr><td>{html.escape(n)}</td><td>{html.escape(b)}</td><td>{html.escape(a)}</td></tr>" for n, b, a in rows
        )
        return f"<table><tr><th>Measure</th><th>Before</th><th>After</th></tr>{body}</table>"

    def change(self, change: Change) -> str:
        where = f"<strong>{html.escape(change.label)}</strong> " if change.label else ""
        if change.words:
            body = " ".join(self._word(op, text) for op, text in change.words)
        elif change.before is not None and change.after is not None:
            body = f"{_DEL}{html.escape(change.before)}</del> → {_INS}{html.escape(change.after)}</ins>"
        else:
            body = html.escape(change.after if change.after is not None else change.before or "")
        return f"<li><em>{html.escape(change.kind)}</em> {where}{body}</li>"

    def _word(self, op: str, text: str) -> str:
        if op == "-":
            return f"{_DEL}{html.escape(text)}</del>"
        if op == "+":
            return f"{_INS}{html.escape(text)}</ins>"
        return html.escape(text)

    def empty(self) -> str:
        return "<p>No changes.</p></div>"


def _render(d: IncidentDiff, style: Any) -> str:
    parts = [style.header(d)]
    if not d.changes:
        parts.append(style.empty())
        return "".join(parts)
    html_style = isinstance(style, _HTMLStyle)
    for section, changes in d.sections().items():
        parts.append(style.section(_title(section)))
        if section == "milestones" and d.measures:
            parts.append(style.measures(d.measures))
        if html_style:
            parts.append("<ul>")
        parts.extend(style.change(change) for change in changes)
        if html_style:
            parts.append("</ul>")
    if d.measures and "milestones" not in d.sections():
        parts.append(style.section("Milestones"))
        parts.append(style.measures(d.measures))
    if html_style:
        parts.append("</div>")
    return "".join(parts)
