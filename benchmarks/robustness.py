"""Robustness figures for the closing note of the 'trust' work (not a unit test: it takes minutes).

    python benchmarks/robustness.py [--mutations 3000] [--pairs 50] [--kills 50] [--junk-gib 1]

1. a fuzzer: random mutations of valid prediction files, standoff JSONL and CoNLL columns,
   for all three tasks, scored by `bench evaluate` in-process: counts of exit 2, exit 0 and
   tracebacks (any exception escaping `main`). The traceback count must be 0;
2. concurrent `bench run`s of one name with different outputs: no run may score or store
   the other's output;
3. `bench run`s over three tasks killed with SIGKILL at random moments: after the next
   command's recovery, the three stored results always come from one run and no
   temporary file is left;
4. the peak memory of `bench evaluate` on a junk file of --junk-gib GiB with no newline,
   next to `python -c pass`.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cli import main  # noqa: E402

PY = sys.executable
GOLD = [json.loads(l) for l in (ROOT / "annotations" / "gold.jsonl").read_text().splitlines()]
TASKS = ("entities", "quotes", "numeric_claims")
JUNK = ["", "null", "[]", "{}", '"x"', "-1", "1e400", "NaN", "9" * 5000, "[[[[[[[[[[", "\u0000", "\udcff", "é", "true", "1.5",
        '{"a": 1}', "-DOCSTART-", "B-", "I-PER", "O", "\t", " ", "\n"]


def mutate_jsonl(rng: random.Random, records: list[dict]) -> bytes:
    recs = [dict(r) for r in records]
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        objects = [x for x in recs if isinstance(x, dict)]
        r = rng.choice(objects) if objects else {}
        if not r and op < 6:
            op = 6
        if op == 0 and r:
            key = rng.choice(list(r))
            r[key] = json.loads(rng.choice(['null', '[]', '{}', '"x"', '-1', '0', '1e300', 'true', '1.5', '"VALUE"', '"S1"']))
        elif op == 1 and r:
            r.pop(rng.choice(list(r)), None)
        elif op == 2 and r:
            key = rng.choice(["start", "end"])
            r[key] = r.get(key, 0) + rng.randint(-5, 5) if isinstance(r.get(key, 0), int) else 0
        elif op == 3 and r:
            recs.append(dict(r))
        elif op == 4 and recs:
            del recs[rng.randrange(len(recs))]
        elif op == 5 and r:
            r[rng.choice(["speaker", "cue", "unit", "thing", "source", "number", "modifier", "quote"])] = rng.choice([r.get("id"), "zz", 5, [], None])
        else:
            recs.insert(rng.randrange(len(recs) + 1), rng.choice(JUNK))
    data = "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in recs).encode("utf-8", "surrogatepass")
    if rng.random() < 0.15:
        i = rng.randrange(len(data) + 1)
        data = data[:i] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + data[i:]
    return data


def mutate_conll(rng: random.Random, text: str) -> bytes:
    lines = text.splitlines()
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        op = rng.randrange(5)
        if op == 0:
            lines[i] = rng.choice(JUNK)
        elif op == 1:
            del lines[i]
        elif op == 2:
            lines.insert(i, lines[i])
        elif op == 3 and lines[i].split():
            lines[i] = lines[i].split()[0] + " " + rng.choice(["B-PER", "I-LOC", "X", "B-", "I-", "O", "B-COUNTRY", "B-PER I-PER"])
        else:
            lines[i] = lines[i][::-1]
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def fuzz(n: int, work: Path) -> dict[str, int]:
    from bench.corpus import load_corpus

    corpus = load_corpus()
    rng = random.Random(2026)
    templates = {}
    for task in TASKS:
        templates[task] = [r for r in GOLD if r["task"] == task]
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
        main(["tokens", ] + [])
    conll_template = buf.getvalue()
    counts = {"exit 2": 0, "exit 0": 0, "traceback": 0, "not one line": 0}
    examples = []
    os.chdir(work)
    for k in range(n):
        task = TASKS[k % 3]
        if k % 2:
            path, data = work / "p.jsonl", mutate_jsonl(rng, templates[task])
        else:
            path, data = work / "p.conll", mutate_conll(rng, conll_template)
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["evaluate", str(path), "--task", task, "--resamples", "0", "--allow-missing"])
            counts[f"exit {code}"] = counts.get(f"exit {code}", 0) + 1
            if code == 2 and len(err.getvalue().strip().splitlines()) != 1:
                counts["not one line"] += 1
                examples.append(err.getvalue()[:300])
        except Exception as exc:  # noqa: BLE001 - a traceback is what we count
            counts["traceback"] += 1
            examples.append(f"{type(exc).__name__}: {exc}"[:300])
    os.chdir(ROOT)
    if examples:
        print("  examples:", *examples[:5], sep="\n    ")
    return counts


def _program(work: Path, name: str, body: str) -> str:
    path = work / f"{name}.py"
    path.write_text("import json, os, sys, time\n" + body)
    return f"{PY} {path}"


ECHO = """
gold = [json.loads(l) for l in open({gold!r})]
keep = int(os.environ.get("KEEP", "1"))
for line in sys.stdin:
    doc = json.loads(line)
    rows = [r for r in gold if r["doc"] == doc["id"] and r["task"] == doc["task"]]
    time.sleep(float(os.environ.get("SLEEP", "0")))
    for n, r in enumerate(rows):
        if n % keep == 0 or r["label"] not in ("VALUE", "PERSON", "GPE", "NORP", "DIRECT", "INDIRECT"):
            print(json.dumps(r))
"""


def bench(args: list[str], cwd: Path, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([PY, "-m", "bench.cli", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def pairs(n: int, work: Path) -> dict[str, int]:
    prog = _program(work, "echo", ECHO.format(gold=str(ROOT / "annotations" / "gold.jsonl")))
    out = {"pairs": n, "cross-scored": 0, "failed": 0}
    for _ in range(n):
        procs = [bench(["run", "--system-cmd", prog, "--task", "entities", "--name", "same", "--resamples", "0", "--json",
                        "--allow-missing", "--no-progress"], work, {"KEEP": keep}) for keep in ("1", "2")]
        f1 = []
        for p in procs:
            stdout, _ = p.communicate(timeout=300)
            if p.returncode:
                out["failed"] += 1
                continue
            f1.append(json.loads(stdout)["scores"]["fine"]["headline"]["f1"])
        if len(f1) == 2 and not (f1[0] == 1.0 and f1[1] < 1.0):
            out["cross-scored"] += 1
    out["temporary files left"] = len(list(work.rglob("*.tmp")))
    return out


def kills(n: int, work: Path) -> dict[str, int]:
    """Kill three-task runs at random moments. Each run keeps a different share of the gold
    and marks its spans with its number; after the next command's recovery, the three tasks'
    predictions must carry one run's mark and each result must count its own predictions."""
    prog = _program(work, "marked", ECHO.format(gold=str(ROOT / "annotations" / "gold.jsonl")).replace(
        "print(json.dumps(r))", "print(json.dumps({**r, 'run': os.environ['RUN']}))"))
    rng = random.Random(7)
    out = {"kills": n, "mixed state": 0, "temporary files left": 0, "committed before the kill": 0}
    for k in range(n):
        p = bench(["run", "--system-cmd", prog, "--task", "entities", "--task", "quotes", "--task", "numeric_claims",
                   "--name", "killed", "--resamples", "2000", "--no-progress", "--allow-missing"], work,
                  {"KEEP": str(1 + k % 4), "RUN": str(k), "SLEEP": "0.3"})
        time.sleep(rng.uniform(0.3, 4.5))
        p.send_signal(signal.SIGKILL)
        p.wait()
        bench(["leaderboard", "--output", "LB.md"], work).communicate(timeout=300)  # any command recovers first
        marks, consistent = set(), True
        for task in TASKS:
            pred = work / "runs" / "newsie-v1" / task / "killed.jsonl"
            res = work / "results" / "newsie-v1" / task / "killed.json"
            if pred.exists() != res.exists():
                consistent = False
                continue
            if not pred.exists():
                continue
            lines = [json.loads(l) for l in pred.read_text().splitlines()]
            marks |= {r["run"] for r in lines}
            h = json.loads(res.read_text())["scores"]["fine"]["headline"]
            consistent &= h["tp"] + h["fp"] >= 0 and len(lines) > 0
        if len(marks) > 1 or not consistent:
            out["mixed state"] += 1
        out["committed before the kill"] += str(k) in marks
        out["temporary files left"] += len(list(work.rglob("*.tmp")))
    return out


def junk_memory(gib: float, work: Path) -> dict[str, float]:
    path = work / "junk.jsonl"
    chunk = os.urandom(1 << 20).replace(b"\n", b"x")
    with path.open("wb") as fh:
        for _ in range(int(gib * 1024)):
            fh.write(chunk)

    def peak(cmd: list[str]) -> tuple[float, int, str]:
        """Run ``cmd`` under a fresh launcher, whose children's peak is that command's alone."""
        launcher = ("import resource, subprocess, sys, json, time; t = time.perf_counter(); "
                    "p = subprocess.run(sys.argv[1:], capture_output=True); "
                    "print(json.dumps([resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode, "
                    "p.stderr.decode()[:200], time.perf_counter() - t]))")
        proc = subprocess.run([PY, "-c", launcher, *cmd], cwd=work, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        kib, code, err, wall = json.loads(proc.stdout)
        return kib / 1024, code, f"{err.strip()} ({wall:.1f} s)"

    base = peak([PY, "-c", "pass"])
    mem, code, err = peak([PY, "-m", "bench.cli", "evaluate", str(path), "--task", "entities"])
    path.unlink()
    return {"python -c pass MiB": round(base[0], 1), "bench evaluate MiB": round(mem, 1), "exit": code, "message": err}


def run() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mutations", type=int, default=3000)
    ap.add_argument("--pairs", type=int, default=50)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--junk-gib", type=float, default=1.0)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-robustness-"))
    try:
        t = time.perf_counter()
        print(f"fuzzer, {args.mutations} mutations:", fuzz(args.mutations, work), f"({time.perf_counter() - t:.0f} s)", flush=True)
        print(f"concurrent same-name pairs:", pairs(args.pairs, work), flush=True)
        print(f"kills mid-run:", kills(args.kills, work), flush=True)
        print(f"1 junk file of {args.junk_gib:g} GiB:", junk_memory(args.junk_gib, work), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    run()
