"""Reading the sections that are not timelines or action items: facts, impact, narrative, people, links, factors."""

from __future__ import annotations

import math
import re
from typing import Any

import attrs

from postmortem import model, presentation
from postmortem.importing._build_incident import _accuracy
from postmortem.importing._build_state import (
    _KEY_VALUE,
    FreeSection,
    Mapped,
    _cell_link,
    _empty,
    _enum_value,
    _is_role,
    _participant,
    _people,
    _plain_inline,
    _State,
    _table_rows,
)
from postmortem.importing._document import Block, Cell, Part
from postmortem.importing._table import normalise
from postmortem.importing._times import leading_time, resolve


def _facts(state: _State, block: Block, kind: str, into: dict[str, Any]) -> bool:  # noqa: PLR0911, PLR0912  (one case per fact)
    """Read a list of "**Label:** value" facts (users affected, detection method); True when all were read."""
    if kind == "impact" and block.kind == "table" and block.rows:
        if frozenset(normalise(cell.text) for cell in block.rows[0]) not in state.table.impact_tables:
            return False
        table_metrics: list[model.ImpactMetric] = []
        for row in block.rows[1:]:
            if len(row) != 2 or not row[0].text.strip():
                return False
            number_text, _, unit = row[1].text.strip().partition(" ")
            number = _number(number_text)
            if number is None:
                return False
            table_metrics.append(model.ImpactMetric(name=row[0].text.strip(), value=number, unit=unit.strip()))
        into["metrics"] = tuple(into.get("metrics", ())) + tuple(table_metrics)
        return True
    if block.kind != "list" or any(item.depth for item in block.items):
        return False
    labels = state.table.facts[kind]
    found: dict[str, Any] = {}
    metrics: list[model.ImpactMetric] = []
    for item in block.items:
        pair = _whole_fact(item.text) or (_figure_fact(item.first) if kind == "impact" else None)
        if pair is None:
            return False
        label, value = pair
        name = labels.get(normalise(label))
        if kind == "impact":
            if name == "derived":
                state.consumed.append(item.text)
                continue
            if name == "users_affected":
                number = _number(value)
                if number is None or number != int(number):
                    return False
                found[name] = int(number)
                continue
            if name == "share_affected" and value.endswith("%") and _number(value[:-1]) is not None:
                found[name] = round(float(_number(value[:-1]) or 0) / 100, 12)
                continue
            number_text, _, unit = value.partition(" ")
            if not unit and number_text[-1:] in ("%", "‰"):
                # format_measure writes "31.2%" and "99.9‰" without a space.
                number_text, unit = number_text[:-1], number_text[-1]
            number = _number(number_text)
            if number is None:
                return False
            metrics.append(model.ImpactMetric(name=label, value=number, unit=unit.strip()))
        elif name is None:
            return False
        else:
            found[name] = value
    if metrics:
        found["metrics"] = tuple(into.get("metrics", ())) + tuple(metrics)
    into.update(found)
    return True


_FIGURE_FIRST = re.compile(r"^\s*\*\*(?P<figure>[-+]?\d[^*\n]*?)\*\*\s+(?P<label>[^\n]*\S)\s*$")


def _figure_fact(markdown: str) -> tuple[str, str] | None:
    """``("users affected", "14,860")`` for "**14,860** users affected", as our exports list figures."""
    match = _FIGURE_FIRST.match(markdown)
    if match is None:
        return None
    return match.group("label").strip(), match.group("figure").strip()


def _whole_fact(text: str) -> tuple[str, str] | None:
    """``("Users affected", "14,860")`` for one "Label: value" line (the label may be long)."""
    match = _KEY_VALUE.match(text)
    if match is None or "\n" in text.strip():
        return None
    return match.group("key").strip(), match.group("value").strip()


def _number(text: str) -> float | None:
    cleaned = text.strip().replace(",", "").replace("\u202f", "").replace("\u00a0", "")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _leftover_section(state: _State, part: Part, leftovers: list[str], *, parsed: bool) -> None:
    if leftovers:
        title = f"{part.title} (notes)" if parsed else part.title
        state.sections.append(FreeSection(title, "\n\n".join(leftovers)))


def _customer_communication(state: _State, part: Part) -> None:
    leftovers: list[str] = []
    before = len(state.communications)
    for block in part.blocks:
        table_ = _table_rows(state, block, "communication")
        if table_ is None or not {"time", "channel"} <= set(table_[0]):
            leftovers.append(block.markdown)
            continue
        columns, rows = table_
        for row in rows:
            when = leading_time(row[columns["time"]].text, state.table, state.doc_date)
            time = resolve(when, state.doc_date, state.doc_zone) if when else None
            channel = _enum_value(model.CommunicationChannel, row[columns["channel"]].text) or "other"
            if time is None or when is None:
                leftovers.append("| " + " | ".join(cell.markdown for cell in row) + " |")
                continue
            summary = row[columns["summary"]].markdown.strip() if "summary" in columns else ""
            link: str | None = None
            if "link" in columns and not _empty(row[columns["link"]].text):
                found = _cell_link(row[columns["link"]].markdown)
                link = found[1] if found else row[columns["link"]].text.strip()
            elif "<br>" in summary and _cell_link(summary.rpartition("<br>")[2].strip()):
                # Markdown export: the address on its own line under the update.
                head, _, tail = summary.rpartition("<br>")
                found = _cell_link(tail.strip())
                if found:
                    summary, link = head.strip(), found[1]
            elif summary.endswith(")") and " (" in summary:
                # Confluence export: "summary ([url](url))".
                head, _, tail = summary.rpartition(" (")
                found = _cell_link(tail[:-1])
                if found:
                    summary, link = head, found[1]
            state.communications.append(
                model.CustomerCommunication(
                    channel=model.CommunicationChannel(channel),
                    time=time,
                    summary="" if _empty(summary) else summary,
                    link=link,
                    # "about 14:00", as the exports write an approximate time, stays approximate.
                    time_accuracy=_accuracy(when),
                )
            )
    leftovers += [child.markdown(with_heading=True) for child in part.children]
    _leftover_section(state, part, leftovers, parsed=len(state.communications) > before)


def _narrative(state: _State, part: Part) -> None:
    leftovers = [block.markdown for block in part.blocks]
    for child in part.children:
        name = state.table.narrative_parts.get(normalise(child.title))
        if name is None:
            leftovers.append(child.markdown(with_heading=True))
            continue
        state.mapping.append(Mapped(child.title, f"narrative.{name}", child.line))
        if name != "hypotheses":
            state.narrative.setdefault(name, []).append(child.markdown())
            continue
        for block in child.blocks:
            table_ = _table_rows(state, block, "hypothesis")
            if table_ is None or "statement" not in table_[0]:
                leftovers.append(block.markdown)
                continue
            columns, rows = table_
            for row in rows:
                statement = row[columns["statement"]].markdown.strip()
                if not statement:
                    continue
                outcome = (
                    _enum_value(model.HypothesisOutcome, row[columns["outcome"]].text) if "outcome" in columns else None
                )
                evidence = row[columns["evidence"]].markdown.strip() if "evidence" in columns else ""
                state.hypotheses.append(
                    model.Hypothesis(
                        statement=statement,
                        outcome=model.HypothesisOutcome(outcome or "untested"),
                        evidence="" if _empty(evidence) else evidence,
                    )
                )
    _leftover_section(state, part, leftovers, parsed=bool(state.narrative or state.hypotheses))


def _participants(state: _State, part: Part) -> None:
    leftovers: list[str] = []
    before = len(state.participants)
    for block in part.blocks:
        if block.kind == "list":
            leftovers += _participant_list(state, block)
            continue
        table_ = _table_rows(state, block, "participant")
        if table_ is None or "name" not in table_[0]:
            leftovers.append(block.markdown)
            continue
        columns, rows = table_
        for row in rows:

            def cell(role: str, row: list[Cell] = row) -> str:
                return row[columns[role]].text.strip() if role in columns else ""  # noqa: B023  (used at once)

            if _empty(cell("name")):
                continue
            state.participants.append(
                model.Participant(
                    name=cell("name"),
                    role="" if _empty(cell("role")) else cell("role"),
                    handle=None if _empty(cell("handle")) else cell("handle"),
                    team=None if _empty(cell("team")) else cell("team"),
                )
            )
    leftovers += [child.markdown(with_heading=True) for child in part.children]
    _leftover_section(state, part, leftovers, parsed=len(state.participants) > before)


_NAME_THEN_ROLE = re.compile(r"^(?P<name>[^:—–]+?)\s*(?:\s[—–-]\s|:\s)\s*(?P<role>\S.*)$")
_NAME_WORD = re.compile(r"^(?:@[\w.-]+|[A-Z][\w'.-]*)$")


def _a_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 4 and all(_NAME_WORD.match(word) for word in words)


def _participant_list(state: _State, block: Block) -> list[str]:
    """People from a list: "Priya Raman — incident lead", "Luis Ortega (DBA on-call)", "Hana Kim, Omar Said".

    An item whose parts are not names ("the whole payments team joined later") is kept as written.
    """
    leftovers: list[str] = []
    for item in block.items:
        if item.depth:
            continue
        text = item.text.strip()
        split = _NAME_THEN_ROLE.match(text)
        if split and _a_name(split.group("role")) and _is_role(state.table, split.group("name")):
            people, role = [(split.group("role").strip(), "")], split.group("name").strip()  # "Scribe: Omar Said"
        elif split and _a_name(split.group("name")) and "(" not in split.group("name"):
            people, role = [(split.group("name").strip(), "")], split.group("role").strip()
        else:
            people, role = _people(text), ""
        if not people or not all(_a_name(name) for name, _note in people):
            leftovers.append(f"- {item.markdown}")
            continue
        for name, note in people:
            state.participants.append(_participant(state.table, name, note, role=role))
    return leftovers


def _links(state: _State, part: Part) -> None:
    leftovers: list[str] = []
    before = len(state.links)
    for block in part.blocks:
        if block.kind != "list":
            leftovers.append(block.markdown)
            continue
        for item in block.items:
            found = _cell_link(item.markdown) if item.depth == 0 else None
            if found is None:
                if item.depth == 0:
                    leftovers.append(f"- {item.markdown}")
                continue
            label, url = found
            title = "" if _plain_inline(label) == url else label
            state.links.append(model.Link(url=url, title=title))
    leftovers += [child.markdown(with_heading=True) for child in part.children]
    _leftover_section(state, part, leftovers, parsed=len(state.links) > before)


_NO_METRICS_NOTE = presentation.LABELS["no_key_metrics"].casefold()


def our_metrics_note(block: Block) -> bool:
    """Our exports' line in place of the key metrics when none is known ("No key metric can be ...")."""
    if block.kind != "paragraph":
        return False
    return re.sub(r"[*_\s]+", " ", block.text or block.markdown).strip().casefold() == _NO_METRICS_NOTE


def _key_metrics(state: _State, part: Part) -> None:
    leftovers: list[str] = []
    for block in part.blocks:
        if our_metrics_note(block):
            continue
        if block.kind == "table" and block.rows:
            header = frozenset(normalise(cell.text) for cell in block.rows[0])
            if header in state.table.derived_tables:
                continue
            if header == frozenset({"milestone", "time"}):
                for row in block.rows[1:]:
                    key = state.table.metadata_key(row[0].text) if len(row) == 2 else None
                    if key in ("started", "detected", "acknowledged", "mitigated", "resolved"):
                        state.metadata.setdefault(key, (row[1].text.strip(), block.line))
                continue
        leftovers.append(block.markdown)
    leftovers += [child.markdown(with_heading=True) for child in part.children]
    _leftover_section(state, part, leftovers, parsed=False)


def _with_triggers(factors: list[model.ContributingFactor], text: str) -> list[model.ContributingFactor]:
    """The factors with the trigger section's entries marked or added as triggers.

    A trigger section written as a list names one trigger per item; a factor of the same
    description (our exports list a trigger both under "Trigger" and among the factors) is
    marked as the trigger instead of being read twice.
    """
    items: list[list[str]] = []
    whole_list = True
    for line in text.splitlines():
        bullet = re.match(r"[-*+] +(.+)$", line)
        if bullet is not None:
            items.append([bullet.group(1).strip()])
        elif items and line[:1].isspace() and line.strip():
            items[-1].append(line.strip())  # a wrapped item's next line, indented under it
        elif line.strip():
            whole_list = False
    triggers = [" ".join(item) for item in items] if items and whole_list else [text]
    found: list[model.ContributingFactor] = []
    for description in triggers:
        wanted = " ".join(description.split())
        same = [i for i, factor in enumerate(factors) if " ".join(factor.description.split()) == wanted]
        if same:
            factors[same[0]] = attrs.evolve(factors[same[0]], trigger=True)
        else:
            found.append(model.ContributingFactor(description=description, trigger=True))
    return found + factors


def _contributing_factors(state: _State, part: Part) -> None:
    leftovers: list[str] = []
    for block in part.blocks:
        table_ = _table_rows(state, block, "factor")
        if block.kind == "list":
            state.factors += [
                model.ContributingFactor(description=item.markdown) for item in block.items if not item.depth
            ]
            continue
        if table_ is None or "description" not in table_[0]:
            leftovers.append(block.markdown)
            continue
        columns, rows = table_
        for row in rows:
            description = row[columns["description"]].markdown.strip()
            if not description:
                continue
            category_text = row[columns["category"]].text.strip() if "category" in columns else ""
            trigger = False
            if category_text.endswith("(trigger)"):
                trigger, category_text = True, category_text[: -len("(trigger)")].strip()
            # "Monitoring<br>Trigger" (our exports put the trigger label under the category).
            lines = [line.strip() for line in re.split(r"<br\s*/?>|\n", category_text) if line.strip()]
            if len(lines) > 1 and normalise(lines[-1]) == "trigger":
                trigger, category_text = True, " ".join(lines[:-1])
            if "trigger" in columns:
                trigger = normalise(row[columns["trigger"]].text) in ("yes", "true", "x", "y")
            category = _enum_value(model.FactorCategory, category_text) if category_text else None
            state.factors.append(
                model.ContributingFactor(
                    description=description, category=model.FactorCategory(category or "other"), trigger=trigger
                )
            )
            if category_text and category is None:
                leftovers.append(f"- {category_text}: {description}")
    for child in part.children:
        leftovers.append(child.markdown(with_heading=True))
    _leftover_section(state, part, leftovers, parsed=bool(state.factors))


def _factors_beside_the_cause(state: _State, part: Part) -> Part:
    """Under "Root cause and contributory factors", the lists are the factors, the prose the root cause.

    Only when the section has prose besides its flat lists; else it is read as the root cause.
    """
    if "contributing_factors" not in state.table.named_in(part.title):
        return part
    lists = [block for block in part.blocks if block.kind == "list" and not any(item.depth for item in block.items)]
    if not lists or len(lists) == len(part.blocks):
        return part
    state.mapping.append(Mapped(part.title, "contributing_factors", part.line))
    for block in lists:
        state.factors += [model.ContributingFactor(description=item.markdown) for item in block.items]
    return attrs.evolve(part, blocks=[block for block in part.blocks if block not in lists])


def _entries(part: Part) -> list[str]:
    entries: list[str] = []
    for block in part.blocks:
        if block.kind == "list":
            entries += [item.markdown for item in block.items if item.depth == 0]
        elif block.markdown.strip():
            entries.append(block.markdown)
    for child in part.children:
        entries.append(child.markdown(with_heading=True))
    return entries
