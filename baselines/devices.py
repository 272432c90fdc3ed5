"""Which device a model runs on: ``auto``, ``cpu``, ``cuda`` or ``cuda:N``, checked (torch imported only when needed)."""
from __future__ import annotations


def resolve_device(spec: str | None = "auto") -> str:
    """``auto`` -> ``cuda`` when available else ``cpu``; ``cpu``, ``cuda``, ``cuda:N`` checked.

    Raises ``SystemFailure`` (a one-line message) for a device that is not there.
    """
    from bench.errors import SystemFailure

    spec = (spec or "auto").strip().lower()
    if spec not in ("auto", "cpu", "cuda") and not (spec.startswith("cuda:") and spec[5:].isdigit()):
        raise SystemFailure(f"unknown device {spec!r}: use auto, cpu, cuda or cuda:N")
    if spec == "cpu":
        return "cpu"
    import torch

    available = torch.cuda.is_available()
    if spec == "auto":
        return "cuda" if available else "cpu"
    if not available:
        raise SystemFailure(f"device {spec!r} requested but CUDA is not available here (torch {torch.__version__}); use --device cpu or auto")
    if spec.startswith("cuda:") and int(spec[5:]) >= torch.cuda.device_count():
        raise SystemFailure(f"device {spec!r} requested but only {torch.cuda.device_count()} CUDA device(s) are visible")
    return spec
