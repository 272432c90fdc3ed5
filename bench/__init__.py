"""newsie-bench: an evaluation benchmark for information extraction from news."""

__version__ = "0.1.0"
# Bumped whenever a change could alter a score: results scored by different scorer
# versions are never ranked together.
SCORER_VERSION = "2"


# The public API (bench/api.py), loaded on first use so that `bench --help` stays light.
_API = ("evaluate", "load_corpus", "list_tasks", "list_systems", "list_corpora", "run", "infer_tasks")
_TASKS = ("register_task", "get_task", "Task")


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    if name in _TASKS:
        from . import tasks

        return getattr(tasks, name)
    raise AttributeError(f"module 'bench' has no attribute {name!r}")


__all__ = ["SCORER_VERSION", "__version__", *_API, *_TASKS]
