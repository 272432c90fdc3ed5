"""The ``bench`` command line: a thin layer over the public API (``bench.api``). Each command
module registers its verbs; heavy libraries are imported inside the commands that use them,
so ``bench --help`` and ``bench tasks`` load no numpy."""
from __future__ import annotations

import argparse
import os
import shlex
import sys

from .. import __version__
from ..errors import BenchError, UsageError

__all__ = ["BenchError", "UsageError", "build_parser", "main", "run"]


def build_parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or (``verb``) only what that verb's command line needs: the
    options of every verb cost more start-up time than a small command takes to run. An
    unknown ``verb`` gets the whole parser, whose error lists the verbs."""
    from ..report.command import add_parser as add_report_parser
    from . import corpus_commands, score_commands

    parser = argparse.ArgumentParser(
        prog="bench",
        description="Score information-extraction systems on hand-labelled news: entities, quotes, numeric claims.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    verbs = _OneVerb(sub, verb) if verb else sub
    corpus_commands.add_parsers(verbs)
    score_commands.add_parsers(verbs)
    add_report_parser(verbs)
    try:  # the baselines' training verb, when the baselines are installed beside the harness
        from baselines.training.command import add_parser as add_train_parser
    except ImportError:
        pass
    else:
        add_train_parser(verbs)
    if verb and not verbs.built:
        return build_parser()
    return parser


class _OneVerb:
    """Subparsers that build one verb and skip the others (their options included)."""

    def __init__(self, sub, verb: str):
        self.sub, self.verb, self.built = sub, verb, False

    def add_parser(self, name: str, **kwargs):
        if name != self.verb:
            return _Skipped()
        self.built = True
        return self.sub.add_parser(name, **kwargs)


class _Skipped:
    """A verb's parser that is not built: every call to it does nothing."""

    def __getattr__(self, name: str):
        return lambda *args, **kwargs: self


class Terminated(BaseException):
    """SIGTERM or SIGHUP, raised so that cleanup (killing a --system-cmd child) runs."""

    def __init__(self, signum: int):
        import signal

        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


def _terminate_on_signals() -> None:
    import signal

    def handler(signum, frame):
        raise Terminated(signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            signal.signal(sig, handler)
        except (ValueError, OSError):  # not the main thread
            pass


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 2000 else text[:1997] + "..."


def main(argv: list[str] | None = None) -> int:
    from ..gc_paused import gc_paused

    with gc_paused():  # a command builds up to millions of small objects (bench.gc_paused)
        return _main(sys.argv[1:] if argv is None else list(argv))


def _main(argv: list[str]) -> int:
    args = build_parser(argv[0] if argv and not argv[0].startswith("-") else None).parse_args(argv)
    args.command_line = " ".join(shlex.quote(a) for a in ["bench", *argv])
    _terminate_on_signals()
    try:
        return args.func(args)
    except BenchError as exc:
        print(f"bench {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, Terminated) as exc:
        transaction = sys.modules.get("bench.transaction")  # nothing was committed if it was never loaded
        written = transaction.COMMITTED if transaction is not None else []
        what = (f"{len(written)} files had already been written, as one complete set" if written else "nothing was written")
        print(f"bench {args.command}: {exc or 'interrupted'}; {what}", file=sys.stderr)
        return 130 if isinstance(exc, KeyboardInterrupt) else 128 + getattr(exc, "signum", 15)
    except BrokenPipeError:  # `bench stats | head`: the reader has gone, which is no error
        sys.stderr.close()
        return 0


def run() -> None:
    """The ``bench`` script and ``python -m bench``: :func:`main`, then an exit without the
    interpreter's teardown. Teardown frees every object one by one and runs a full garbage
    collection, which buys nothing at the end of a process: it was a quarter of a small
    ``bench evaluate`` and seconds after a million-token one. Exit handlers still run and
    output is flushed first, as at a normal exit."""
    try:
        code = main()
    except SystemExit as exc:  # --help, --version and argparse's usage errors
        if not isinstance(exc.code, (int, type(None))):
            raise
        code = exc.code
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader has gone or the stream is closed: nothing more to say
            pass
    os._exit(code or 0)
