"""A plain-HTML preview of storage format: macros become simple HTML, for looking at a page offline.

This is not Confluence's renderer; it shows structure and text faithfully enough to review a
page (and to screenshot it) without a server.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

from postmortem_confluence._storage import safe_url
from postmortem_confluence._xml import STORAGE_NAMESPACES, parse_storage

__all__ = ["preview_html"]

_AC = "{" + STORAGE_NAMESPACES["ac"] + "}"
_RI = "{" + STORAGE_NAMESPACES["ri"] + "}"

_CSS = """
body { font: 14px/1.5 -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #172b4d;
       max-width: 1100px; margin: 24px auto; padding: 0 24px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 28px 0 8px; border-bottom: 1px solid #dfe1e6; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
table { border-collapse: collapse; margin: 8px 0 12px; }
th, td { border: 1px solid #c1c7d0; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f5f7; }
.status { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase;
          border-radius: 3px; padding: 0 4px; margin-right: 4px; }
.status-grey { background: #dfe1e6; color: #42526e; } .status-red { background: #ffebe6; color: #bf2600; }
.status-yellow { background: #fffae6; color: #ff8b00; } .status-green { background: #e3fcef; color: #006644; }
.status-blue { background: #deebff; color: #0747a6; } .status-purple { background: #eae6ff; color: #403294; }
.panel { border-radius: 3px; padding: 8px 12px; margin: 8px 0; }
.panel-info { background: #deebff; } .panel-warning { background: #fffae6; } .panel-note { background: #eae6ff; }
.panel-title { font-weight: 700; margin: 0 0 4px; }
.toc { background: #f4f5f7; padding: 8px 16px; display: inline-block; }
.mention { background: #ebecf0; border-radius: 12px; padding: 0 6px; }
.jira { font-family: monospace; background: #f4f5f7; padding: 0 4px; }
details summary { cursor: pointer; color: #0052cc; }
"""


def preview_html(storage: str, title: str = "") -> str:
    """Turn storage XHTML into a standalone HTML page with macros replaced by simple HTML.

    Args:
        storage: The page body in storage format.
        title: Shown as the page heading (Confluence shows the page title above the body).

    Returns:
        An HTML document.
    """
    root = parse_storage(storage)
    headings = ["".join(h.itertext()) for h in root.iter("h2")]
    body = ET.Element("div")
    _convert_children(root, body, headings)
    inner = ET.tostring(body, encoding="unicode", method="html")
    heading = f"<h1>{html.escape(title)}</h1>" if title else ""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
        f"<body>{heading}{inner}</body></html>"
    )


def _parameters(macro: ET.Element) -> dict[str, str]:
    return {p.get(f"{_AC}name", ""): "".join(p.itertext()) for p in macro.findall(f"{_AC}parameter")}


def _append_text(parent: ET.Element, text: str | None) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _convert_children(source: ET.Element, target: ET.Element, headings: list[str]) -> None:
    _append_text(target, source.text)
    for child in source:
        converted = _convert(child, headings)
        if converted is not None:
            target.append(converted)
        _append_text(target, child.tail)


def _convert(element: ET.Element, headings: list[str]) -> ET.Element | None:
    tag = element.tag
    if tag == f"{_AC}structured-macro":
        return _macro(element, headings)
    if tag == f"{_AC}link" and element.get(f"{_AC}anchor") and element.find(f"{_RI}user") is None:
        # A link to an anchor of the page (a footnote and its way back).
        link = ET.Element("a", {"href": "#" + element.get(f"{_AC}anchor", "")})
        link.text = "".join(element.itertext())
        return link
    if tag == f"{_AC}link":
        user = element.find(f"{_RI}user")
        body = element.find(f"{_AC}link-body")
        span = ET.Element("span", {"class": "mention"})
        name = "".join(body.itertext()) if body is not None else ""
        if not name and user is not None:
            name = user.get(f"{_RI}account-id") or user.get(f"{_RI}userkey") or "user"
        span.text = f"@{name}"
        return span
    if tag.startswith("{"):
        return None  # other Confluence elements have no plain-HTML form here
    # Only harmless attributes are kept, and links only to http, https and mailto.
    attributes = {k: v for k, v in element.attrib.items() if k in {"title", "colspan", "rowspan"}}
    if element.get("dir") in {"rtl", "ltr", "auto"}:
        attributes["dir"] = element.get("dir", "")
    href = safe_url(element.get("href"))
    if href is not None:
        attributes["href"] = href
    if tag == "time" and element.get("datetime"):
        attributes["datetime"] = element.get("datetime", "")
    copy = ET.Element(tag, attributes)
    _convert_children(element, copy, headings)
    if tag == "time" and not "".join(copy.itertext()).strip():
        # Confluence shows an empty <time datetime="..."> as a date lozenge; the preview showed nothing
        # (the page properties' Date row was blank).
        copy.text = element.get("datetime", "")
    return copy


def _macro(element: ET.Element, headings: list[str]) -> ET.Element | None:  # noqa: PLR0911, PLR0912  (one return per macro)
    name = element.get(f"{_AC}name", "")
    parameters = _parameters(element)
    rich_body = element.find(f"{_AC}rich-text-body")
    if name == "status":
        span = ET.Element("span", {"class": f"status status-{parameters.get('colour', 'Grey').lower()}"})
        span.text = parameters.get("title", "")
        return span
    if name == "toc":
        nav = ET.Element("div", {"class": "toc"})
        items = ET.SubElement(nav, "ul")
        for heading in headings:
            ET.SubElement(items, "li").text = heading
        return nav
    if name == "anchor":
        return ET.Element("a", {"id": parameters.get("", "")})
    if name == "jira":
        span = ET.Element("span", {"class": "jira"})
        span.text = parameters.get("key", "")
        return span
    if name in {"info", "warning", "note", "tip"}:
        div = ET.Element("div", {"class": f"panel panel-{name}"})
        if parameters.get("title"):
            ET.SubElement(div, "p", {"class": "panel-title"}).text = parameters["title"]
        if rich_body is not None:
            _convert_children(rich_body, div, headings)
        return div
    if name == "details":  # Page Properties: the page's own key facts, shown as they are
        div = ET.Element("div", {"class": "page-properties"})
        if rich_body is not None:
            _convert_children(rich_body, div, headings)
        return div
    if name in {"code", "noformat"}:
        # A code block: its text as written (it was left out of the preview altogether).
        pre = ET.Element("pre")
        plain = element.find(f"{_AC}plain-text-body")
        pre.text = "".join(plain.itertext()) if plain is not None else ""
        return pre
    if name == "expand":
        details = ET.Element("details")
        ET.SubElement(details, "summary").text = parameters.get("title", "Expand")
        if rich_body is not None:
            _convert_children(rich_body, details, headings)
        return details
    return None
