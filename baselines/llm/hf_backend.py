"""A local Hugging Face causal language model as a chat backend.

The tokenizer's chat template renders each chat (a plain ``role: content`` template stands
in for a tokenizer without one, and provenance says so); control tokens that occur in a
document are encoded as plain text, so a text can never close its own turn. Chats are
sorted by length and generated in left-padded batches of ``batch_size`` with greedy
decoding, on CPU or CUDA in the requested dtype (default float16 on CUDA, else float32).

torch and transformers are imported when the backend is built, never on import.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Sequence

from bench.systems import SystemFailure

from .chat import ChatRequest, ChatResponse

DTYPES = {"float32": "float32", "fp32": "float32", "float16": "float16", "fp16": "float16", "half": "float16",
          "bfloat16": "bfloat16", "bf16": "bfloat16"}
FALLBACK_TEMPLATE = ("{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n\n{% endfor %}"
                     "{% if add_generation_prompt %}assistant: {% endif %}")
DEFAULT_CONTEXT = 4096  # for a model whose config names no context length


def resolve_dtype(dtype: str | None, device: str) -> str:
    if dtype in (None, "", "auto"):
        return "float16" if device.startswith("cuda") else "float32"
    name = DTYPES.get(str(dtype).lower())
    if name is None:
        raise SystemFailure(f"unknown dtype {dtype!r}: use float32, float16 or bfloat16")
    return name


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


class TransformersChatBackend:
    kind = "transformers"

    def __init__(self, model: str, device: str = "auto", dtype: str | None = None, batch_size: int = 8,
                 max_new_tokens: int = 2048, trust_remote_code: bool = False, revision: str | None = None,
                 context_tokens: int | None = None):
        if int(batch_size) < 1 or int(max_new_tokens) < 1:
            raise SystemFailure("batch size and max_new_tokens must be at least 1")
        self.model = str(model)
        self.batch_size = int(batch_size)
        self.max_new_tokens = int(max_new_tokens)
        self.trust_remote_code = bool(trust_remote_code)
        self.revision = revision
        self._load(device, dtype, context_tokens)

    def _load(self, device: str, dtype: str | None, context_tokens: int | None) -> None:
        from baselines.devices import resolve_device

        local = Path(self.model).expanduser()
        if local.exists() and not (local / "config.json").is_file():
            raise SystemFailure(f"model {self.model!r} is no Hugging Face model folder (no config.json)")
        if not local.exists() and (self.model.startswith((".", "/", "~")) or self.model.count("/") > 1):
            raise SystemFailure(f"model {self.model!r}: no such folder")
        self.source = str(local) if local.exists() else self.model
        self.device = resolve_device(device)
        self.dtype = resolve_dtype(dtype, self.device)

        import torch
        from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

        kw = {"trust_remote_code": self.trust_remote_code}
        if self.revision:
            kw["revision"] = self.revision
        try:
            config = AutoConfig.from_pretrained(self.source, **kw)
            archs = list(getattr(config, "architectures", None) or [])
            if archs and not any(a.endswith(("ForCausalLM", "LMHeadModel", "ForConditionalGeneration")) for a in archs):
                raise SystemFailure(f"model {self.model!r} is no causal language model (architectures: {', '.join(archs)})")
            tokenizer = AutoTokenizer.from_pretrained(self.source, **kw)
            net = AutoModelForCausalLM.from_pretrained(self.source, dtype=getattr(torch, self.dtype), **kw)
        except SystemFailure:
            raise
        except (OSError, ValueError, KeyError, ImportError) as exc:
            raise SystemFailure(f"model {self.model!r} cannot be loaded: {_first_line(exc)}") from None
        tokenizer.padding_side = "left"  # generation continues from the right edge
        if tokenizer.pad_token_id is None:
            if tokenizer.eos_token_id is None:
                raise SystemFailure(f"model {self.model!r}: its tokenizer has neither a pad nor an end-of-sequence token")
            tokenizer.pad_token = tokenizer.eos_token
        self.chat_template = "the model's"
        if not getattr(tokenizer, "chat_template", None):
            tokenizer.chat_template = FALLBACK_TEMPLATE
            self.chat_template = "fallback 'role: content' (the tokenizer has none)"
        self.tokenizer = tokenizer
        self.net = net.to(self.device).eval()
        self.config = config
        limits = [int(v) for v in (getattr(config, "max_position_embeddings", None), getattr(tokenizer, "model_max_length", None))
                  if isinstance(v, int) and 0 < v < 10_000_000]
        self._context = int(context_tokens) if context_tokens else (min(limits) if limits else DEFAULT_CONTEXT)
        eos = getattr(net.generation_config, "eos_token_id", None) or tokenizer.eos_token_id
        self.eos_ids = set(eos if isinstance(eos, list) else [eos]) - {None}
        if self.device.startswith("cuda"):
            self.device_name = f"{self.device} ({torch.cuda.get_device_name(torch.device(self.device))})"
        else:
            self.device_name = "cpu"
        self._weights: dict[str, str] | None = None

    # -- what the model takes ------------------------------------------------------------

    def context_tokens(self) -> int:
        return self._context

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def chat_tokens(self, messages: Sequence[dict]) -> int:
        """Tokens of a chat as the template renders it, the generation prompt included."""
        return len(self._encode([list(messages)])["input_ids"][0])

    def weights(self) -> dict[str, str]:
        if self._weights is None:
            from baselines.training import weights_sha256

            self._weights = weights_sha256(Path(self.source)) if Path(self.source).is_dir() else {}
        return self._weights

    def identity(self) -> dict:
        revision = self.revision or getattr(self.config, "_commit_hash", None)
        return {"backend": self.kind, "model": self.model, "weights": self.weights() or revision, "dtype": self.dtype,
                "decoding": {"greedy": True, "max_new_tokens": self.max_new_tokens}}

    # -- generation ----------------------------------------------------------------------

    def _encode(self, chats: list[list[dict]]):
        return self.tokenizer.apply_chat_template(chats, add_generation_prompt=True, tokenize=True, padding=True,
                                                  return_tensors="pt", return_dict=True, sanitize_control_tokens=True)

    def complete(self, requests: Sequence[ChatRequest], on_done: Callable[[int, ChatResponse], None]) -> None:
        import torch
        from transformers import GenerationConfig

        chats = [list(r.messages) for r in requests]
        lengths = [self.chat_tokens(c) for c in chats]
        order = sorted(range(len(chats)), key=lambda i: (lengths[i], i))
        config = GenerationConfig(do_sample=False, max_new_tokens=self.max_new_tokens,
                                  pad_token_id=self.tokenizer.pad_token_id, eos_token_id=sorted(self.eos_ids) or None)
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            enc = self._encode([chats[i] for i in idx])
            enc = {k: v.to(self.device) for k, v in enc.items()}
            start = time.perf_counter()
            try:
                with torch.inference_mode():
                    out = self.net.generate(**enc, generation_config=config)
            except torch.cuda.OutOfMemoryError:
                raise SystemFailure(f"model {self.model!r} ran out of GPU memory on a batch of {len(idx)}: "
                                    "use a smaller --batch-size or --dtype") from None
            seconds = (time.perf_counter() - start) / len(idx)
            width = enc["input_ids"].shape[1]
            for row, i in enumerate(idx):
                generated = out[row, width:].tolist()
                stop = next((n for n, t in enumerate(generated) if t in self.eos_ids), None)
                kept = generated if stop is None else generated[:stop]
                text = self.tokenizer.decode(kept, skip_special_tokens=True)
                on_done(i, ChatResponse(text, int(enc["attention_mask"][row].sum()), len(kept) + (stop is not None),
                                        "length" if stop is None and len(kept) >= self.max_new_tokens else "stop", seconds))

    def provenance(self) -> dict:
        return {"backend": self.kind, "model_path": str(Path(self.source).resolve()) if Path(self.source).is_dir() else None,
                "revision": self.revision or getattr(self.config, "_commit_hash", None), "weights_sha256": self.weights(),
                "dtype": self.dtype, "device": self.device_name, "batch_size": self.batch_size,
                "context_tokens": self._context, "max_new_tokens": self.max_new_tokens, "chat_template": self.chat_template,
                "decoding": {"greedy": True}}
