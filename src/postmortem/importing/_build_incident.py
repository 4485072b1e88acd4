"""Putting the incident together: severity, milestones, detection, title and id."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, Final

from postmortem import model
from postmortem.errors import FieldError
from postmortem.importing._build_state import _ID, _JIRA, _a_sentence, _empty, _enum_value, _Event, _State
from postmortem.importing._document import Block, Part
from postmortem.importing._milestones_read import stated_start, stream_milestones, summary_start
from postmortem.importing._table import normalise, table
from postmortem.importing._times import When, leading_time, resolve

# "1 (privacy)" after "Sev:", "Sev: 2", "S1", "Level 3": a level of the scale by its number.
_LEVEL_NUMBER = re.compile(r"^\s*(?:sev(?:erity)?|level|s)?\s*[-:#]?\s*(?P<n>\d)(?!\d)(?![.,]\d)", re.IGNORECASE)
# A severity label among the tags or labels: "sev-2", "sev1", "severity/high", "severity: 3".
_SEVERITY_LABEL = re.compile(r"(?<![\w-])(?:severity|sev)\s*[-_:/]?\s*(?P<level>\d|[a-z]+)(?![\w-])", re.IGNORECASE)


def _severity_label(state: _State) -> model.Severity | None:
    """A severity written as a label ("Labels: incident, sev-2") where no severity line is written."""
    value = state.metadata.get("tags")
    if value is None:
        return None
    for match in _SEVERITY_LABEL.finditer(value[0]):
        level = _level_of(state, match.group(0)) or _level_of(state, match.group("level"))
        if level is not None:
            state.inferred.append(f"severity {level.name} from the label '{match.group(0)}' (line {value[1]})")
            return level
    return None


def _level_of(state: _State, text: str) -> model.Severity | None:
    number = _LEVEL_NUMBER.match(text)
    if number and number.end() == len(text.rstrip()):
        return _scale_level(f"SEV{number.group('n')}")
    name = state.table.severity_words.get(normalise(text))
    return _scale_level(name) if name else None


def _scale_level(name: str) -> model.Severity | None:
    try:
        return model.DEFAULT_SEVERITY_SCALE.get(name)
    except KeyError:
        return None  # "Sev 0" on a scale from SEV1


def _severity(state: _State) -> model.Severity | None:
    value = state.metadata.get("severity") or state.metadata.get("priority")
    if value is None:
        labelled = _severity_label(state)
        if labelled is None:
            state.missing.append("severity: the document names none")
        return labelled
    text = normalise(value[0])
    for level in model.DEFAULT_SEVERITY_SCALE:
        # "SEV1", or our export's "SEV1 — Critical: ..."
        if normalise(level.name) == text or value[0].strip().startswith(f"{level.name} — "):
            return level
    for word, name in sorted(state.table.severity_words.items(), key=lambda pair: -len(pair[0])):
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            level = model.DEFAULT_SEVERITY_SCALE.get(name)
            state.inferred.append(f"severity {level.name} from '{value[0]}'")
            return level
    number = _LEVEL_NUMBER.match(value[0])
    by_number = _scale_level(f"SEV{number.group('n')}") if number else None
    if by_number is not None:
        state.inferred.append(f"severity {by_number.name} from '{value[0]}' (the level's number)")
        return by_number
    state.missing.append(f"severity: '{value[0]}' is not a level of the scale")
    return None


def _accuracy(when: When) -> model.TimeAccuracy:
    """The model's accuracy of a time as written: its precision and its bound.

    ``~10:00`` is "about"; ``no later than 10:00`` and ``no earlier than 10:00`` are bounded.
    """
    bound = model.TimeBound.ABOUT if when.approximate else model.TimeBound(when.bound) if when.bound else None
    return model.TimeAccuracy(precision=model.TimePrecision(when.precision), bound=bound)


def _milestone_value(state: _State, name: str) -> tuple[datetime, When] | None:
    value = state.metadata.get(name)
    if value is None and name == "started":
        value = state.metadata.get("window")  # "Incident window: 6 October 21:05 to ...": its start
    if value is None:
        return None
    when = leading_time(value[0], state.table, state.doc_date)
    if when is None:
        return None
    time = resolve(when, state.doc_date, state.doc_zone)
    return None if time is None else (time, when)


@functools.lru_cache(maxsize=256)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One search for "one of ``words`` starts here, after no letter".

    Before, a search a word: the synonym table's words are more than ``re``'s cache holds, so each
    search compiled its pattern again (a CSV timeline of 50,000 rows spent most of its 8 s there).
    """
    if not words:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(word) for word in words)})")


def _words_in(text: str, words: Iterable[str]) -> bool:
    pattern = _any_of(tuple(words))
    return pattern is not None and pattern.search(text.casefold()) is not None


#: Round 25: changes the summary's start never passes over (beside ``milestone_words.background_change``).
_CHANGES: Final = ("push", "deploy", "applied", "config", "firmware", "update", "patch", "release", "roll", "change")


def _first_eventful(state: _State, ordered: Sequence[_Event]) -> _Event:
    """The first event after the routine entries a log opens with.

    A shift log's "06:00 Shift start", a site diary's "07:30 Toolbox talk", a match's "15:00 Kick-off"
    or a deck log's midnight "Course 012°, speed 14.2 kn" is the day's context: an entry that names a
    routine word (``milestone_words.routine``) and no setback or detection word is passed over, and the
    incident starts at the first entry after those (round 22). Where every entry is routine, the first.
    """
    words = state.table.milestone_words
    trouble = (*words["setback"], *words["detected"])
    ordered = ordered[_background_changes(state, ordered) :]
    for event in ordered:
        if not _words_in(event.description, words.get("routine", ())) or _words_in(event.description, trouble):
            return event
    return ordered[0]


#: Round 23: a change this long before the entry after it is background, not the incident's start.
_LONG_BEFORE: Final = timedelta(days=7)


def _background_changes(state: _State, ordered: Sequence[_Event]) -> int:
    """How many of the first events are changes made long before the trouble (round 23).

    A refactor that removed a check in November, a migration in February, then the failed run in May:
    an entry naming a change (``milestone_words.background_change``) and no setback or detection word,
    more than a week before the entry after it, is a contributing event; the last entry never is.
    """
    words = state.table.milestone_words
    trouble = (*words["setback"], *words["detected"])
    changes = words.get("background_change", ())
    count = 0
    for event, after in itertools.pairwise(ordered):
        if after.time - event.time <= _LONG_BEFORE or not _words_in(event.description, changes):
            break
        if _words_in(event.description, trouble):
            break
        count += 1
    return count


def _started(state: _State, ordered: Sequence[_Event]) -> tuple[datetime, model.TimeAccuracy] | None:  # noqa: PLR0911  (one return a reading)
    """When the incident started where the document does not say: its first event, else its date."""
    on_the_day = model.TimeAccuracy(precision=model.TimePrecision.DATE)
    if ordered and state.sent_days and state.doc_date is not None and ordered[0].time.date() > state.doc_date:
        # An e-mail sent days after the incident: its times are of the days its messages were sent
        # ("At 09:10 today"); the incident's own date ("failed on 15, 16 and 17 February") is earlier.
        state.inferred.append(
            f"started: the incident's date {state.doc_date.isoformat()} (time unknown), before the e-mail's"
            f" first timed event ({ordered[0].time.isoformat()})"
        )
        day = resolve(When(state.doc_date, None, None, False, "date", 0), None, state.doc_zone)
        return (day, on_the_day) if day is not None else None
    if ordered:
        stated = stated_start(state, ordered[0], ordered)
        if stated is not None:
            # "Between 15:04 and 16:15 UTC ..." under a status page whose first update is at 15:12.
            state.inferred.append(
                f"started: {stated[0].isoformat()}, {stated[2]}, before the first timeline event"
                f" ({ordered[0].time.isoformat()})"
            )
            return stated[0], _accuracy(stated[1])
        first = _first_eventful(state, ordered)
        said = summary_start(state, ordered)
        # Trouble, or a change that may have set it off ("Config push starts" 7 minutes before the errors,
        # round 20), stays the start; only context and things left undone are passed over.
        words = state.table.milestone_words
        setback = (*words["setback"], *words["background_change"], *_CHANGES)
        before = [event for event in ordered if first.time <= event.time < said.time] if said is not None else []
        if said is not None and before and not any(_words_in(event.description, setback) for event in before):
            # Only past causes and context: an earlier event naming trouble ("cache battery degraded") stays.
            state.inferred.append(
                f"started: '{_short(said.description)}' ({said.time.isoformat()}, line {said.line}), where the"
                f" summary says the trouble began; the {ordered.index(said)} event(s) before it are causes or context"
            )
            return said.time, _accuracy(said.when)
        background = _background_changes(state, ordered)
        if first is not ordered[0]:
            routine = ordered.index(first) - background
            state.inferred.append(
                f"started: '{_short(first.description)}' ({first.time.isoformat()}, line {first.line}), after"
                f" {background} change(s) made long before it ('{_short(ordered[0].description)}',"
                f" {ordered[0].time.date().isoformat()}), which are contributing events"
                + (f", and {routine} routine entries" if routine else "")
                if background
                else "started: the first timeline event that tells of trouble or a change,"
                f" '{_short(first.description)}' ({first.time.isoformat()}, line {first.line}),"
                f" after {routine} routine entries"
            )
            return first.time, _accuracy(first.when)
        state.inferred.append(f"started: the first timeline event ({ordered[0].time.isoformat()})")
        return ordered[0].time, _accuracy(ordered[0].when)
    if state.doc_date is not None:
        state.inferred.append(f"started: the document's date {state.doc_date.isoformat()} (time unknown)")
        day = resolve(When(state.doc_date, None, None, False, "date", 0), None, state.doc_zone)
        return (day, on_the_day) if day is not None else None
    return None


def _milestones(state: _State, events: Sequence[_Event]) -> model.Milestones | None:  # noqa: PLR0912  (one case per milestone source)
    stated = {
        name: _milestone_value(state, name) for name in ("started", "detected", "acknowledged", "mitigated", "resolved")
    }
    values: dict[str, Any] = {name: value[0] for name, value in stated.items() if value}
    values.update({f"{name}_accuracy": _accuracy(value[1]) for name, value in stated.items() if value})
    for name, value in stated.items():
        if value:
            label = "window" if name == "started" and "started" not in state.metadata else name
            state.inferred.append(f"{name} from the document's '{label}' line")
    ordered = sorted(events, key=lambda event: event.time)
    if "started" not in values:
        started = _started(state, ordered)
        if started is None:
            return None
        values["started"], values["started_accuracy"] = started
    timed = [event for event in ordered if event.when.precision != "date" and event.time >= values["started"]]
    if any(stated.values()):
        # The document states its milestones; those it leaves out are missing, not guessed.
        timed = []
    previous = values["started"]
    # A status page's "Monitoring" and "Resolved" set the milestones whatever their text says.
    streamed = stream_milestones(state, timed)
    for name in ("detected", "mitigated", "resolved"):
        if name in values:
            previous = values[name]
            continue
        if name == "resolved" and state.ongoing:
            continue
        candidates = [event for event in timed if event.time >= previous]
        words = state.table.milestone_words[name]
        if name == "mitigated":
            # The event impact started with is not where it stopped ("the nightly restart runs again").
            first = ordered[0] if ordered and not stated["started"] else None
            found, why = _impact_ended(state, [event for event in candidates if event is not first])
        else:
            # "Disk usage starts rising; there is no alert on it" tells of no detection.
            saying = [event for event in candidates if _said(event.description, words, as_done=True)]
            if name == "resolved":
                # "Vendor reports their incident resolved" is the provider's, not this incident's end.
                own = [
                    e for e in saying if not _someone_elses(e.description, state.table.milestone_words["third_party"])
                ]
                saying = own or saying
            found, why = (saying[0] if saying else None), ""
        by_status = streamed.get(name)
        if by_status is not None and by_status.time >= previous and (found is None or by_status.time < found.time):
            word = by_status.description.split(":", 1)[0].strip()
            found, why = by_status, f": the status page's update says '{word}'"
        if found is not None:
            values[name] = found.time
            values[f"{name}_accuracy"] = _accuracy(found.when)
            previous = found.time
            state.inferred.append(
                f"{name}: the timeline event '{_short(found.description)}' ({found.time.isoformat()}, line "
                f"{found.line}){why}"
            )
    for name in ("detected", "acknowledged", "mitigated", "resolved"):
        if name not in values and not (name == "resolved" and state.ongoing):
            state.missing.append(f"milestones.{name}")
    if state.ongoing and "resolved" not in values:
        values["ongoing"] = True
    try:
        return model.Milestones(**values)
    except FieldError as exc:
        state.inferred.append(f"milestones: {exc.message}; kept only started")
        return model.Milestones(
            started=values["started"], started_accuracy=values.get("started_accuracy", model.EXACT_TIME)
        )


_NEGATION = re.compile(
    r"(?:\bnot|\bno|\bnever|n't|\bnor|\byet to be|\bwithout|\bnobody|\bno one|\bnothing|\bnone of)\s+"
    r"(?:(?:in|of|from)\s+(?:our|the|its|their)\s+|\w+\s+)?$",
    re.IGNORECASE,
)
# A word denied after it: "the alert did not fire", "alert never fired", "alert was muted".
_DENIED_AFTER = re.compile(
    r"^\w*\s+(?:\w+\s+)?(?:did not|didn't|does not|doesn't|do not|don't|never|was not|wasn't|is not|isn't|"
    r"were not|weren't|had been muted|was muted|was silenced|is muted|stayed silent)\b",
    re.IGNORECASE,
)


# A clause that says what would happen, not what did: "if it happens again we roll back",
# "we will revert unless ...", "ready to fail over".
_HYPOTHETICAL = re.compile(
    r"\b(?:if|unless|in case|should|would|could|might|will|shall|plans? to|planned to|ready to|prepared to|"
    r"whether|otherwise|in the event)\b"
)
_CLAUSE_START = re.compile(r"[.;:!?—–]\s|\s-\s|^")


def _said(text: str, words: Iterable[str], *, as_done: bool = False) -> str | None:
    """The first of ``words`` that ``text`` says and does not deny ("not restored" is no restoring).

    With ``as_done``, a word in a clause that says what would happen ("if it happens again we
    roll back") is not said either.
    """
    low = text.casefold()
    words = tuple(words)
    pattern = _any_of(words)
    if pattern is None or pattern.search(low) is None:
        return None  # none of the words is there: the common case, one search
    for word in words:
        for match in re.finditer(rf"(?<!\w){re.escape(word)}", low):
            if _NEGATION.search(low[max(0, match.start() - 20) : match.start()]):
                continue
            if as_done and _DENIED_AFTER.match(low[match.start() : match.start() + 40]):
                continue
            if as_done and _hypothetical(low, match.start()):
                continue
            return word
    return None


def _hypothetical(low: str, position: int) -> bool:
    """Whether the clause that holds ``position`` says what would happen rather than what did."""
    starts = [match.end() for match in _CLAUSE_START.finditer(low[:position])]
    return bool(_HYPOTHETICAL.search(low[starts[-1] if starts else 0 : position]))


_REPORTS = re.compile(r"\b(?:reports?|reported|confirms?|confirmed|announces?|announced|says|said|posts?|posted)\b")


def _someone_elses(text: str, third_party: Iterable[str]) -> bool:
    """Whether an event tells of a provider's own recovery: "AWS reports EC2 recovered", "Upstream recovers".

    A provider named near the start of the event, or with "reports" / "confirms" / "announces".
    """
    low = text.casefold()
    for word in third_party:
        match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", low)
        if match and (len(low[: match.start()].split()) <= 2 or _REPORTS.search(low)):
            return True
    return False


def _impact_ended(state: _State, events: Sequence[_Event]) -> tuple[_Event | None, str]:
    """The event where impact stopped, and why it was chosen (for the report).

    The first event that says impact ended ("error rate back to normal", "sends succeed again"),
    else the first action that ends impact (a rollback, a flag turned off, a purge), else a
    backlog processed or a provider's recovery. Precautions ("reverted, just in case"), clean-ups
    and partial or failed attempts are never it.
    """
    words = state.table.milestone_words
    ranked: list[tuple[int, _Event, str]] = []
    comes_back = _comes_back(events, words)
    for index, event in enumerate(events):
        text = event.description
        if _said(text, words["not_mitigation"]) or comes_back[index]:
            continue
        ended = _said(text, words["mitigated"], as_done=True)
        again = re.search(r"\bagain\b", text, re.IGNORECASE)
        if (
            ended is None
            and again
            and not _hypothetical(text.casefold(), again.start())
            and not _said(text, words["setback"])
        ):
            ended = "again"
        if ended is not None:
            ranked.append((2 if _someone_elses(text, words["third_party"]) else 0, event, ended))
            continue
        action = _said(text, words["mitigation_actions"], as_done=True)
        if action is not None:
            ranked.append((1, event, action))
            continue
        backlog = _said(text, words["mitigation_late"], as_done=True)
        if backlog is not None:
            ranked.append((2, event, backlog))
    if not ranked:
        return None, ""
    rank, event, word = min(ranked, key=lambda entry: (entry[0], entry[1].time))
    why = {
        0: f": the first event that says impact ended ('{word}')",
        1: f": no event says impact ended; the first action that ends it ('{word}')",
        2: f": no event says impact ended and no action that ends it is written; a later recovery ('{word}')",
    }[rank]
    return event, why


_RETURNS = re.compile(
    r"\b(?:again|returns?|returned|recurs?|recurred|resumes?|resumed|reappears?|reappeared|"
    r"comes? back|came back|back up|climbs? back)\b"
)


def _comes_back(events: Sequence[_Event], words: Any) -> list[bool]:
    """For each event, whether an event after it says the impact came back ("timeouts return", "errors again").

    A recovery that the impact comes back after was a partial one: it is not where impact stopped.
    Only the first later event that is a recovery or fix (what follows it is its own story) or a
    return counts. Each event is read once, from the last back, so a long thread with no recovery
    costs a pass, not a pass per event.
    """
    flags = [False] * len(events)
    after = False  # what the first telling event after the current one says
    for index in range(len(events) - 1, -1, -1):
        flags[index] = after
        low = events[index].description.casefold()
        if any(_said(low, words[name]) for name in ("mitigated", "mitigation_actions", "resolved")):
            after = False
        elif _said(low, words["setback"], as_done=True) and _RETURNS.search(low):
            after = True
    return flags


def _short(text: str, size: int = 50) -> str:
    line = " ".join(text.split())
    return line if len(line) <= size else line[: size - 1] + "…"


def _event_kind(state: _State, description: str) -> str:
    for kind, words in state.table.event_kinds:
        if _words_in(description, words):
            return kind
    return "other"


def _detection(state: _State, text: str) -> model.Detection:
    facts = state.detection_facts
    source = "" if _empty(facts.get("source", "")) else str(facts.get("source", ""))
    time: datetime | None = None
    accuracy = model.EXACT_TIME
    if not _empty(facts.get("time", "")):
        when = leading_time(str(facts["time"]), state.table, state.doc_date)
        time = resolve(when, state.doc_date, state.doc_zone) if when else None
        if when and time is not None:
            accuracy = _accuracy(when)  # "about 14:00" stays approximate
    method_text = str(facts.get("method", ""))
    for suffix in ("(automated)", "(not automated)"):
        method_text = method_text.removesuffix(suffix).strip()
    method = _enum_value(model.DetectionMethod, method_text) if method_text else None
    if method is None:
        for candidate, words in state.table.detection_methods:
            # "Nothing in our monitoring caught it; a customer wrote in" was not found by monitoring.
            if _said(text, words, as_done=True):
                method = candidate
                state.inferred.append(
                    f"detection method {candidate.replace('_', ' ')} from the detection section's words"
                )
                break
    if method is None:
        state.missing.append("detection.method: the detection section does not say")
    return model.Detection(
        method=model.DetectionMethod(method or "other"), source=source, time=time, notes=text, time_accuracy=accuracy
    )


def _joined(entries: Sequence[tuple[str, str]]) -> str:
    if len(entries) == 1:
        return entries[0][1]
    return "\n\n".join(f"**{title}**\n\n{body}" for title, body in entries)


# An id, then a dash, an en or em dash or a colon, then the title: "DE-INC-58 – Revenue ...",
# "OPS-4410 - Login failures", "INC-2026-0187: Card payments declined". A hyphen separates only
# with a space on each side, since ids hold hyphens.
_ID_THEN_TITLE = re.compile(
    r"^\s*(?P<id>#?[A-Za-z0-9][A-Za-z0-9._/#-]{0,63}?)(?:\s*[–—]\s*|:\s+|\s+-\s+)(?P<title>\S.*)$"
)


def _id_and_title(text: str) -> tuple[str, str] | None:
    """``(id, title)`` of a line that starts with an id-shaped token.

    Id-shaped: four characters or more, a digit, a letter (or a leading ``#``), and a hyphen,
    underscore or ``#`` unless all in capitals (``INC1234``); not a date.
    """
    match = _ID_THEN_TITLE.match(text)
    if match is None:
        return None
    token = match.group("id").rstrip("-")
    if not any(ch.isdigit() for ch in token) or not (any(ch.isalpha() for ch in token) or token.startswith("#")):
        return None
    if len(token) < 4 or not (any(ch in "-_#" for ch in token) or token.isupper()):
        return None  # "v2 - API limits", "Log4j – response": words, not ids
    when = leading_time(token, table())
    if when is not None and when.day is not None:
        return None  # "2026-05-21 – VPN outage": a date, not an id
    return token, match.group("title").strip()


def _id_line(state: _State, title: str | None) -> tuple[str | None, str | None]:
    """The id of the document's id line, and the title (the one given, else the line's)."""
    if "id" not in state.metadata:
        return None, title
    value = state.metadata["id"][0]
    split = _id_and_title(value)
    if split is not None:
        # "DE-INC-58 – Revenue dashboards showed stale figures": the id, then the title.
        if title is None:
            state.inferred.append(f"id {split[0]} and title from the line '{_short(value, 70)}'")
        return split[0], title or split[1]
    key = _JIRA.search(value)
    if key is None and _a_sentence(value):
        # "Incident: main arena held, then partly evacuated, ...": what happened, not its id.
        state.inferred.append(f"the id line '{_short(value, 50)}' is a sentence: kept as written, not used as the id")
        return None, title
    if title is None and ":" in value:
        title = value.split(":", 1)[1].strip()
    return (key.group(1) if key else value.split(":")[0].strip()), title


# A ticket's key before its summary: "[OPS-4471] ..." always; "OPS-4471 ..." when the key has two
# digits or more and is no severity ("SEV-1 checkout outage").
_KEY_FIRST = re.compile(
    r"^(?:\[(?P<key>[A-Z][A-Z0-9_]{1,15}-[1-9][0-9]{0,6})\]\s*|(?!SEV-)(?P<bare>[A-Z][A-Z0-9_]{1,15}-[1-9][0-9]{1,6})\s+(?=\w))"
)


def _as_written(title: str, rest: str) -> str:
    """A title without its "Incident report:" prefix, in the author's case.

    Where the whole title was written in lower case ("incident report: database failover"), the
    first letter is capitalised ("Database failover"), as the prefix's capital would have stood
    for it; a title with any capital keeps its case ("Postmortem: iOS crash on launch").
    """
    if rest and title == title.lower():
        return rest[0].upper() + rest[1:]
    return rest


def _title_and_id(state: _State, title: str | None) -> tuple[str, str]:
    incident_id, title = _id_line(state, title)
    text = (title or state.metadata.get("title", ("", 0))[0] or "").strip()
    bracket = re.match(r"^\[([^\]]{1,20})\]\s*", text)
    if bracket and normalise(bracket.group(1)) in state.table.ongoing:
        state.ongoing = True
        state.inferred.append(f"ongoing: the title says '{bracket.group(1)}'")
        text = text[bracket.end() :]
    key = _KEY_FIRST.match(text)
    if key:
        # "[OPS-4471] Checkout 502s ..." or "OPS-4471 Checkout 502s ...": a ticket's key, then its summary.
        incident_id = incident_id or key.group("key") or key.group("bare")
        text = text[key.end() :].strip()
    head, sep, rest = text.partition(": ")
    split = _id_and_title(text)
    if sep and rest.strip():
        if _ID.fullmatch(head.strip()) and any(ch.isdigit() for ch in head):
            incident_id = incident_id or head.strip()
            text = rest.strip()
        elif normalise(head) in state.table.title_prefixes:
            text = _as_written(text, rest.strip())
    elif split is not None:
        incident_id = incident_id or split[0]
        text = split[1]
    else:
        dash = re.match(r"^(.*?)\s+[—–-]\s+(.+)$", text)
        if dash and normalise(dash.group(1)) in state.table.title_prefixes:
            text = _as_written(text, dash.group(2).strip())
    if not text and state.front_title is not None and state.front_title[0].strip():
        # pandoc's and static sites' "title:": a document whose first heading is one of its sections.
        text = state.front_title[0].strip()
        state.inferred.append(f"title from the front matter (line {state.front_title[1]})")
    if not text:
        text = state.name
        state.inferred.append(f"title from the file name '{state.name}'")
    if incident_id is None:
        incident_id = re.sub(r"[^A-Za-z0-9]+", "-", state.name).strip("-")[:60] or "IMPORTED"
        state.inferred.append(f"id '{incident_id}' from the file name (the document has none)")
    return text, incident_id


# pandoc's conversion of a Word title: a first paragraph that is one bold phrase ("**Post-incident review: ...**").
_BOLD_PARAGRAPH = re.compile(r"^(?:\*\*|__)(?P<text>[^*_\n][^\n]{0,198}?)(?:\*\*|__)$")


def bold_title(
    state: _State, title: str | None, prose: list[Block], sections: Sequence[Part]
) -> tuple[str | None, list[Block]]:
    """A document with sections but no title heading whose first paragraph is one bold phrase: that is its title.

    A Word document converted by pandoc writes its title as a bold paragraph above the first
    heading; plain text (a Google Docs download) writes it as a first line alone. A phrase that
    names a section ("**Summary**") is none, and a title line (an e-mail's Subject) wins.
    """
    if title is not None or "title" in state.metadata or not sections or not prose or prose[0].kind != "paragraph":
        return title, prose
    found = _BOLD_PARAGRAPH.match(prose[0].markdown.strip())
    # In plain text an id line ("**Incident:** DE-INC-58 – Revenue dashboards ...") gives the title where
    # it goes on with one; a first line alone there is a wiki's breadcrumb ("Data Engineering / Incidents").
    text = found.group("text") if found else None if "id" in state.metadata else _plain_title(prose[0], sections)
    if text is None or state.table.section(text) is not None:
        return title, prose
    state.inferred.append(f"title from the {'bold ' if found else ''}first line (line {prose[0].line})")
    return text.strip().rstrip(".:"), prose[1:]


_TITLE_WORDS = 15


def _plain_title(block: Block, sections: Sequence[Part]) -> str | None:
    """In plain text (every section a name alone on its line), a first line alone, unpunctuated, is the title."""
    text = block.text.strip()
    if not all(part.pseudo for part in sections) or "\n" in text or len(text.split()) > _TITLE_WORDS:
        return None
    return None if text.endswith((".", ",", ";", "!", "?")) else text
