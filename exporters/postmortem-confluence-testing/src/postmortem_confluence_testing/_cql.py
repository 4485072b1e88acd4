"""The subset of CQL (Confluence Query Language) the server answers searches with."""

from __future__ import annotations

import re

from postmortem_confluence_testing._state import _HTTPError

_CQL_TOKEN = re.compile(
    r"""\s*(?:(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<op>!=|=|~|!~|,|\(|\))|(?P<word>[\w.-]+))""",
    re.IGNORECASE,
)
_CQL_FIELDS = {
    "space",
    "space.key",
    "title",
    "type",
    "label",
    "parent",
    "ancestor",
    "id",
    "content",
}


def _cql_tokens(cql: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(cql):
        if cql[position:].strip() == "":
            break
        match = _CQL_TOKEN.match(cql, position)
        if not match:
            raise _HTTPError(400, f"Could not parse cql : {cql}")
        position = match.end()
        if match.group("string") is not None:
            raw = match.group("string")[1:-1]
            tokens.append(("string", re.sub(r"\\(.)", r"\1", raw)))
        elif match.group("op") is not None:
            tokens.append(("op", match.group("op")))
        else:
            tokens.append(("word", match.group("word")))
    return tokens


CqlClause = tuple[str, str, tuple[str, ...]]


# A hand-written parser reads best as one loop over the tokens.
def parse_cql(cql: str) -> tuple[list[CqlClause], tuple[str, bool] | None]:  # noqa: PLR0912, PLR0915
    """Parse the CQL subset: ``field op value`` clauses joined by AND, then an optional ORDER BY.

    Returns:
        The clauses ``(field, operator, values)`` and the ordering ``(field, descending)``.
    """
    tokens = _cql_tokens(cql)
    clauses: list[CqlClause] = []
    order: tuple[str, bool] | None = None
    index = 0

    def fail() -> _HTTPError:
        return _HTTPError(400, f"Could not parse cql : {cql}")

    while index < len(tokens):
        kind, value = tokens[index]
        if kind == "word" and value.lower() == "order":
            if index + 2 >= len(tokens) or tokens[index + 1][1].lower() != "by":
                raise fail()
            order_field = tokens[index + 2][1].lower()
            descending = index + 3 < len(tokens) and tokens[index + 3][1].lower() == "desc"
            order = (order_field, descending)
            break
        if clauses:
            if kind != "word" or value.lower() != "and":
                raise fail()
            index += 1
            if index >= len(tokens):
                raise fail()
            kind, value = tokens[index]
        if kind != "word" or value.lower() not in _CQL_FIELDS:
            raise fail()
        name = value.lower()
        if index + 2 > len(tokens):
            raise fail()
        op_kind, op = tokens[index + 1]
        index += 2
        if op_kind == "word" and op.lower() in {"in", "not"}:
            negate = op.lower() == "not"
            if negate:
                if index >= len(tokens) or tokens[index][1].lower() != "in":
                    raise fail()
                index += 1
            if index >= len(tokens) or tokens[index] != ("op", "("):
                raise fail()
            index += 1
            values: list[str] = []
            while index < len(tokens) and tokens[index] != ("op", ")"):
                if tokens[index] == ("op", ","):
                    index += 1
                    continue
                if tokens[index][0] == "op":
                    raise fail()
                values.append(tokens[index][1])
                index += 1
            if index >= len(tokens):
                raise fail()
            index += 1
            clauses.append((name, "not in" if negate else "in", tuple(values)))
            continue
        if op_kind != "op" or op not in {"=", "!=", "~", "!~"} or index >= len(tokens):
            raise fail()
        value_kind, operand = tokens[index]
        if value_kind == "op":
            raise fail()
        index += 1
        clauses.append((name, op, (operand,)))
    return clauses, order
