"""Reading a model's response as the task's items, whatever the model wrote.

The response should be one JSON object in the task's schema (``prompts/<task>.schema.json``):

- entities: ``{"entities": [{"text", "label"}]}``
- quotes: ``{"quotes": [{"type", "content": [pieces], "speaker", "cue", "source"?}]}``, a
  piece being a string or ``{"text", "type"}``
- numeric claims: ``{"values": [{"text", "number", "modifier", "unit", "thing"}]}``

Decoding makes **one repair attempt** when the response is not valid JSON as it stands:
it drops prose around the first JSON value, trailing commas, and a truncated tail (closing
what is still open). The result is ``ok``, ``repaired`` or ``invalid``. Items of the wrong
shape or type are counted as malformed and skipped; nothing here raises on model output.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

TASK_KEYS = {"entities": "entities", "quotes": "quotes", "numeric_claims": "values"}
MAX_RESPONSE_CHARS = 1_000_000  # a longer response is cut here before decoding
MAX_ITEMS = 2_000  # items past this many in one response are counted as malformed
QUOTE_TYPES = ("DIRECT", "INDIRECT")

_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)
_THINK = re.compile(r"<think>.*?</think>", re.DOTALL)


@dataclass(frozen=True)
class EntityItem:
    text: str
    label: str


@dataclass(frozen=True)
class QuotePiece:
    text: str
    type: str | None  # DIRECT, INDIRECT, or None: decided from the quotation marks around it


@dataclass(frozen=True)
class QuoteItem:
    pieces: tuple[QuotePiece, ...]
    speaker: str | None
    cue: str | None
    source: str | None


@dataclass(frozen=True)
class ValueItem:
    text: str
    number: Any  # as the model gave it; read safely when the span is known (grounding.read_number)
    modifier: Any
    unit: str | None
    thing: str | None


@dataclass
class ParsedOutput:
    status: str  # "ok", "repaired" or "invalid"
    items: list = field(default_factory=list)
    malformed: int = 0


# -- JSON decoding with one repair attempt -------------------------------------------------

def _loads(text: str) -> tuple[bool, Any]:
    try:
        return True, json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError; so are huge integers
        return False, None


def _scan(text: str):
    """Yield ``(index, char, depth_stack)`` for each character outside JSON strings."""
    stack: list[str] = []
    in_string = escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            continue
        if ch == '"':
            in_string = True
            continue
        yield i, ch, stack
        if ch in "{[":
            stack.append("}" if ch == "{" else "]")
        elif ch in "}]" and stack and stack[-1] == ch:
            stack.pop()


def drop_trailing_commas(text: str) -> str:
    """Remove each comma (outside strings) that is followed only by whitespace and a closing bracket."""
    drop = set()
    pending = None
    for i, ch, _ in _scan(text):
        if ch == ",":
            pending = i
        elif ch in "}]" and pending is not None:
            drop.add(pending)
            pending = None
        elif not ch.isspace():
            pending = None
    return "".join(c for i, c in enumerate(text) if i not in drop)


def close_truncated(text: str) -> str | None:
    """A response cut off mid-way, cut back to its last complete element and closed."""
    safe, closers = None, ""
    for i, ch, stack in _scan(text):
        if ch == "," and stack:
            safe, closers = i, "".join(reversed(stack))
        elif ch in "}]" and len(stack) > 1:
            safe, closers = i + 1, "".join(reversed(stack[:-1]))
    if safe is None:
        return None
    return text[:safe] + closers


def decode_json(response: str) -> tuple[str, Any]:
    """``(status, value)``: the response's JSON value, after at most one repair attempt."""
    text = _THINK.sub("", response[:MAX_RESPONSE_CHARS]).strip()
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1).strip()
    ok, value = _loads(text)
    if ok:
        return "ok", value
    # the repair attempt: the first JSON value in the text, without trailing commas, closed if cut off
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        return "invalid", None
    body = drop_trailing_commas(text[min(starts):])
    try:
        value, _ = json.JSONDecoder().raw_decode(body)
        return "repaired", value
    except (ValueError, RecursionError):
        pass
    closed = close_truncated(body)
    if closed is not None:
        ok, value = _loads(drop_trailing_commas(closed))
        if ok:
            return "repaired", value
    return "invalid", None


# -- items ---------------------------------------------------------------------------------

def _text(value: Any) -> str | None:
    """A string field: strings as they are, numbers as written; anything else is no text."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return str(value)
        except ValueError:  # an integer too long to print
            return None
    return None


def _optional_text(item: dict, key: str) -> str | None:
    return _text(item.get(key)) if isinstance(item, dict) else None


def _entity(item: Any) -> EntityItem | None:
    if not isinstance(item, dict):
        return None
    text, label = _text(item.get("text")), item.get("label")
    if text is None or not isinstance(label, str) or not label.strip():
        return None
    return EntityItem(text, "_".join(label.strip().upper().replace("-", " ").split()))


def _piece_type(value: Any) -> str | None:
    if isinstance(value, str) and value.strip().upper() in QUOTE_TYPES:
        return value.strip().upper()
    return None


def _quote(item: Any) -> QuoteItem | None:
    if not isinstance(item, dict):
        return None
    record_type = _piece_type(item.get("type"))  # "mixed" or missing: decided per piece
    content = item.get("content")
    if isinstance(content, (str, dict)):
        content = [content]
    if not isinstance(content, list):
        return None
    pieces = []
    for piece in content[:MAX_ITEMS]:
        if isinstance(piece, dict):
            text, kind = _text(piece.get("text")), _piece_type(piece.get("type")) or record_type
        else:
            text, kind = _text(piece), record_type
        if text is not None:
            pieces.append(QuotePiece(text, kind))
    if not pieces:
        return None
    return QuoteItem(tuple(pieces), _optional_text(item, "speaker"), _optional_text(item, "cue"), _optional_text(item, "source"))


def _value(item: Any) -> ValueItem | None:
    if not isinstance(item, dict):
        return None
    text = _text(item.get("text"))
    if text is None:
        return None
    return ValueItem(text, item.get("number"), item.get("modifier"), _optional_text(item, "unit"), _optional_text(item, "thing"))


READERS = {"entities": _entity, "quotes": _quote, "numeric_claims": _value}


def item_list(value: Any, task: str) -> list | None:
    """The list of items in a decoded response: under the task's key, or a bare list."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        items = value.get(TASK_KEYS[task])
        if isinstance(items, list):
            return items
        if items is None and not value:
            return []
    return None


def parse_response(response: Any, task: str) -> ParsedOutput:
    """The items of one response; never raises."""
    if not isinstance(response, str):
        return ParsedOutput("invalid")
    status, value = decode_json(response)
    items = item_list(value, task) if status != "invalid" else None
    if items is None:
        return ParsedOutput("invalid")
    read = READERS[task]
    parsed = ParsedOutput(status)
    parsed.malformed = max(0, len(items) - MAX_ITEMS)
    for raw in items[:MAX_ITEMS]:
        item = read(raw)
        if item is None:
            parsed.malformed += 1
        else:
            parsed.items.append(item)
    return parsed
