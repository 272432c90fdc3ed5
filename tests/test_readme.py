"""Every example in the README runs: JSON examples are valid prediction files, Python blocks
execute, and every `bench` command line of a bash block runs and exits 0, in a scratch copy
of the project's results. The few that need a GPU, the hub or half an hour of training are
named in NOT_RUN, and the test fails if that list and the README drift apart."""
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import load_corpus
from bench.standoff import parse_spans

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```(\w+)\n(.*?)```", re.S)

# command lines not run here, and why
NOT_RUN = {
    "--model dslim/bert-base-NER": "a hub model on a GPU",
    "bench train --model $MINILM": "10 to 30 minutes of training on CPU",
    "--model checkpoints/minilm-conll": "needs the checkpoint that training writes",
    "--model checkpoints/minilm-reuters": "needs the checkpoints that training writes",
    "--system llm --api-base": "needs a model server (vLLM, Ollama)",
}


def blocks(lang: str) -> list[str]:
    return [body for kind, body in BLOCK.findall(README) if kind == lang]


def bench_commands() -> list[str]:
    """Each command line of the bash blocks, with `for VAR in A B; do` loops unrolled."""
    commands = []
    for body in blocks("bash"):
        loop: tuple[str, list[str]] | None = None
        for line in body.replace("\\\n", " ").splitlines():
            line = line.split("  #")[0].strip()
            m = re.fullmatch(r"for (\w+) in (.*); do", line)
            if m:
                loop = (m.group(1), shlex.split(m.group(2)))
                continue
            if line == "done":
                loop = None
                continue
            if ".venv/bin/bench" in line:
                if loop:
                    var, values = loop
                    commands += [" ".join(line.replace(f"${var}", v).split()) for v in values]
                else:
                    commands.append(line)
    return commands


def test_json_examples_are_valid_predictions(tmp_path):
    corpus = load_corpus()
    examples = blocks("json")
    assert examples
    for n, body in enumerate(examples):
        path = tmp_path / f"example{n}.jsonl"
        path.write_text(body)
        for line in body.splitlines():
            json.loads(line)
        spans, problems = parse_spans(path, corpus.documents)
        assert not problems, [str(p) for p in problems]
        assert len(spans) == len(body.strip().splitlines())


def test_python_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)
    for body in blocks("python"):
        exec(compile(body, "README.md", "exec"), {})


def test_not_run_list_matches_the_readme():
    commands = bench_commands()
    for marker in NOT_RUN:
        assert any(marker in c for c in commands), f"NOT_RUN names {marker!r}, which the README no longer has"


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """A working folder like a checkout's: results and the board copied, ../shared beside it."""
    base = tmp_path_factory.mktemp("readme")
    work = base / "work"
    work.mkdir()
    shutil.copytree(ROOT / "results", work / "results")
    shutil.copy(ROOT / "LEADERBOARD.md", work / "LEADERBOARD.md")
    if (ROOT.parent / "shared").is_dir():
        (base / "shared").symlink_to(ROOT.parent / "shared")
    (work / "preds.jsonl").write_text(blocks("json")[0])
    return work


@pytest.mark.parametrize("command", bench_commands())
def test_bench_commands_run(scratch, command):
    if any(marker in command for marker in NOT_RUN):
        pytest.skip(NOT_RUN[next(m for m in NOT_RUN if m in command)])
    if "../shared" in command and not (scratch.parent / "shared").is_dir():
        pytest.skip("no ../shared beside the checkout")
    words = shlex.split(command)
    redirect = None
    if ">" in words:
        i = words.index(">")
        redirect, words = words[i + 1], words[:i]
    env_prefix = [w for w in words if re.fullmatch(r"[A-Z_]+=.*", w)]
    words = [w for w in words if w not in env_prefix]
    assert words[0] == ".venv/bin/bench", command
    argv = [sys.executable, "-m", "bench.cli", *words[1:]]
    if words[1] in ("run", "evaluate", "compare", "report") and "--resamples" not in words:
        argv += ["--resamples", "200"]  # the same command, with fewer bootstrap resamples
    if words[1] == "run":
        argv.append("--no-progress")
    proc = subprocess.run(argv, cwd=scratch, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"{command}\n{proc.stderr[-2000:]}"
    if redirect:
        (scratch / redirect).write_text(proc.stdout)
