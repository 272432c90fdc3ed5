"""The llm system's prompts, demonstrations, chunking and response cache."""
from __future__ import annotations

import hashlib
import json
import re

import pytest

from baselines.llm.cache import ResponseCache, cache_key
from baselines.llm.chunking import chunk_text, line_spans
from baselines.llm.grounding import ground
from baselines.llm.outputs import TASK_KEYS, parse_response
from baselines.llm.templates import PROMPT_DIR, TEXT_SLOT, load_demonstrations, load_prompt
from bench.corpus import ANNOTATIONS, load_corpus
from bench.systems import SystemFailure

TASKS = ("entities", "quotes", "numeric_claims")


# -- templates and schemas -----------------------------------------------------------------------

@pytest.mark.parametrize("task", TASKS)
def test_each_task_has_a_template_and_a_schema_for_its_output(task):
    prompt = load_prompt(task)
    assert prompt.template_sha256 == hashlib.sha256((PROMPT_DIR / f"{task}.txt").read_bytes()).hexdigest()
    assert TEXT_SLOT not in prompt.system and "#" not in prompt.system.splitlines()[0]
    key = TASK_KEYS[task]
    assert prompt.schema["required"] == [key] and prompt.schema["properties"][key]["type"] == "array"
    assert f'{{"{key}": [' in prompt.system  # the instructions show the same shape
    messages = prompt.messages("Kyiv is far.")
    assert [m["role"] for m in messages] == ["system", "user"] and "<text>\nKyiv is far.\n</text>" in messages[1]["content"]
    assert prompt.provenance() == {"template": f"{task}.txt", "template_sha256": prompt.template_sha256,
                                   "schema_sha256": prompt.schema_sha256, "shots": 0, "demonstrations": []}


def test_k_shot_prompts_take_the_first_k_demonstrations_as_turns():
    prompt = load_prompt("numeric_claims", shots=2)
    messages = prompt.messages("x")
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user", "assistant", "user"]
    assert [d.id for d in prompt.demonstrations] == ["num-1", "num-2"]
    assert json.loads(messages[2]["content"]) == prompt.demonstrations[0].output
    assert prompt.demonstrations[0].text in messages[1]["content"]


@pytest.mark.parametrize("task", TASKS)
def test_every_demonstration_answer_grounds_completely_in_its_own_text(task):
    for demo in load_demonstrations(PROMPT_DIR / "demonstrations.jsonl", task):
        parsed = parse_response(json.dumps(demo.output), task)
        assert parsed.status == "ok" and parsed.malformed == 0
        g = ground(task, demo.text, parsed.items, demo.id)
        lost = {k: v for k, v in g.losses.as_dict().items() if v and k != "items"}
        assert lost == {}, (demo.id, lost)
        if task == "numeric_claims":
            assert [v["number"] for v in demo.output["values"]] == [s.attrs["number"] for s in g.spans if s.label == "VALUE"]


def test_demonstrations_are_invented_not_taken_from_a_scored_corpus():
    """No run of six words of a demonstration occurs in the seed articles or the held-out texts."""
    def sixgrams(text):
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i:i + 6]) for i in range(len(words) - 5)}

    scored = set()
    for folder in (ANNOTATIONS, ANNOTATIONS / "heldout"):
        for doc in load_corpus(folder).documents.values():
            scored |= sixgrams(doc.text)
    demos = [d for t in TASKS for d in load_demonstrations(PROMPT_DIR / "demonstrations.jsonl", t)]
    assert len(demos) == 9 and len({d.id for d in demos}) == 9
    assert all(not (sixgrams(d.text) & scored) for d in demos)
    for task in TASKS:  # nor do the instructions quote them
        assert not (sixgrams(load_prompt(task).system) & scored)


def test_a_prompt_folder_of_ones_own(tmp_path):
    (tmp_path / "entities.txt").write_text("### system\nFind names.\n### user\nText: {{text}}\n", encoding="utf-8")
    prompt = load_prompt("entities", folder=tmp_path)
    assert prompt.messages("Kyiv") == [{"role": "system", "content": "Find names."}, {"role": "user", "content": "Text: Kyiv"}]
    assert prompt.schema == load_prompt("entities").schema  # schema and demonstrations default to the built-in ones
    assert prompt.template_path == str(tmp_path / "entities.txt")


@pytest.mark.parametrize("content, message", [
    ("no sections at all", "needs one '### system' and one '### user' section"),
    ("### user\n{{text}}\n### system\nx\n", "needs one '### system' and one '### user' section"),
    ("### system\nx\n### user\nno slot\n", "no {{text}} slot"),
])
def test_broken_templates_fail_in_one_line(tmp_path, content, message):
    (tmp_path / "quotes.txt").write_text(content, encoding="utf-8")
    with pytest.raises(SystemFailure, match=re.escape(message)):
        load_prompt("quotes", folder=tmp_path)


def test_prompt_errors_are_one_line(tmp_path):
    with pytest.raises(SystemFailure, match="does not exist"):
        load_prompt("entities", folder=tmp_path / "missing")
    with pytest.raises(SystemFailure, match="cannot read"):
        load_prompt("entities", folder=tmp_path)
    with pytest.raises(SystemFailure, match="has only 3 demonstrations"):
        load_prompt("quotes", shots=4)
    (tmp_path / "entities.txt").write_text("### system\nx\n### user\n{{text}}\n", encoding="utf-8")
    (tmp_path / "demonstrations.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(SystemFailure, match=r"demonstrations\.jsonl:1"):
        load_prompt("entities", folder=tmp_path)


# -- chunks --------------------------------------------------------------------------------------

def words(text: str) -> int:
    return len(text.split())


def test_a_text_that_fits_is_one_chunk():
    assert [(c.start, c.end, c.cut) for c in chunk_text("a b c\nd e", 10, words)] == [(0, 9, False)]


def test_chunks_are_whole_lines_within_budget_covering_everything_with_overlap():
    lines = [" ".join(f"w{i}x{j}" for j in range(n)) for i, n in enumerate([3, 5, 2, 4, 6, 1, 3, 5])]
    text = "\n".join(lines) + "\n"
    chunks = chunk_text(text, budget=12, count=words, overlap=7)  # every line fits in the overlap
    starts = {a for a, _ in line_spans(text)}
    ends = {b for _, b in line_spans(text)}
    assert all(c.start in starts and c.end in ends and not c.cut for c in chunks)
    assert all(words(text[c.start:c.end]) + text[c.start:c.end].count("\n") + 1 <= 12 for c in chunks)
    covered = {a for a, b in line_spans(text) if any(c.start <= a and b <= c.end for c in chunks)}
    assert covered == starts
    assert all(b.start < a.end for a, b in zip(chunks, chunks[1:]))  # neighbours share a line
    assert all(b.start > a.start for a, b in zip(chunks, chunks[1:])) and len(chunks) > 2


def test_a_line_over_the_budget_is_cut_between_tokens():
    text = "short line\n" + " ".join(f"w{i}" for i in range(25)) + "\nend"
    chunks = chunk_text(text, budget=8, count=words)
    cut = [c for c in chunks if c.cut]
    assert cut and all(words(text[c.start:c.end]) <= 8 for c in cut)
    assert " ".join(text[c.start:c.end] for c in cut).split() == text.split("\n")[1].split()


def test_chunk_budget_must_be_positive():
    with pytest.raises(ValueError):
        chunk_text("x", 0, words)


# -- the response cache ------------------------------------------------------------------------

def test_cache_round_trip_and_misses(tmp_path):
    cache = ResponseCache(tmp_path)
    key = cache_key({"model": "m", "messages": [{"role": "user", "content": "x"}]})
    assert cache.get(key) is None
    cache.put(key, {"text": "{}", "prompt_tokens": 3})
    assert cache.get(key) == {"text": "{}", "prompt_tokens": 3}
    cache.path(key).write_text("{broken", encoding="utf-8")
    assert cache.get(key) is None  # an unreadable entry is a miss, never an error
    assert ResponseCache(tmp_path, enabled=False).get(key) is None
    assert list(tmp_path.rglob(".tmp-*")) == []


def test_cache_keys_change_with_every_part_of_the_request():
    base = {"backend": {"model": "m", "decoding": {"max_tokens": 10}}, "messages": [{"role": "user", "content": "x"}]}
    variants = [{**base, "backend": {"model": "n", "decoding": {"max_tokens": 10}}},
                {**base, "backend": {"model": "m", "decoding": {"max_tokens": 11}}},
                {**base, "messages": [{"role": "user", "content": "y"}]}]
    keys = {cache_key(v) for v in [base] + variants}
    assert len(keys) == 4 and cache_key(dict(reversed(list(base.items())))) == cache_key(base)


def test_an_unwritable_cache_is_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(SystemFailure, match="cannot write there"):
        ResponseCache(tmp_path / "file").put("ab" * 32, {"text": ""})
