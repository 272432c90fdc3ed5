"""Asking a backend through the response cache, with a progress bar and an account of usage."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Sequence

from .cache import ResponseCache, cache_key
from .chat import ChatBackend, ChatRequest, ChatResponse


@dataclass
class Usage:
    requests: int = 0  # chats needed (chunks of documents)
    calls: int = 0  # of which sent to the model
    cache_hits: int = 0  # of which answered from the cache
    prompt_tokens: int = 0  # over every response used, cached or not, where the backend reported them
    completion_tokens: int = 0
    unreported: int = 0  # responses without token counts
    model_seconds: float = 0.0  # time spent in model calls made now

    def as_dict(self) -> dict:
        out = asdict(self)
        out["model_seconds"] = round(self.model_seconds, 3)
        return out


class CachedClient:
    def __init__(self, backend: ChatBackend, cache: ResponseCache):
        self.backend = backend
        self.cache = cache

    def key(self, request: ChatRequest) -> str:
        return cache_key({"backend": self.backend.identity(), "messages": list(request.messages), "schema": request.schema})

    def complete(self, requests: Sequence[ChatRequest], usage: Usage, progress: bool = True, desc: str = "llm") -> list[ChatResponse]:
        """Responses to ``requests`` in order: from the cache where there, else from the model
        (each stored as soon as it arrives, so an interrupted run keeps what it paid for)."""
        from tqdm.auto import tqdm

        keys = [self.key(r) for r in requests]
        responses: list[ChatResponse | None] = [None] * len(requests)
        for i, key in enumerate(keys):
            hit = self.cache.get(key)
            responses[i] = ChatResponse.from_dict(hit) if hit else None
        todo = [i for i, r in enumerate(responses) if r is None]
        usage.requests += len(requests)
        usage.cache_hits += len(requests) - len(todo)
        if todo:
            with tqdm(total=len(todo), desc=desc, unit="call", disable=None if progress else True, leave=False) as bar:
                def done(j: int, response: ChatResponse) -> None:
                    i = todo[j]
                    responses[i] = response
                    self.cache.put(keys[i], response.to_dict())
                    usage.calls += 1
                    usage.model_seconds += response.seconds
                    bar.update(1)

                self.backend.complete([requests[i] for i in todo], done)
        out = [r if r is not None else ChatResponse("") for r in responses]
        for r in out:
            if r.prompt_tokens is None or r.completion_tokens is None:
                usage.unreported += 1
            usage.prompt_tokens += r.prompt_tokens or 0
            usage.completion_tokens += r.completion_tokens or 0
        return out

