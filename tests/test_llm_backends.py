"""The llm system end to end, without network or weights: an OpenAI-format server started here
on 127.0.0.1 (an oracle answering with the gold, a garbage one, flaky and refusing ones),
and a tiny random Llama with a tokenizer built here."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from llm_oracle import oracle_items, roughen

from baselines.llm.templates import load_prompt
from baselines.llm.system import LlmSystem
from bench.corpus import Corpus
from bench.documents import Document
from bench.runner import CorpusSpec, run_system
from bench.systems import SystemFailure, load_system

TASKS = ("entities", "quotes", "numeric_claims")


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """The seed articles, by name, as `bench run` loads them."""
    from bench.corpora import load_named

    return load_named("newsie-v1")


SYSTEM_PROMPTS = {load_prompt(t).system: t for t in TASKS}
MIN_F1 = {"entities": 0.99, "quotes": 0.95, "numeric_claims": 0.99}


# -- a small OpenAI-format server --------------------------------------------------------------

class Server:
    """``answer(body) -> (status, payload, headers)``, where payload is a chat reply text (str)
    or a whole JSON body (dict); every request is recorded."""

    def __init__(self, answer, delay: float = 0.0, models: dict | None = None):
        self.answer, self.delay, self.models = answer, delay, models
        self.requests: list[tuple[str, str, dict | None, dict]] = []
        self.in_flight = self.most_in_flight = 0
        self.lock = threading.Lock()

    def chat_calls(self) -> int:
        return sum(1 for method, path, _, _ in self.requests if path.endswith("/chat/completions"))

    def handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = json.loads(handler.rfile.read(length)) if length else None
        with self.lock:
            self.requests.append((method, handler.path, body, dict(handler.headers)))
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            time.sleep(self.delay)
            if method == "GET":
                status, payload, headers = (200, self.models, {}) if self.models else (404, {"error": {"message": "no such route"}}, {})
            else:
                status, payload, headers = self.answer(body)
        finally:
            with self.lock:
                self.in_flight -= 1
        if isinstance(payload, str):
            payload = {"choices": [{"message": {"role": "assistant", "content": payload}, "finish_reason": "stop"}],
                       "usage": {"prompt_tokens": 100, "completion_tokens": 10}}
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        handler.send_response(status)
        for k, v in {"Content-Type": "application/json", **headers}.items():
            handler.send_header(k, v)
        handler.send_header("Content-Length", str(len(raw)))
        handler.end_headers()
        handler.wfile.write(raw)


@contextmanager
def serve(server: Server):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            server.handle(self, "POST")

        def do_GET(self):
            server.handle(self, "GET")

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()


def task_of(body: dict) -> str:
    return SYSTEM_PROMPTS[body["messages"][0]["content"]]


def text_of(body: dict) -> str:
    user = body["messages"][-1]["content"]
    return user[user.index("<text>\n") + 7 : user.rindex("\n</text>")]


def oracle(corpus: Corpus, rewrite=None):
    """Answers each chat with the gold items of the text it is asked about (a whole document or a chunk of one)."""
    def answer(body):
        text = text_of(body)
        doc = next(d for d in corpus.documents.values() if text in d.text)
        lo = doc.text.index(text)
        inside = Corpus(corpus.documents, [s for s in corpus.spans if s.doc == doc.id and lo <= s.start and s.end <= lo + len(text)])
        return 200, json.dumps(oracle_items(inside, doc.id, task_of(body), rewrite)), {}
    return answer


def llm(api_base, tmp_path, **kw) -> LlmSystem:
    kw = {"model": "oracle-1", "cache_dir": str(tmp_path / "cache"), "progress": False, **kw}
    return LlmSystem(api_base=api_base, **kw)


def run(system, corpus, tmp_path, tasks=TASKS):
    spec = CorpusSpec("newsie-v1", corpus, external=False)
    return {r["task"]: r for _, r in run_system(system, spec, list(tasks), results_dir=tmp_path / "results",
                                                runs_dir=tmp_path / "runs", n_resamples=0, seed=0, progress=False)}


# -- the oracle: grounding recovers the gold ---------------------------------------------------

@pytest.mark.parametrize("rough", [False, True], ids=["verbatim", "lowercased-respaced-straight-quotes"])
def test_oracle_server_scores_the_gold(corpus, tmp_path, rough):
    server = Server(oracle(corpus, roughen if rough else None))
    with serve(server) as url:
        results = run(llm(url, tmp_path), corpus, tmp_path)
    for task in TASKS:
        scores = results[task]["scores"]["fine"]
        assert scores["headline"]["f1"] >= MIN_F1[task], task
        prov = results[task]["provenance"]
        assert prov["model"] == "oracle-1" and prov["backend"]["backend"] == "openai-chat"
        assert prov["usage"]["documents"] == 2 and prov["usage"]["calls"] == 2 and prov["usage"]["prompt_tokens"] == 200
        assert prov["prompt"]["template"] == f"{task}.txt" and len(prov["prompt"]["template_sha256"]) == 64
        assert prov["losses"]["ungrounded"] == prov["losses"]["invalid_json"] == prov["losses"]["malformed"] == 0
    quotes = results["quotes"]["scores"]["fine"]["quotes"]
    assert quotes["attribution"]["strict_accuracy"] == 1.0
    assert results["numeric_claims"]["scores"]["fine"]["numeric"]["accuracy"]["number"] == 1.0
    assert server.chat_calls() == 6
    sent = [b for _, path, b, _ in server.requests if path.endswith("/chat/completions")]
    assert all(b["temperature"] == 0 and b["response_format"]["type"] == "json_schema" for b in sent)
    assert {b["response_format"]["json_schema"]["name"] for b in sent} == set(TASKS)


def test_a_second_run_is_answered_from_the_cache(corpus, tmp_path):
    server = Server(oracle(corpus))
    with serve(server) as url:
        first = run(llm(url, tmp_path), corpus, tmp_path)
        calls = len(server.requests)
        second = run(llm(url, tmp_path), corpus, tmp_path)
        assert len(server.requests) == calls  # no chat, and no model-list probe either
    for task in TASKS:
        assert second[task]["scores"] == first[task]["scores"]
        usage = second[task]["provenance"]["usage"]
        assert usage["calls"] == 0 and usage["cache_hits"] == usage["requests"] == 2
    # another model name is another cache entry
    with serve(server) as url:
        run(llm(url, tmp_path, model="oracle-2"), corpus, tmp_path, tasks=("entities",))
    assert server.chat_calls() == 8


# -- garbage: every kind of bad answer ends in counted losses -----------------------------------

GARBAGE = [
    "I'm sorry, I can't do that.",  # no JSON at all
    '{"entities": [{"text": "Atlantis", "label": "GPE"}, {"text": "Zorblax Quintavian", "label": "PERSON"}]}',  # invented
    '```json\n{"entities": [{"text": 42}, "Ukraine", {"text": ["x"], "label": "GPE"}, null]}\n```',  # wrong types
    '{"entities": [{"text": "' + "Ukraine " * 20000 + '", "label": "GPE"}]}',  # a huge string
    '{"entities": [{"text": "Ukraine", "label": "GPE"}, {"text": "Moscow", "lab',  # cut off: repaired
    '{"quotes": "everyone said things", "values": {"a": 1}}',  # wrong shapes
    '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
]


def garbage_answer():
    count = {"n": 0}

    def answer(body):
        count["n"] += 1
        reply = GARBAGE[count["n"] % len(GARBAGE)]
        reason = "length" if reply.endswith("lab") else "stop"
        return 200, {"choices": [{"message": {"content": reply}, "finish_reason": reason}]}, {}
    return answer


def test_garbage_answers_end_in_counted_losses_not_errors(corpus, tmp_path):
    server = Server(garbage_answer())
    docs = list(corpus.documents.values())
    with serve(server) as url:
        system = llm(url, tmp_path)
        totals = {}
        for task in TASKS:
            for doc in docs * 4:  # eight calls per task (cache off: each is asked)
                system.cache.enabled = False
                spans = system.predict([doc], task)
                assert all(s.text == doc.text[s.start:s.end] for s in spans)
            prov = system.provenance()
            totals[task] = prov["losses"]
            assert prov["usage"]["documents"] == 8 and prov["usage"]["unreported"] == 8
    # the eight entity answers: GARBAGE[1..6], GARBAGE[0], GARBAGE[1]
    assert {k: v for k, v in totals["entities"].items() if v} == {
        "items": 11, "invalid_json": 3, "repaired_json": 1, "output_truncated": 1, "ungrounded": 5, "malformed": 5}
    for task in ("quotes", "numeric_claims"):  # no answer has a list of quotes or values
        assert {k: v for k, v in totals[task].items() if v} == {"invalid_json": 8, "output_truncated": 1}


INVENTED = {
    "entities": {"entities": [{"text": "Atlantis", "label": "GPE"}, {"text": "Ukraine", "label": "GPE"}]},
    "quotes": {"quotes": [{"type": "DIRECT", "content": ["we shall build a bridge to the moon"], "speaker": "Zelensky", "cue": "said"},
                          {"type": "INDIRECT", "content": ["Ukraine"], "speaker": "Grand Vizier Omar Qel", "cue": "chanted"}]},
    "numeric_claims": {"values": [{"text": "eleventy-seven", "number": "lots", "modifier": "plenty", "unit": "parsecs", "thing": "dragons"},
                                  {"text": "two", "number": None, "modifier": None, "unit": "parsecs", "thing": "flying dragons"}]},
}


def test_invented_strings_end_in_counted_losses(corpus, tmp_path):
    with serve(Server(lambda body: (200, json.dumps(INVENTED[task_of(body)]), {}))) as url:
        system = llm(url, tmp_path)
        doc = next(iter(corpus.documents.values()))
        for task in TASKS:
            spans = system.predict([doc], task)
            losses = {k: v for k, v in system.provenance()["losses"].items() if v}
            if task == "entities":
                assert [s.text for s in spans] == ["Ukraine"] and losses == {"items": 2, "ungrounded": 1}
            elif task == "quotes":  # an invented statement is lost; a real one keeps no invented speaker or cue
                assert [s.text for s in spans] == ["Ukraine"] and spans[0].attrs["speaker"] is None
                assert losses == {"items": 2, "ungrounded": 1, "unlinked": 2}
            else:
                [value] = spans
                assert (value.text, value.attrs["number"], value.attrs["modifier"], value.attrs["thing"]) == ("two", 2.0, "exact", None)
                assert losses == {"items": 2, "ungrounded": 1, "unlinked": 2}


def test_a_garbage_run_through_the_runner_is_refused_in_one_line(corpus, tmp_path):
    from bench.runner import EmptyOutput

    with serve(Server(lambda body: (200, "nothing useful", {}))) as url:
        with pytest.raises(EmptyOutput, match="produced no quotes spans"):
            run(llm(url, tmp_path), corpus, tmp_path, tasks=("quotes",))


# -- the protocol: schema refusal, retries, errors, concurrency ---------------------------------

def test_a_server_refusing_the_schema_is_asked_again_without_it(corpus, tmp_path):
    gold = oracle(corpus)

    def answer(body):
        if "response_format" in body:
            return 400, {"error": {"message": "response_format json_schema is not supported"}}, {}
        return gold(body)

    server = Server(answer)
    with serve(server) as url:
        results = run(llm(url, tmp_path, concurrency=1), corpus, tmp_path, tasks=("entities", "numeric_claims"))
    assert results["entities"]["scores"]["fine"]["headline"]["f1"] == 1.0
    assert "refused by the server" in results["entities"]["provenance"]["backend"]["response_format"]
    assert server.chat_calls() == 5  # one refusal, then four answers without the schema


def test_transient_errors_are_retried_with_backoff(corpus, tmp_path):
    gold = oracle(corpus)
    state = {"n": 0}

    def answer(body):
        state["n"] += 1
        if state["n"] == 1:
            return 503, {"error": {"message": "loading model"}}, {}
        if state["n"] == 2:
            return 429, {"error": {"message": "slow down"}}, {"Retry-After": "0"}
        if state["n"] == 3:
            return 200, b"<html>proxy error</html>", {}
        return gold(body)

    server = Server(answer)
    with serve(server) as url:
        system = llm(url, tmp_path, concurrency=1)
        system.backend.backoff = 0.01
        spans = system.predict(list(corpus.documents.values()), "entities")
    assert len(spans) == sum(1 for s in corpus.spans if s.task == "entities")
    assert server.chat_calls() == 5 and system.provenance()["usage"]["calls"] == 2


@pytest.mark.parametrize("status, hint", [(401, "OPENAI_API_KEY"), (404, "--api-base"), (400, "bad request")])
def test_refusals_end_the_run_in_one_line(tmp_path, status, hint):
    with serve(Server(lambda body: (status, {"error": {"message": "bad request"}}, {}))) as url:
        system = llm(url, tmp_path)
        with pytest.raises(SystemFailure, match=hint) as err:
            system.predict([Document("d", "Kyiv is a city.")], "entities")
    assert "\n" not in str(err.value)


def test_an_unreachable_server_fails_after_its_retries(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    system = llm(f"http://127.0.0.1:{port}/v1", tmp_path)
    system.backend.retries, system.backend.backoff = 1, 0.01
    with pytest.raises(SystemFailure, match="after 2 tries"):
        system.predict([Document("d", "Kyiv is a city.")], "entities")


def test_a_slow_server_times_out(tmp_path):
    server = Server(lambda body: (200, '{"entities": []}', {}), delay=1.0)
    with serve(server) as url:
        system = llm(url, tmp_path, timeout=0.2)
        system.backend.retries, system.backend.backoff = 1, 0.01
        with pytest.raises(SystemFailure, match="(?i)timed out"):
            system.predict([Document("d", "Kyiv is a city.")], "entities")


def test_the_api_key_comes_from_the_environment(tmp_path, monkeypatch):
    server = Server(lambda body: (200, '{"entities": []}', {}))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-123")
    with serve(server) as url:
        llm(url, tmp_path).predict([Document("d", "Kyiv is a city.")], "entities")
    assert server.requests[-1][3].get("Authorization") == "Bearer sk-test-123"
    prov = llm("http://127.0.0.1:9/v1", tmp_path).backend.provenance()
    assert prov["api_key_env"] == "OPENAI_API_KEY" and "sk-test-123" not in json.dumps(prov)


def test_requests_run_concurrently_up_to_the_limit(tmp_path):
    docs = [Document(f"d{i}", f"Kyiv hosted talk number {i}.") for i in range(8)]
    server = Server(lambda body: (200, '{"entities": [{"text": "Kyiv", "label": "GPE"}]}', {}), delay=0.2)
    with serve(server) as url:
        start = time.perf_counter()
        spans = llm(url, tmp_path, concurrency=4).predict(docs, "entities")
        elapsed = time.perf_counter() - start
    assert len(spans) == 8 and server.most_in_flight == 4
    assert elapsed < 8 * 0.2


def test_the_context_length_is_asked_of_the_server_once(corpus, tmp_path):
    models = {"data": [{"id": "oracle-1", "object": "model", "max_model_len": 32768}]}
    server = Server(oracle(corpus), models=models)
    with serve(server) as url:
        system = llm(url, tmp_path)
        system.predict(list(corpus.documents.values()), "entities")
        prov = system.provenance()["backend"]
        assert prov["context_tokens"] == 32768 and prov["context_source"] == "server"
        llm(url, tmp_path).predict(list(corpus.documents.values()), "entities")
    assert [m for m, *_ in server.requests].count("GET") == 1


# -- long documents: chunks of lines with overlap -----------------------------------------------

def test_long_documents_are_read_in_overlapping_chunks(corpus, tmp_path):
    server = Server(oracle(corpus))
    with serve(server) as url:
        # a context that fits the prompt and about 300 tokens of text
        prompt_tokens = llm(url, tmp_path).backend.chat_tokens(load_prompt("entities").messages(""))
        system = llm(url, tmp_path, max_new_tokens=300, context_tokens=prompt_tokens + 300 + 16 + 300)
        results = run(system, corpus, tmp_path, tasks=("entities", "numeric_claims"))
    for task, r in results.items():
        usage = r["provenance"]["usage"]
        assert usage["chunks"] > 2 * usage["documents"]
        assert r["scores"]["fine"]["headline"]["f1"] >= MIN_F1[task]
        assert r["provenance"]["losses"]["overlapping"] == 0
    # neighbouring chunks share lines: some texts were sent twice
    texts = [text_of(b) for _, p, b, _ in server.requests if p.endswith("/chat/completions") and task_of(b) == "entities"]
    lines = [line for t in texts for line in t.split("\n")]
    assert len(lines) > len(set(lines))


def test_a_line_longer_than_the_context_is_cut_and_counted(tmp_path):
    text = "Kyiv " * 400 + "ends here."
    server = Server(lambda body: (200, '{"entities": [{"text": "Kyiv", "label": "GPE"}]}', {}))
    with serve(server) as url:
        prompt_tokens = llm(url, tmp_path).backend.chat_tokens(load_prompt("entities").messages(""))
        system = llm(url, tmp_path, max_new_tokens=100, context_tokens=prompt_tokens + 100 + 16 + 100)
        spans = system.predict([Document("d", text)], "entities")
    prov = system.provenance()
    assert prov["losses"]["cut_for_context"] == 1 and prov["usage"]["chunks"] >= 6
    assert len(spans) == prov["usage"]["chunks"]  # one Kyiv per chunk, none twice


def test_no_room_for_text_is_one_line(tmp_path):
    system = llm("http://127.0.0.1:9/v1", tmp_path, shots=3, context_tokens=2500, max_new_tokens=2048)
    with pytest.raises(SystemFailure, match="fewer --shots"):
        system.predict([Document("d", "Kyiv.")], "quotes")


# -- k-shot prompts reach the server -------------------------------------------------------------

def test_k_shot_prompts_send_demonstrations_and_record_them(corpus, tmp_path):
    server = Server(oracle(corpus))
    with serve(server) as url:
        results = run(llm(url, tmp_path, shots=2), corpus, tmp_path, tasks=("quotes",))
    body = next(b for _, p, b, _ in server.requests if p.endswith("/chat/completions"))
    assert [m["role"] for m in body["messages"]] == ["system", "user", "assistant", "user", "assistant", "user"]
    assert json.loads(body["messages"][2]["content"])["quotes"]
    prompt = results["quotes"]["provenance"]["prompt"]
    assert prompt["shots"] == 2 and prompt["demonstrations"] == ["quo-1", "quo-2"]


# -- the command line ----------------------------------------------------------------------------

def test_bench_run_passes_the_llm_options(corpus, tmp_path, monkeypatch):
    from bench.cli import main

    monkeypatch.chdir(tmp_path)
    server = Server(oracle(corpus))
    with serve(server) as url:
        argv = ["run", "--system", "baselines.llm.system:LlmSystem", "--name", "llm-oracle", "--model", "oracle-1",
                "--api-base", url, "--shots", "1", "--cache-dir", str(tmp_path / "c"), "--concurrency", "2", "--timeout", "30",
                "--task", "entities", "--resamples", "0", "--no-progress", "--results", str(tmp_path / "results")]
        assert main(argv) == 0
    result = json.loads((tmp_path / "results" / "newsie-v1" / "entities" / "llm-oracle.json").read_text())
    prov = result["provenance"]
    assert prov["prompt"]["shots"] == 1 and prov["backend"]["concurrency"] == 2 and prov["backend"]["timeout_s"] == 30
    assert prov["device"] == f"server {url}" and result["scores"]["fine"]["headline"]["f1"] == 1.0
    assert main(argv[:-2] + ["--results", str(tmp_path / "r2"), "--dtype", "float16"]) == 2  # one line, no traceback
    # the board shows the loss counts next to F1
    from bench.leaderboard import render

    board = render(tmp_path / "results")
    row = next(line for line in board.splitlines() if line.startswith("| llm-oracle 0.1.0 | entities |"))
    assert "## Generation losses" in board and row.split(" | ")[3:6] == ["100.0", "144", "0"]


def test_the_system_is_registered_and_needs_a_model():
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    assert pyproject["project"]["entry-points"]["bench.systems"]["llm"] == "baselines.llm.system:LlmSystem"
    with pytest.raises(SystemFailure, match="needs --model"):
        load_system("baselines.llm.system:LlmSystem", {"device": "cpu", "batch_size": 16})


def test_importing_the_system_imports_no_torch():
    code = "import sys, baselines.llm.system; print('torch' in sys.modules, 'transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


# -- a local model: a tiny random Llama and a tokenizer built here ---------------------------------

torch = pytest.importorskip("torch")


def build_tiny_llama(folder, chat_template: bool = True, seed: int = 0):
    """A 2-layer Llama over a character vocabulary, saved like any hub model (no download)."""
    import string

    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    specials = ["<pad>", "<s>", "</s>", "<unk>", "<|system|>", "<|user|>", "<|assistant|>", "<|end|>"]
    vocab = {t: i for i, t in enumerate(specials)}
    for c in string.printable + "’‘“”—–é":
        vocab.setdefault(c, len(vocab))
    core = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Split(pattern="", behavior="isolated")
    core.decoder = decoders.Fuse()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, bos_token="<s>", eos_token="</s>", pad_token="<pad>",
                                        unk_token="<unk>", additional_special_tokens=specials[4:])
    if chat_template:
        tokenizer.chat_template = ("{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endfor %}"
                                   "{% if add_generation_prompt %}<|assistant|>{% endif %}")
    config = LlamaConfig(vocab_size=len(vocab), hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                         num_key_value_heads=2, max_position_embeddings=8192, bos_token_id=1, eos_token_id=2, pad_token_id=0)
    torch.manual_seed(seed)
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_llama(tmp_path_factory):
    return build_tiny_llama(tmp_path_factory.mktemp("llama") / "model")


SHORT = [Document("a", "Kyiv said talks would resume.\nAround 3,000 troops left on Monday."),
         Document("b", "The minister said nothing.")]


def test_a_random_local_model_ends_in_counted_losses(tiny_llama, tmp_path):
    system = LlmSystem(model=str(tiny_llama), device="cpu", max_new_tokens=48, batch_size=2, cache_dir=str(tmp_path / "c"),
                       progress=False)
    for task in TASKS:
        spans = system.predict(SHORT, task)
        prov = system.provenance()
        losses, usage = prov["losses"], prov["usage"]
        assert usage["documents"] == 2 and usage["calls"] == usage["chunks"] >= 2
        assert losses["invalid_json"] == 2 and spans == []  # random characters are never JSON
        assert {k for k, v in losses.items() if v} <= {"invalid_json", "output_truncated"}
        assert usage["completion_tokens"] > 0 and usage["prompt_tokens"] > 0
        assert all(s.text == SHORT[0 if s.doc == "a" else 1].text[s.start:s.end] for s in spans)
    assert prov["backend"]["chat_template"] == "the model's" and prov["weights_sha256"]
    assert prov["dtype"] == "float32" and system.device_name == "cpu"
    # the same model and prompts again: everything from the cache
    again = LlmSystem(model=str(tiny_llama), device="cpu", max_new_tokens=48, batch_size=2, cache_dir=str(tmp_path / "c"),
                      progress=False)
    again.predict(SHORT, "entities")
    assert again.provenance()["usage"]["calls"] == 0


def test_the_local_backend_decodes_what_the_model_generates(tiny_llama, tmp_path):
    """A stand-in generate() appends a fixed answer to each left-padded row: the backend must cut
    exactly that answer out, per row, whatever the padding."""
    system = LlmSystem(model=str(tiny_llama), device="cpu", max_new_tokens=200, batch_size=2, use_cache=False, progress=False)
    tok = system.backend.tokenizer
    answers = {"a": '{"entities": [{"text": "Kyiv", "label": "GPE"}]}', "b": '{"entities": [{"text": "minister", "label": "PERSON"}]}'}

    def generate(input_ids, attention_mask, generation_config):
        rows = []
        for ids in input_ids.tolist():
            prompt = tok.decode(ids, skip_special_tokens=False)
            reply = answers["a"] if "Kyiv said" in prompt else answers["b"]
            rows.append(ids + tok(reply, add_special_tokens=False)["input_ids"] + [tok.eos_token_id])
        width = max(map(len, rows))
        return torch.tensor([r + [tok.pad_token_id] * (width - len(r)) for r in rows])

    system.backend.net.generate = generate
    spans = system.predict(SHORT, "entities")
    assert sorted((s.doc, s.text, s.label) for s in spans) == [("a", "Kyiv", "GPE"), ("b", "minister", "PERSON")]
    assert system.provenance()["losses"]["invalid_json"] == 0


def test_a_tokenizer_without_a_chat_template_gets_the_fallback(tmp_path):
    folder = build_tiny_llama(tmp_path / "plain", chat_template=False)
    system = LlmSystem(model=str(folder), device="cpu", max_new_tokens=8, use_cache=False, progress=False)
    system.predict(SHORT[1:], "entities")
    assert system.provenance()["backend"]["chat_template"].startswith("fallback")


def test_local_model_errors_are_one_line(tmp_path):
    with pytest.raises(SystemFailure, match="no such folder"):
        LlmSystem(model=str(tmp_path / "missing") + "/", device="cpu")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SystemFailure, match="no config.json"):
        LlmSystem(model=str(tmp_path / "empty"), device="cpu")
    with pytest.raises(SystemFailure, match="unknown dtype"):
        LlmSystem(model=str(build_tiny_llama(tmp_path / "m")), device="cpu", dtype="int3")
