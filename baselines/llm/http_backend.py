"""Any OpenAI-compatible chat-completions server (vLLM, Ollama, llama.cpp, a hosted API),
through the standard library only.

- ``POST {api_base}/chat/completions`` with temperature 0 (greedy), a fixed seed, the
  output token limit, and the task's JSON schema as ``response_format``; a server that
  refuses the schema (400/422) is asked again without it, and is not offered it again.
- The API key is read from an environment variable (default ``OPENAI_API_KEY``) and sent
  as a bearer token; no key, no header (local servers need none).
- Up to ``concurrency`` requests in flight; each has a timeout; 408/409/425/429/5xx,
  dropped connections, timeouts and unreadable bodies are retried with exponential
  backoff (``Retry-After`` is honoured), other errors end the run with one line.
- The context length is asked of the server once (``GET {api_base}/models``: vLLM reports
  ``max_model_len``), else assumed to be ``DEFAULT_CONTEXT``. Tokens are estimated at one
  per three characters, which overestimates English text, so chunks err on the small side.
"""
from __future__ import annotations

import http.client
import json
import math
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import Callable, Sequence

from bench.systems import SystemFailure

from .cache import ResponseCache, cache_key
from .chat import ChatRequest, ChatResponse

DEFAULT_CONTEXT = 8192
CHARS_PER_TOKEN = 3
MAX_BODY_BYTES = 64 << 20
RETRYABLE = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
MAX_BACKOFF_S = 60.0
CONTEXT_FIELDS = ("max_model_len", "context_length", "context_window", "max_context_length")


class Retryable(Exception):
    """A failure worth another try; ``retry_after`` in seconds when the server said."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class Refused(Exception):
    """The server answered with an error status that another try will not change."""

    def __init__(self, status: int, message: str):
        super().__init__(f"{status}: {message}")
        self.status = status


def _error_message(raw: bytes) -> str:
    """The server's own words from an error body ({"error": {"message"}} or plain text), on one line."""
    text = raw.decode("utf-8", "replace")
    try:
        data = json.loads(text)
        err = data.get("error", data) if isinstance(data, dict) else data
        text = err.get("message", text) if isinstance(err, dict) else str(err)
    except ValueError:
        pass
    return " ".join(str(text).split())[:200] or "no message"


def _retry_after(value: str | None) -> float | None:
    try:
        return min(max(float(value), 0.0), MAX_BACKOFF_S) if value else None
    except ValueError:
        return None


def _content(message: dict) -> str:
    content = message.get("content")
    if isinstance(content, list):  # content parts
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    return content if isinstance(content, str) else ""


def _count(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


class OpenAIChatBackend:
    kind = "openai-chat"

    def __init__(self, api_base: str, model: str, *, api_key_env: str = "OPENAI_API_KEY", timeout: float = 120.0,
                 concurrency: int = 4, retries: int = 4, backoff: float = 1.0, max_new_tokens: int = 2048,
                 context_tokens: int | None = None, seed: int = 0, cache: ResponseCache | None = None):
        parts = urllib.parse.urlsplit(str(api_base))
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SystemFailure(f"--api-base {api_base!r} is no http(s) URL; give the server's base, e.g. http://localhost:8000/v1")
        if int(concurrency) < 1 or int(retries) < 0 or float(timeout) <= 0 or int(max_new_tokens) < 1:
            raise SystemFailure("concurrency and max_new_tokens must be at least 1, retries at least 0, timeout positive")
        self.api_base = str(api_base).rstrip("/")
        self.model = str(model)
        self.api_key_env = api_key_env
        self.timeout = float(timeout)
        self.concurrency = int(concurrency)
        self.retries = int(retries)
        self.backoff = float(backoff)
        self.max_new_tokens = int(max_new_tokens)
        self.seed = int(seed)
        self.cache = cache
        self.device_name = f"server {self.api_base}"
        self._context = int(context_tokens) if context_tokens else None
        self._context_source = "given" if context_tokens else None
        self._schema_ok = True
        self._schema_note = "json_schema"
        self._lock = threading.Lock()

    # -- what the model takes ------------------------------------------------------------

    def count_tokens(self, text: str) -> int:
        return math.ceil(len(text) / CHARS_PER_TOKEN)

    def chat_tokens(self, messages) -> int:
        return sum(self.count_tokens(m["content"]) + 8 for m in messages) + 8  # a few tokens of role markers each

    def context_tokens(self) -> int:
        if self._context is None:
            self._context, self._context_source = self._probe_context()
        return self._context

    def _probe_context(self) -> tuple[int, str]:
        """The context length the server reports for the model (asked once, the answer cached)."""
        key = cache_key({"probe": "models", "api_base": self.api_base, "model": self.model})
        known = self.cache.get(key) if self.cache else None
        if known and isinstance(known.get("context"), int):
            return known["context"], known.get("source", "server")
        try:
            data = self._request("GET", "/models", None, timeout=min(self.timeout, 10.0))
        except Refused:
            data = None  # the server has no model list: its answer is the default
        except Retryable:
            return DEFAULT_CONTEXT, "default (server not reachable)"  # not cached: ask again next time
        context, source = DEFAULT_CONTEXT, "default"
        entries = data.get("data") if isinstance(data, dict) else None
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and entry.get("id") == self.model:
                found = next((_count(entry.get(f)) for f in CONTEXT_FIELDS if _count(entry.get(f))), None)
                if found:
                    context, source = found, "server"
        if self.cache:
            self.cache.put(key, {"context": context, "source": source})
        return context, source

    def identity(self) -> dict:
        return {"backend": self.kind, "api_base": self.api_base, "model": self.model,
                "decoding": {"temperature": 0.0, "max_tokens": self.max_new_tokens, "seed": self.seed}}

    # -- HTTP ------------------------------------------------------------------------------

    def _request(self, method: str, path: str, body: dict | None, timeout: float) -> dict:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        key = os.environ.get(self.api_key_env, "") if self.api_key_env else ""
        if key:
            headers["Authorization"] = f"Bearer {key}"
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        req = urllib.request.Request(self.api_base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read(MAX_BODY_BYTES + 1)
        except urllib.error.HTTPError as exc:
            message = _error_message(exc.read(4096) if exc.fp else b"")
            if exc.code in RETRYABLE:
                raise Retryable(f"HTTP {exc.code}: {message}", _retry_after(exc.headers.get("Retry-After") if exc.headers else None)) from None
            raise Refused(exc.code, message) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:  # refused, reset, timed out, cut short
            reason = getattr(exc, "reason", None) or exc
            raise Retryable(f"{type(exc).__name__}: {reason}") from None
        if len(raw) > MAX_BODY_BYTES:
            raise Refused(200, f"a response body over {MAX_BODY_BYTES >> 20} MiB")
        try:
            return json.loads(raw)
        except (ValueError, RecursionError):
            raise Retryable("the response body is not JSON") from None

    def _body(self, request: ChatRequest, with_schema: bool) -> dict:
        body = {"model": self.model, "messages": list(request.messages), "temperature": 0.0,
                "max_tokens": self.max_new_tokens, "seed": self.seed}
        if with_schema and request.schema is not None:
            body["response_format"] = {"type": "json_schema",
                                       "json_schema": {"name": request.schema_name, "schema": request.schema, "strict": False}}
        return body

    def _answer(self, data: dict, seconds: float) -> ChatResponse:
        choices = data.get("choices") if isinstance(data, dict) else None
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            raise Retryable("the response has no choices")
        choice = choices[0]
        message = choice.get("message") if isinstance(choice.get("message"), dict) else {}
        usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
        reason = choice.get("finish_reason")
        return ChatResponse(_content(message), _count(usage.get("prompt_tokens")), _count(usage.get("completion_tokens")),
                            reason if isinstance(reason, str) else None, seconds)

    def complete_one(self, request: ChatRequest) -> ChatResponse:
        """One chat, with retries; raises SystemFailure when the server will not answer."""
        with_schema = self._schema_ok and request.schema is not None
        schema_refused: Refused | None = None
        attempt = 0
        while True:
            start = time.perf_counter()
            try:
                answer = self._answer(self._request("POST", "/chat/completions", self._body(request, with_schema), self.timeout),
                                      time.perf_counter() - start)
            except Refused as exc:
                if with_schema and exc.status in (400, 422):
                    with_schema, schema_refused = False, exc  # ask again without the schema
                    continue
                raise SystemFailure(self._refusal(exc)) from None
            except Retryable as exc:
                attempt += 1
                if attempt > self.retries:
                    raise SystemFailure(f"server {self.api_base} gave no answer for model {self.model!r} after "
                                        f"{self.retries + 1} tries: {exc}") from None
                time.sleep(exc.retry_after if exc.retry_after is not None else min(self.backoff * 2 ** (attempt - 1), MAX_BACKOFF_S))
                continue
            if schema_refused is not None:  # it answered without the schema: never offer it again
                with self._lock:
                    self._schema_ok = False
                    self._schema_note = f"refused by the server (HTTP {schema_refused}); prompt only"
            return answer

    def _refusal(self, exc: Refused) -> str:
        hint = ""
        if exc.status in (401, 403):
            hint = f" (set the API key in ${self.api_key_env})"
        elif exc.status == 404:
            hint = " (check --api-base, usually ending in /v1, and --model)"
        return f"server {self.api_base} refused model {self.model!r}: HTTP {exc}{hint}"

    def complete(self, requests: Sequence[ChatRequest], on_done: Callable[[int, ChatResponse], None]) -> None:
        if not requests:
            return
        with ThreadPoolExecutor(max_workers=min(self.concurrency, len(requests))) as pool:
            futures = {pool.submit(self.complete_one, r): i for i, r in enumerate(requests)}
            pending = set(futures)
            try:
                while pending:
                    done, pending = wait(pending, return_when=FIRST_EXCEPTION)
                    for f in done:
                        on_done(futures[f], f.result())  # re-raises a SystemFailure
            except BaseException:
                for f in pending:
                    f.cancel()
                raise

    def provenance(self) -> dict:
        return {"backend": self.kind, "api_base": self.api_base, "api_key_env": self.api_key_env,
                "response_format": self._schema_note, "context_tokens": self._context, "context_source": self._context_source,
                "max_new_tokens": self.max_new_tokens, "concurrency": self.concurrency, "timeout_s": self.timeout,
                "retries": self.retries, "decoding": {"temperature": 0.0, "seed": self.seed}}
