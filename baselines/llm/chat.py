"""What a chat backend is asked and what it answers, and the interface both backends share."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable, Protocol, Sequence


@dataclass(frozen=True)
class ChatRequest:
    messages: tuple[dict, ...]  # {"role", "content"}
    schema_name: str  # the task: names the JSON schema for response_format
    schema: dict | None = None


@dataclass(frozen=True)
class ChatResponse:
    text: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str | None = None  # "stop", "length" (hit the output token limit), ...
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ChatResponse | None":
        """A cached response, or None if the entry is not one."""
        text = data.get("text")
        if not isinstance(text, str):
            return None
        def count(key):
            v = data.get(key)
            return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else None
        reason = data.get("finish_reason")
        seconds = data.get("seconds")
        return cls(text, count("prompt_tokens"), count("completion_tokens"), reason if isinstance(reason, str) else None,
                   float(seconds) if isinstance(seconds, (int, float)) and not isinstance(seconds, bool) else 0.0)


class ChatBackend(Protocol):
    kind: str
    model: str
    device_name: str
    max_new_tokens: int

    def context_tokens(self) -> int:
        """Tokens the model reads and writes in one call."""

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` (an estimate where the tokenizer is not at hand)."""

    def chat_tokens(self, messages: Sequence[dict]) -> int:
        """Tokens of a whole chat as the model reads it, role markers included."""

    def identity(self) -> dict:
        """What besides the request decides a response: backend, model, weights, decoding."""

    def complete(self, requests: Sequence[ChatRequest], on_done: Callable[[int, ChatResponse], None]) -> None:
        """Answer every request, calling ``on_done(index, response)`` as each is answered."""

    def provenance(self) -> dict:
        ...

