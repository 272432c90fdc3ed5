"""Scoring speed and memory, each against a reference measured in the same run.

    .venv/bin/python benchmarks/scoring.py [--conll ../shared/data/conll2003] [--repeat 22]

Prints, each with its target (issue "shape"):
1. the scorer against seqeval's ``classification_report`` (strict IOB2) on the CoNLL-2003
   test tags with a perturbed copy as the prediction, with identical numbers (>= 20x);
2. the bootstrap's time for 10,000 resamples of those sentences, against one seqeval
   report (what a single re-scored resample would cost);
3. start-up as whole processes against ``python -c pass``, with bytecode caches as on an
   installed machine: ``bench evaluate`` on a small file (<= 6x), ``bench --help`` and
   ``bench tasks`` (<= 3x, and no numpy imported); and ``bench evaluate`` without caches;
4. ``bench evaluate`` end to end on about a million tokens (CoNLL-2003 test repeated)
   against seqeval's report alone on the same files, time (<= 1/3) and peak memory (<= 1x),
   each in a fresh process, the medians of five runs each.
Nothing here is derived data that is kept: the repeated corpus lives in a temp folder.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bootstrap import f1_ci  # noqa: E402
from bench.conll import read_conll  # noqa: E402
from bench.scoring import corpus_counts, label_report  # noqa: E402

LABELS = ["PER", "ORG", "LOC", "MISC"]


def perturb(tags: list[str], rng: random.Random, rate: float = 0.1) -> list[str]:
    out = []
    for t in tags:
        if rng.random() < rate:
            t = rng.choice(["O", *(f"{p}-{l}" for l in LABELS for p in "BI")])
        out.append(t)
    return out


def _times(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def best_of(fn, repeat: int = 3) -> float:
    return min(_times(fn, repeat))


def median_of(fn, repeat: int = 5) -> float:
    return statistics.median(_times(fn, repeat))


def child_peak_rss(cmd: list[str]) -> tuple[float, float, float]:
    """Wall time (s), peak RSS (MiB) and CPU time (s, user + system) of a command, each
    measured in its own wrapper process (RUSAGE_CHILDREN keeps the maximum over every child
    a process ever had). CPU time is shown beside wall time: on a shared VM it moves less."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(time.perf_counter() - t, r.ru_maxrss, r.ru_utime + r.ru_stime)\n"
    )
    out = subprocess.run([sys.executable, "-c", wrapper, *cmd], check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1]) / 1024, float(out[2])


def write_conll(path: Path, sentences: list[tuple[list[str], list[str]]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("-DOCSTART- -X- -X- O\n\n")
        for words, tags in sentences:
            fh.writelines(f"{w} {t}\n" for w, t in zip(words, tags))
            fh.write("\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--conll", default=str(ROOT.parent / "shared" / "data" / "conll2003"))
    ap.add_argument("--repeat", type=int, default=22, help="copies of CoNLL-2003 test for the memory run (22 = about 1M tokens)")
    args = ap.parse_args()

    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    test = Path(args.conll) / "test.txt"
    sents = [s for doc in read_conll(test) for s in doc]
    rng = random.Random(0)
    true = [s.tags for s in sents]
    pred = [perturb(t, rng) for t in true]
    n_tokens = sum(len(t) for t in true)
    print(f"CoNLL-2003 test: {len(true):,} sentences, {n_tokens:,} tokens; prediction = gold with 10% of tags randomised")

    # 1. throughput, with identical numbers
    ref = classification_report(true, pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    ours = label_report(corpus_counts(true, pred, "strict")[0])
    same = all(abs(ref[k][m] - ours[k][m2]) < 1e-12 for k in ref for m, m2 in (("precision", "precision"), ("recall", "recall"),
                                                                               ("f1-score", "f1"), ("support", "support")))
    t_seqeval = best_of(lambda: classification_report(true, pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0), 5)
    t_ours = best_of(lambda: label_report(corpus_counts(true, pred, "strict")[0]), 15)
    print(f"1. strict scoring: harness {n_tokens / t_ours:,.0f} tokens/s ({t_ours * 1000:.1f} ms), "
          f"seqeval {n_tokens / t_seqeval:,.0f} tokens/s ({t_seqeval * 1000:.0f} ms): {t_seqeval / t_ours:.1f}x "
          f"(target >= 20x); every figure identical: {same}")

    # 2. bootstrap
    units = corpus_counts(true, pred, "strict")[1]
    t_boot = best_of(lambda: f1_ci(units, 10_000, seed=0), repeat=1)
    print(f"2. bootstrap, 10,000 resamples of {len(units):,} sentences: {t_boot:.2f} s "
          f"(re-scoring each resample with seqeval would take about {10_000 * t_seqeval:,.0f} s: {10_000 * t_seqeval / t_boot:,.0f}x)")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # 3. start-up, as whole processes
        gold_quotes = tmp / "quotes.jsonl"
        gold_quotes.write_text("".join(l + "\n" for l in (ROOT / "annotations" / "gold.jsonl").read_text().splitlines() if '"quotes"' in l))
        bench = [sys.executable, "-m", "bench"]
        # as on an installed machine, modules load from their bytecode caches: a run that may
        # not write them (PYTHONDONTWRITEBYTECODE, set on some CI images) compiles every module
        # of the package at each start, which is shown apart
        cached = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
        # an empty cache folder that may not be written: every module of the package compiled at each start
        no_cache = {**cached, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(tmp / "no-pycache")}
        run = lambda cmd, env=cached: subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=tmp, env=env)  # noqa: E731
        run([*bench, "evaluate", str(gold_quotes)])  # writes the caches
        # the commands take turns, round after round, so that a change in the machine's load
        # falls on all of them alike (this VM's `python -c pass` drifts by a third over minutes)
        commands = {"python -c pass": ([sys.executable, "-c", "pass"], None),
                    "python -c 'import numpy'": ([sys.executable, "-c", "import numpy"], None),
                    "bench evaluate (10,000-resample CIs)": ([*bench, "evaluate", str(gold_quotes)], 6),
                    "bench --help": ([*bench, "--help"], 3), "bench tasks": ([*bench, "tasks"], 3)}
        times = {label: [] for label in commands}
        for _ in range(15):
            for label, (cmd, _target) in commands.items():
                times[label] += _times(lambda: run(cmd), 1)
        t_pass = statistics.median(times["python -c pass"])
        for label, (cmd, target) in list(commands.items())[1:]:
            t = statistics.median(times[label])
            aim = f"target <= {target}x" if target else "for reference"
            print(f"3. start-up: `{label}` {t * 1000:.0f} ms vs `python -c pass` {t_pass * 1000:.0f} ms: {t / t_pass:.1f}x ({aim})")
        t_cold = median_of(lambda: run([*bench, "evaluate", str(gold_quotes)], no_cache), 5)
        print(f"   without bytecode caches (every module compiled at each start, as under PYTHONDONTWRITEBYTECODE=1 on a fresh checkout): `bench evaluate` "
              f"{t_cold * 1000:.0f} ms, {t_cold / t_pass:.1f}x")
        light = subprocess.run([sys.executable, "-c", "import sys; from bench.cli import build_parser; build_parser(); "
                                "from bench.cli.corpus_commands import cmd_tasks; print('numpy' in sys.modules)"],
                               capture_output=True, text=True, cwd=tmp).stdout.strip()
        print(f"   numpy imported by --help / tasks: {light}")

        # 4. memory on ~1M tokens
        big_sents = [(s.tokens, s.tags) for s in sents] * args.repeat
        gold_file, pred_file = tmp / "big_gold.conll", tmp / "big_pred.conll"
        write_conll(gold_file, big_sents)
        rng = random.Random(1)
        write_conll(pred_file, [(w, perturb(t, rng)) for w, t in big_sents])
        big_tokens = n_tokens * args.repeat
        ours = [*bench, "evaluate", str(pred_file), "--gold", str(gold_file), "--task", "entities", "--resamples", "1000",
                "--results", str(tmp / "results")]
        ref = (
            "import sys; sys.path.insert(0, %r)\n"
            "from bench.conll import read_conll\n"
            "from seqeval.metrics import classification_report\nfrom seqeval.scheme import IOB2\n"
            "t=[s.tags for d in read_conll(__import__('pathlib').Path(%r)) for s in d]\n"
            "p=[s.tags for d in read_conll(__import__('pathlib').Path(%r)) for s in d]\n"
            "classification_report(t, p, mode='strict', scheme=IOB2, output_dict=True, zero_division=0)\n"
        ) % (str(ROOT), str(gold_file), str(pred_file))
        # five runs each, taking turns; the medians (this VM's speed drifts by a fifth over minutes)
        runs = [(child_peak_rss(ours), child_peak_rss([sys.executable, "-c", ref])) for _ in range(5)]
        wall_ours, rss_ours, cpu_ours = (statistics.median(r[0][k] for r in runs) for k in (0, 1, 2))
        wall_ref, rss_ref, cpu_ref = (statistics.median(r[1][k] for r in runs) for k in (0, 1, 2))
        print(f"4. {big_tokens:,} tokens: `bench evaluate` (reading both files, both seqeval modes, span schemes, 1,000-resample CI) "
              f"{wall_ours:.1f} s, peak {rss_ours:,.0f} MiB; seqeval's report alone (reading both files) {wall_ref:.1f} s, peak "
              f"{rss_ref:,.0f} MiB: time {wall_ours / wall_ref:.2f}x (target <= 0.33x; CPU time {cpu_ours:.1f} s vs {cpu_ref:.1f} s, "
              f"{cpu_ours / cpu_ref:.2f}x), memory {rss_ours / rss_ref:.2f}x (target <= 1x)")


if __name__ == "__main__":
    main()
