"""Fine-tuning Hugging Face encoders for token classification (``bench train``): the data
(``data``), the loop (``loop``), the command (``command``). Importing this package loads none of them."""


def __getattr__(name: str):
    if name in ("TrainConfig", "train", "weights_sha256"):
        from . import loop

        return getattr(loop, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
