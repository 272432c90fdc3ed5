"""newsie-bench: an evaluation benchmark for information extraction from news."""

__version__ = "0.1.0"
# Bumped whenever a change could alter a score: results scored by different scorer
# versions are never ranked together.
SCORER_VERSION = "2"
