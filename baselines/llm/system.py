"""The ``llm`` system: a chat model prompted for JSON, its strings grounded back to spans.

``bench run --system llm --model NAME [--api-base URL] [--shots K] [--prompt-dir DIR]
[--cache-dir DIR] [--concurrency N] [--timeout S] [--device D] [--dtype T] [--batch-size B]``

With ``--api-base`` the model is served by any OpenAI-compatible server
(:mod:`.http_backend`); without it ``--model`` is a local Hugging Face causal LM
(:mod:`.hf_backend`). For each document and task:

1. the document is cut into chunks of whole lines when it does not fit the context
   (:mod:`.chunking`), each chunk is one chat (:mod:`.templates`);
2. responses come from the on-disk cache where present, else from the model
   (:mod:`.client`, :mod:`.cache`);
3. each response is read as the task's JSON items (:mod:`.outputs`) and grounded to spans
   (:mod:`.grounding`); chunks of one document are merged.

Every loss on the way (:mod:`.losses`), the token counts and the call counts go into
``provenance()``, which the runner stores in the result.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from bench.documents import Document
from bench.standoff import Span
from bench.systems import SystemFailure
from bench.tasks import ENTITY_LABELS, TASKS

from .cache import ResponseCache
from .chat import ChatBackend, ChatRequest, ChatResponse
from .chunking import Chunk, chunk_text
from .client import CachedClient, Usage
from .grounding import ground, merge_chunks, shift
from .losses import Losses
from .matching import FUZZY_THRESHOLD, SearchText
from .outputs import parse_response
from .templates import Prompt, load_prompt

MIN_TEXT_TOKENS = 64  # a chunk budget below this reads too little text to be worth a call
CONTEXT_MARGIN = 16  # tokens kept free for what a token estimate misses
ENTITY_ALIASES = {"PER": "PERSON", "ORGANIZATION": "ORG", "ORGANISATION": "ORG", "LOCATION": "LOC", "NATIONALITY": "NORP"}


@dataclass
class TaskLedger:
    """What one task's run cost and lost."""

    usage: Usage = field(default_factory=Usage)
    losses: Losses = field(default_factory=Losses)
    documents: int = 0
    chunks: int = 0


class LlmSystem:
    name = "llm"
    version = "0.1.0"
    tasks = tuple(TASKS)
    label_map = {
        "entities": {**{label: label for label in ENTITY_LABELS}, **ENTITY_ALIASES},
        "quotes": {label: label for label in TASKS["quotes"].labels},
        "numeric_claims": {label: label for label in TASKS["numeric_claims"].labels},
    }

    def __init__(self, model: str | None = None, api_base: str | None = None, device: str = "auto", batch_size: int = 8,
                 dtype: str | None = None, shots: int = 0, prompt_dir: str | None = None, cache_dir: str | None = None,
                 concurrency: int = 4, timeout: float = 120.0, max_new_tokens: int = 2048, context_tokens: int | None = None,
                 api_key_env: str = "OPENAI_API_KEY", trust_remote_code: bool = False, revision: str | None = None,
                 use_cache: bool = True, progress: bool = True):
        if not model:
            raise SystemFailure("the llm system needs --model: a model name the server knows (with --api-base URL) "
                                "or a local Hugging Face causal LM (hub id or folder)")
        self.prompts: dict[str, Prompt] = {t: load_prompt(t, shots, prompt_dir) for t in self.tasks}
        self.shots = int(shots)
        self.cache = ResponseCache(cache_dir, enabled=use_cache)
        self.backend: ChatBackend
        if api_base:
            if dtype:
                raise SystemFailure("--dtype applies to a local model; a server decides its own")
            from .http_backend import OpenAIChatBackend

            self.backend = OpenAIChatBackend(api_base, model, api_key_env=api_key_env, timeout=timeout, concurrency=concurrency,
                                             max_new_tokens=max_new_tokens, context_tokens=context_tokens, cache=self.cache)
        else:
            from .hf_backend import TransformersChatBackend

            self.backend = TransformersChatBackend(model, device=device, dtype=dtype, batch_size=batch_size,
                                                   max_new_tokens=max_new_tokens, trust_remote_code=trust_remote_code,
                                                   revision=revision, context_tokens=context_tokens)
        self.model = str(model)
        self.device_name = self.backend.device_name
        self.client = CachedClient(self.backend, self.cache)
        self.progress = progress
        self.description = f"{self.model} ({self.backend.kind}), {self.shots}-shot JSON prompts grounded to spans"
        self._ledgers: dict[str, TaskLedger] = {}
        self._task: str | None = None
        self._reported: set[str] = set()
        self._budgets: dict[str, int] = {}

    # -- chunks ----------------------------------------------------------------------------

    def text_budget(self, task: str) -> int:
        """Tokens of document text one chat may carry: what the context leaves after the prompt and the output."""
        if task not in self._budgets:
            prompt_tokens = self.backend.chat_tokens(self.prompts[task].messages(""))
            context = self.backend.context_tokens()
            budget = context - self.backend.max_new_tokens - prompt_tokens - CONTEXT_MARGIN
            if budget < MIN_TEXT_TOKENS:
                raise SystemFailure(f"the {task} prompt ({prompt_tokens} tokens) and the output limit ({self.backend.max_new_tokens} tokens) "
                                    f"leave no room for text in the model's context of {context} tokens; use fewer --shots "
                                    "or a model with a longer context")
            self._budgets[task] = budget
        return self._budgets[task]

    def chunks(self, text: str, task: str) -> list[Chunk]:
        budget = self.text_budget(task)
        return chunk_text(text, budget, self.backend.count_tokens, overlap=budget // 8)

    # -- prediction ------------------------------------------------------------------------

    def ledger(self, task: str) -> TaskLedger:
        """The running account of ``task``; a task run again after its provenance was taken starts afresh."""
        if task in self._reported or task not in self._ledgers:
            self._ledgers[task] = TaskLedger()
            self._reported.discard(task)
        self._task = task
        return self._ledgers[task]

    def predict(self, documents: Sequence[Document], task: str) -> list[Span]:
        if task not in self.tasks:
            raise SystemFailure(f"the llm system has no task {task!r} (it has {', '.join(self.tasks)})")
        prompt = self.prompts[task]
        ledger = self.ledger(task)
        plans = [(doc, self.chunks(doc.text, task)) for doc in documents]
        requests = [ChatRequest(tuple(prompt.messages(doc.text[c.start : c.end])), task, prompt.schema)
                    for doc, chunks in plans for c in chunks]
        responses = iter(self.client.complete(requests, ledger.usage, self.progress, desc=f"llm {task}"))
        spans: list[Span] = []
        for doc, chunks in plans:
            found, losses = self.read_document(doc, chunks, [next(responses) for _ in chunks], task)
            spans += found
            ledger.losses.add(losses)
            ledger.documents += 1
            ledger.chunks += len(chunks)
        return spans

    @staticmethod
    def read_document(doc: Document, chunks: Sequence[Chunk], responses: Sequence[ChatResponse], task: str) -> tuple[list[Span], Losses]:
        """The spans of one document from the responses to its chunks, and what was lost."""
        losses = Losses()
        per_chunk = []
        flags = {"invalid_json": False, "repaired_json": False, "output_truncated": False, "cut_for_context": False}
        for n, (chunk, response) in enumerate(zip(chunks, responses)):
            parsed = parse_response(response.text, task)
            flags["invalid_json"] |= parsed.status == "invalid"
            flags["repaired_json"] |= parsed.status == "repaired"
            flags["output_truncated"] |= response.finish_reason == "length"
            flags["cut_for_context"] |= chunk.cut
            losses.items += parsed.malformed
            losses.malformed += parsed.malformed
            g = ground(task, SearchText(doc.text[chunk.start : chunk.end]), parsed.items, doc.id)
            losses.add(g.losses)
            per_chunk.append(shift(g.spans, chunk.start, f"k{n}." if len(chunks) > 1 else ""))
        spans, dropped = merge_chunks(per_chunk)
        losses.overlapping += dropped
        for kind, happened in flags.items():
            losses.count(kind, int(happened))
        return spans, losses

    # -- provenance ------------------------------------------------------------------------

    def provenance(self) -> dict:
        """The run's account for the task last predicted: model, backend, prompt, usage and losses."""
        backend = self.backend.provenance()
        out = {"model": self.model, "backend": backend, "fuzzy_threshold": FUZZY_THRESHOLD, "cache_dir": str(self.cache.folder)}
        for key in ("weights_sha256", "dtype", "revision"):
            if backend.get(key):
                out[key] = backend[key]
        task = self._task
        if task is not None:
            ledger = self._ledgers[task]
            out["prompt"] = self.prompts[task].provenance()
            out["usage"] = {"documents": ledger.documents, "chunks": ledger.chunks, **ledger.usage.as_dict()}
            out["losses"] = ledger.losses.as_dict()
            out["text_budget_tokens"] = self._budgets.get(task)
            self._reported.add(task)
        return out
