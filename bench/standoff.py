"""Standoff spans: the one format of gold, annotation passes and prediction files.

One JSON object per line: ``doc``, ``task``, ``label``, ``start``, ``end``, ``text`` and,
where the task has them, attributes and links (annotations/GUIDELINES.md, section 4).
Reading checks every record and reports each problem as one line naming the file, the
line, the document, the span id and the field.
"""
from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Iterator, Mapping

from .documents import Document
from .errors import InputError, Problem, short_json
from .tasks import TASKS


MAX_LINE_BYTES = 1 << 20  # a span record is a few hundred bytes; a 1 MiB line is not one
CORE_FIELDS = ("doc", "task", "id", "start", "end", "text", "label")


NO_ATTRS: Mapping[str, Any] = MappingProxyType({})  # one shared empty mapping: most spans carry no attributes


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled character span of a document, for one task."""

    doc: str
    task: str
    start: int
    end: int
    label: str
    text: str = ""
    id: str = ""
    attrs: Mapping[str, Any] = field(default_factory=lambda: NO_ATTRS, compare=False, hash=False)

    def to_dict(self) -> dict:
        record = {"doc": self.doc, "task": self.task, "id": self.id, "start": self.start,
                  "end": self.end, "text": self.text, "label": self.label}
        for optional in ("id", "text"):  # a system need not name or quote its spans
            if not record[optional]:
                del record[optional]
        record.update(self.attrs)
        return record


def spans_jsonl(spans: Iterable[Span]) -> str:
    """Spans as standoff JSONL text, one record per line."""
    return "".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n" for s in spans)


# -- reading ----------------------------------------------------------------------------

def open_regular(path: Path, problems_name: str | None = None):
    """Open a file for binary reading, refusing what is no regular file (a directory, a FIFO,
    /dev/zero) so that reading it can neither hang nor run forever. Returns the file or a Problem."""
    import os
    import stat

    name = problems_name or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return Problem(name, None, f"cannot read file: {exc.strerror}")
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file"
        return Problem(name, None, f"cannot read file: it is {kind}, not a regular file")
    return os.fdopen(fd, "rb")


def parse_json_line(line: str) -> Any:
    """``json.loads`` whose every failure is a ValueError with a short reason: malformed JSON,
    an integer of more digits than Python converts, nesting deeper than the parser goes."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"malformed JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise ValueError("malformed JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. "Exceeds the limit (4300 digits) for integer string conversion"
        raise ValueError(f"malformed JSON: {str(exc).split(';')[0]}") from None


def read_lines(fh, limit: int = MAX_LINE_BYTES) -> Iterator[tuple[int, bytes | None, int]]:
    """Yield ``(line number, bytes, length)``; a line over ``limit`` bytes is skipped in
    bounded chunks and yielded as ``None`` with its length, so memory stays bounded."""
    lineno = 0
    while True:
        raw = fh.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw)
            while True:
                chunk = fh.readline(1 << 20)
                size += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield lineno, None, size
            continue
        yield lineno, raw, len(raw)


def read_records(path: Path) -> Iterator[tuple[int, Any] | Problem]:
    """Yield ``(line number, parsed JSON)`` or a Problem for each non-blank line."""
    name = str(path)
    fh = open_regular(path)
    if isinstance(fh, Problem):
        yield fh
        return
    empty = True
    with fh:
        for lineno, raw, size in read_lines(fh):
            if raw is None or size > MAX_LINE_BYTES:
                empty = False
                yield Problem(name, lineno, f"line is {size:,} bytes, over the {MAX_LINE_BYTES:,}-byte limit for one record")
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(name, lineno, f"not UTF-8: byte 0x{raw[exc.start]:02x} at column {exc.start + 1}")
                continue
            if not line.strip():
                continue
            empty = False
            try:
                yield lineno, parse_json_line(line)
            except ValueError as exc:
                yield Problem(name, lineno, str(exc))
    if empty:
        yield Problem(name, None, "file is empty: no span records")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _edge_ok(char: str) -> bool:
    return not (char.isspace() or unicodedata.category(char).startswith("P"))


def parse_spans(path: Path, documents: Mapping[str, Document], **kwargs) -> tuple[list[Span], list[Problem]]:
    """Read and check a standoff file (see :func:`parse_records` for the checks)."""
    return parse_records(read_records(path), str(path), documents, **kwargs)


def parse_records(
    items: Iterable[tuple[int, Any] | Problem],
    name: str,
    documents: Mapping[str, Document],
    *,
    gold: bool = False,
    tasks: Iterable[str] | None = None,
    extra_labels: Iterable[str] = (),
    layer: bool = False,
    sentences: str = "canonical",
) -> tuple[list[Span], list[Problem]]:
    """Check standoff records, ``(line number, record)`` pairs, from a file or from memory.

    ``gold=True`` applies the annotation rules too (ids, surface text, clean edges,
    required attributes, spans inside one sentence); predictions need only be well-formed,
    inside the text, on token boundaries, non-overlapping and correctly labelled.
    ``extra_labels`` are accepted besides the task's own (the coarse CoNLL types of a
    system scored in that view). ``layer=True`` reads a standoff layer over text the user
    rebuilds (the Reuters corpora): its records must carry no ``text`` field.
    ``sentences`` is the corpus's sentence mode (``bench.tokenize.split_units``).
    """
    wanted = set(tasks) if tasks is not None else set(TASKS)
    problems: list[Problem] = []
    spans: list[Span] = []
    lines: dict[Span, int] = {}
    for item in items:
        if isinstance(item, Problem):
            problems.append(item)
            continue
        lineno, rec = item
        span = _check_record(name, lineno, rec, documents, gold, problems, frozenset(extra_labels), layer)
        if span is not None and span.task in wanted:
            spans.append(span)
            lines[span] = lineno
    problems.extend(_check_corpus(name, spans, lines, documents, gold, sentences))
    return spans, problems


def load_spans(path: Path, documents: Mapping[str, Document], **kwargs) -> list[Span]:
    """Like :func:`parse_spans`, raising :class:`InputError` on any problem."""
    spans, problems = parse_spans(path, documents, **kwargs)
    if problems:
        raise InputError(problems)
    return spans


def _check_record(name: str, lineno: int, rec: Any, documents: Mapping[str, Document],
                  gold: bool, problems: list[Problem], extra_labels: frozenset = frozenset(), layer: bool = False) -> Span | None:
    if not isinstance(rec, dict):
        problems.append(Problem(name, lineno, f"record is a JSON {type(rec).__name__}, not an object"))
        return None
    sid = rec.get("id") if isinstance(rec.get("id"), str) else None

    def bad(fld: str, message: str, doc: str | None = None) -> None:
        problems.append(Problem(name, lineno, message, doc=doc or (rec.get("doc") if isinstance(rec.get("doc"), str) else None), span=sid, field=fld))

    required = CORE_FIELDS if gold else ("doc", "task", "start", "end", "label")
    if layer:
        if "text" in rec:
            bad("text", "a standoff layer over CoNLL-2003 stores no text (the licence allows none in the repository)")
            return None
        required = tuple(f for f in required if f != "text")
    missing = [f for f in required if f not in rec]
    if missing:
        bad(missing[0], "missing required field" + (f" (also missing: {', '.join(missing[1:])})" if missing[1:] else ""))
        return None
    doc_id, task_name, label = rec["doc"], rec["task"], rec["label"]
    if not isinstance(doc_id, str) or doc_id not in documents:
        bad("doc", f"unknown document id {doc_id!r}", doc="")
        return None
    if not isinstance(task_name, str) or task_name not in TASKS:
        bad("task", f"unknown task {task_name!r} (known: {', '.join(TASKS)})")
        return None
    task = TASKS[task_name]
    if not isinstance(label, str) or (label not in task.labels and label not in extra_labels):
        known = ", ".join(task.labels + tuple(sorted(extra_labels)))
        bad("label", f"unknown label {label!r} for task {task_name} (known: {known})")
        return None
    if "id" in rec and not (isinstance(rec["id"], str) and rec["id"]):
        bad("id", "must be a non-empty string")
        return None
    start, end = rec["start"], rec["end"]
    text = documents[doc_id].text
    for fld, value in (("start", start), ("end", end)):
        if not _is_int(value):
            bad(fld, f"offset must be an integer, got {short_json(value)}")
            return None
    if start < 0 or end > len(text):
        fld = "start" if start < 0 else "end"
        bad(fld, f"offset {rec[fld]} is outside the document (0..{len(text)})")
        return None
    if start >= end:
        bad("end", f"empty or reversed span: start {start} >= end {end}")
        return None
    surface = text[start:end]
    if "text" in rec and rec["text"] != surface:
        bad("text", f"surface text {rec['text']!r} does not match the document at [{start}, {end}): {surface!r}")
        return None
    attrs = {k: v for k, v in rec.items() if k not in CORE_FIELDS}
    if gold:
        # a final "." is allowed when it belongs to an abbreviation token ("U.S."): checked with the tokens
        if not _edge_ok(surface[0]) or not (_edge_ok(surface[-1]) or surface[-1] == "."):
            bad("start" if not _edge_ok(surface[0]) else "end", f"span {surface!r} begins or ends with whitespace or punctuation")
    task.check_attributes(label, attrs, bad, gold)
    return Span(doc_id, task_name, start, end, label, surface, rec.get("id", ""), attrs)


def _check_corpus(name: str, spans: list[Span], lines: dict[Span, int],
                  documents: Mapping[str, Document], gold: bool, sentence_mode: str = "canonical") -> list[Problem]:
    """Checks across records: tokens, overlaps, ids and links, sentences."""
    problems: list[Problem] = []
    by_doc: dict[str, list[Span]] = defaultdict(list)
    for s in spans:
        by_doc[s.doc].append(s)
    for doc_id, doc_spans in by_doc.items():
        units = documents[doc_id].units(sentence_mode)
        starts = {t.start for sent in units for t in sent}
        ends = {t.end for sent in units for t in sent}
        sentence_of = {}
        for i, sent in enumerate(units):
            for t in sent:
                sentence_of[t.start] = sentence_of[t.end] = i
        for s in doc_spans:
            if s.start not in starts or s.end not in ends:
                fld = "start" if s.start not in starts else "end"
                problems.append(Problem(name, lines[s], f"[{s.start}, {s.end}) {s.text!r} does not start and end on token boundaries of the canonical tokenizer", s.doc, s.id or None, fld))
            elif gold and s.text.endswith(".") and s.end - 1 in ends:
                problems.append(Problem(name, lines[s], f"span {s.text!r} ends with a sentence period", s.doc, s.id or None, "end"))
            elif gold and sentence_of.get(s.start) != sentence_of.get(s.end):
                problems.append(Problem(name, lines[s], f"{s.text!r} crosses a sentence boundary; split it into pieces with one quote id", s.doc, s.id or None, "end"))
        by_task: dict[str, list[Span]] = defaultdict(list)
        for s in doc_spans:
            by_task[s.task].append(s)
        for task_name, task_spans in by_task.items():
            ordered = sorted(task_spans, key=lambda s: (s.start, s.end))
            for a, b in zip(ordered, ordered[1:]):
                if b.start < a.end:
                    problems.append(Problem(name, lines[b], f"{b.text!r} [{b.start}, {b.end}) overlaps {a.text!r} [{a.start}, {a.end}) (line {lines[a]}) within task {task_name}", doc_id, b.id or None, "start"))
        problems.extend(_check_links(name, doc_spans, lines, gold))
    return problems


def _check_links(name: str, spans: list[Span], lines: dict[Span, int], gold: bool) -> list[Problem]:
    problems: list[Problem] = []
    by_id: dict[str, Span] = {}
    for s in spans:
        if not s.id:
            continue
        if s.id in by_id:
            problems.append(Problem(name, lines[s], f"duplicate span id (first on line {lines[by_id[s.id]]})", s.doc, s.id, "id"))
        by_id[s.id] = s
    for s in spans:
        for link, target_label in TASKS[s.task].link_targets().items():
            target = s.attrs.get(link)
            if target is None:
                continue
            if not isinstance(target, str):
                problems.append(Problem(name, lines[s], f"link must be a span id or null, got {short_json(target)}", s.doc, s.id or None, link))
            elif target not in by_id or by_id[target].task != s.task:
                problems.append(Problem(name, lines[s], f"link to {target!r}, which is no span of task {s.task} in this document", s.doc, s.id or None, link))
            elif by_id[target].label != target_label:
                problems.append(Problem(name, lines[s], f"link to {target!r} must point to a {target_label}, not a {by_id[target].label}", s.doc, s.id or None, link))
            elif gold and link == "speaker" and by_id[target].attrs.get("source") != s.attrs.get("source"):
                problems.append(Problem(name, lines[s], f"source {s.attrs.get('source')!r} differs from its SPEAKER's {by_id[target].attrs.get('source')!r}", s.doc, s.id or None, "source"))
    return problems
