"""``bench train``: the command line of the training loop (registered by ``bench.cli``)."""
from __future__ import annotations



def add_parser(subparsers) -> None:
    """Register ``bench train``."""
    p = subparsers.add_parser(
        "train", help="fine-tune a Hugging Face encoder on a CoNLL-format file or a benchmark corpus, for any task",
        description="Fine-tune an encoder (token classification) on CoNLL-format data or on a corpus's gold for one task "
                    "(--train corpus:reuters-train --task quotes); score dev each epoch (seqeval strict IOB2), save the best "
                    "epoch (safetensors) with a model card. The checkpoint is a system: bench run --system transformer --model DIR.")
    p.add_argument("--model", required=True, help="base encoder: hub id (cached) or local folder")
    p.add_argument("--train", required=True, help="CoNLL-format training file, corpus:NAME (e.g. corpus:reuters-train), "
                                                   "or a datasets name (e.g. conll2003)")
    p.add_argument("--dev", required=True, help="dev data for model selection, the same kinds (e.g. corpus:reuters-dev)")
    p.add_argument("--test", help="test data scored once with the best checkpoint, the same kinds")
    p.add_argument("--task", default="entities", help="the task whose gold a corpus:NAME source gives (default entities)")
    p.add_argument("--output", required=True, help="folder for the best checkpoint and its README.md")
    p.add_argument("--epochs", type=int, default=3, help="passes over the training data (default 3)")
    p.add_argument("--lr", type=float, default=5e-5, help="peak learning rate (default 5e-5)")
    p.add_argument("--batch-size", type=int, default=32, help="sentences per batch (default 32)")
    p.add_argument("--max-length", type=int, default=128, help="subwords per example incl. special tokens (default 128)")
    p.add_argument("--seed", type=int, default=42, help="seed of initialisation, shuffling and dropout (default 42)")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda or cuda:N (default auto)")
    p.add_argument("--warmup-ratio", type=float, default=0.1, help="share of steps with a rising learning rate (default 0.1)")
    p.add_argument("--weight-decay", type=float, default=0.01, help="AdamW weight decay (default 0.01)")
    p.add_argument("--limit", type=int, help="use only the first N training sentences (quick checks)")
    p.add_argument("--trust-remote-code", action="store_true", help="allow the model's own code to run")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_train)


def cmd_train(args) -> int:
    from bench.errors import SystemFailure

    from .loop import TrainConfig, train

    for name in ("epochs", "batch_size", "max_length"):
        if getattr(args, name) < 1:
            raise SystemFailure(f"--{name.replace('_', '-')} must be at least 1")
    if args.max_length < 8:
        raise SystemFailure("--max-length must be at least 8")
    if not 0 <= args.warmup_ratio < 1:
        raise SystemFailure("--warmup-ratio must be in [0, 1)")
    cfg = TrainConfig(
        model=args.model, train=args.train, dev=args.dev, test=args.test, output=args.output, epochs=args.epochs,
        lr=args.lr, batch_size=args.batch_size, max_length=args.max_length, seed=args.seed, device=args.device,
        warmup_ratio=args.warmup_ratio, weight_decay=args.weight_decay, limit=getattr(args, "limit", None),
        trust_remote_code=getattr(args, "trust_remote_code", False), progress=not getattr(args, "no_progress", False),
        command=getattr(args, "command_line", None), task=args.task)
    summary = train(cfg, log=lambda msg: print(msg, flush=True))
    print(f"best epoch {summary['best_epoch']}: dev F1 {summary['dev_f1']:.4f}"
          + (f"; test F1 {summary['test']['f1']:.4f}" if "test" in summary else "") + f" -> {summary['output']}")
    return 0
