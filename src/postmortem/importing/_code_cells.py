"""A table built in a notebook's code cell: the rows of a literal data frame, read without running it.

A notebook exported to Markdown keeps its code cells as code blocks. A team that writes its
follow-ups in the notebook often builds them as a small table in code::

    actions = pd.DataFrame([
        ("Read the register back after every write", "Ingrid", "1 May"),
    ], columns=["action", "owner", "due"])

Such a cell is read with :func:`ast.parse` (never run): a call whose ``columns=`` is a list of
strings and whose first argument is a list of rows of literals, or a list of dicts with the same
keys. Anything else, including code that does not parse, is no table.
"""

from __future__ import annotations

import ast

__all__ = ["code_table"]

# A cell longer than this is analysis, not a table of follow-ups; parsing is bounded by it too.
_LONGEST = 20_000


def code_table(code: str) -> list[list[str]] | None:
    """The header and rows of the first literal table built in ``code``, or ``None``.

    Args:
        code: A code block's text.

    Returns:
        ``[header, *rows]`` as strings, each row as long as the header; ``None`` when the code
        builds no such table (or does not parse).
    """
    if len(code) > _LONGEST or ("columns" not in code and "{" not in code):
        return None
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            found = _from_call(node)
            if found is not None:
                return found
    return None


def _from_call(call: ast.Call) -> list[list[str]] | None:
    rows = call.args[0]
    if not isinstance(rows, (ast.List, ast.Tuple)) or not rows.elts:
        return None
    columns = next((keyword.value for keyword in call.keywords if keyword.arg == "columns"), None)
    if columns is not None:
        header = _literals(columns)
        body = [_literals(row) for row in rows.elts]
        if header is None or any(row is None or len(row) != len(header) for row in body):
            return None
        return [header, *(row for row in body if row is not None)]
    return _from_dicts(rows.elts)


def _from_dicts(elements: list[ast.expr]) -> list[list[str]] | None:
    """Rows written as dicts with the same literal keys: the keys are the header."""
    dicts = [row for row in elements if isinstance(row, ast.Dict)]
    if len(dicts) != len(elements):
        return None
    header = _literals(ast.List(elts=[key for key in dicts[0].keys if key is not None]))
    if header is None:
        return None
    table = [header]
    for row in dicts:
        keys = _literals(ast.List(elts=[key for key in row.keys if key is not None]))
        values = _literals(ast.List(elts=row.values))
        if keys != header or values is None:
            return None
        table.append(values)
    return table


def _literals(node: ast.expr) -> list[str] | None:
    """The strings and numbers of a literal list or tuple, as text; ``None`` if any element is not one."""
    if not isinstance(node, (ast.List, ast.Tuple)) or not node.elts:
        return None
    out: list[str] = []
    for element in node.elts:
        if not isinstance(element, ast.Constant) or isinstance(element.value, bool) or element.value is None:
            return None
        if not isinstance(element.value, (str, int, float)):
            return None
        out.append(str(element.value))
    return out
