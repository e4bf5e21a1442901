"""The citations appendix: every recorded value, whether it was verified, and how it was computed.

The Coder writes artifacts/calculations.json ({"calculations": [{id, description, code, value, unit}]}), the
Validator artifacts/validation.json ({"checks": [{id, value, code, citation}]}). The comparison rule is the
agent's verification gate: equal, or numbers within a relative tolerance of 1e-6.
"""

import json
import math
import os
import re
from dataclasses import dataclass

REL_TOL = 1e-6
CITATION = re.compile(r"\[([A-Za-z_][A-Za-z0-9_.-]{0,79})\]")


@dataclass
class Citation:
    id: str
    description: str
    value: object
    unit: str
    code: str
    verified: bool
    check_code: str
    source: str


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return None
    return None


def values_match(a, b):
    x, y = _number(a), _number(b)
    if x is not None and y is not None:
        return abs(x - y) <= REL_TOL * max(1.0, abs(x), abs(y))
    return a == b


def format_value(value):
    """Grouped thousands; at most four decimals, trailing zeros dropped."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value == int(value) and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return str(value)


def _records(path, key):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return []
    items = data.get(key, []) if isinstance(data, dict) else data
    return [item for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)]


def load(artifacts_dir):
    """Every calculation, in the Coder's order, with the Validator's check beside it."""
    calculations = _records(os.path.join(artifacts_dir, "calculations.json"), "calculations")
    checks = {c["id"]: c for c in _records(os.path.join(artifacts_dir, "validation.json"), "checks")}
    out = []
    for calc in calculations:
        check = checks.get(calc["id"])
        out.append(Citation(
            id=calc["id"],
            description=str(calc.get("description", "")),
            value=calc.get("value"),
            unit=str(calc.get("unit", "") or ""),
            code=str(calc.get("code", "") or ""),
            verified=check is not None and values_match(calc.get("value"), check.get("value")),
            check_code=str((check or {}).get("code", "") or ""),
            source=str((check or {}).get("citation", "") or ""),
        ))
    return out


def split_citations(text, known):
    """Splits text into ("text", s) and ("cite", id) parts; only ids of recorded values count as citations."""
    parts = []
    last = 0
    for match in CITATION.finditer(text):
        if match.group(1) not in known:
            continue
        if match.start() > last:
            parts.append(("text", text[last:match.start()]))
        parts.append(("cite", match.group(1)))
        last = match.end()
    if last < len(text):
        parts.append(("text", text[last:]))
    return parts
