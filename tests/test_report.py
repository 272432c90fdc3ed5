"""`bench report`: the page shows the scorer's own spans, outcomes and numbers, and a real
headless browser renders it."""
import argparse
import base64
import json
import shutil
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from bench import report
from bench.bootstrap import paired_bootstrap
from bench.cli import main
from bench.corpus import load_corpus
from bench.standoff import load_spans

ROOT = Path(__file__).resolve().parent.parent
RESAMPLES = "200"
KINDS = ("correct", "wrong_type", "wrong_boundary", "wrong_both", "spurious")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def run_report(argv) -> int:
    """`bench report ARGV` through the module's own parser registration."""
    parser = argparse.ArgumentParser(prog="bench")
    report.add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["report", *argv])
    return args.func(args)


# -- a small DOM from the standard library's parser ----------------------------------------

VOID = {"meta", "img", "br", "hr", "input", "link", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def classes(self) -> set:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, tag=None, cls=(), **attrs):
        cls = {cls} if isinstance(cls, str) else set(cls)
        return [n for n in self.iter() if (tag is None or n.tag == tag) and cls <= n.classes
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag=None, cls=(), **attrs):
        found = self.find_all(tag, cls, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} class={cls} {attrs}>"
        return found[0]

    def text(self, skip=("sup",)) -> str:
        return "".join(c if isinstance(c, str) else ("" if c.tag in skip else c.text(skip)) for c in self.children)


class Tree(HTMLParser):
    """Builds the tree and asserts every element is closed where it was opened."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.cur = Node("#root", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        assert self.cur.tag == tag, f"</{tag}> closes <{self.cur.tag}>"
        self.cur = self.cur.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(path: Path) -> Node:
    tree = Tree()
    tree.feed(path.read_text(encoding="utf-8"))
    tree.close()
    assert tree.cur is tree.root, f"<{tree.cur.tag}> never closed"
    return tree.root


def lookup(scores: dict, key: str):
    value = scores
    for part in key.split("."):
        value = value[part]
    return value


def shown(value) -> str:
    """How the page prints a stored number: percentages with one decimal, counts as they are."""
    if isinstance(value, list):
        return f"[{100 * value[0]:.1f}, {100 * value[1]:.1f}]"
    if isinstance(value, float):
        return f"{100 * value:.1f}"
    return str(value)


# -- fixtures ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Results of four systems run in a scratch folder, and the report over them (HTML and Markdown)."""
    tmp = tmp_path_factory.mktemp("report")
    results = tmp / "results"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp)  # runs/ goes here
        mp.syspath_prepend(str(ROOT))
        for argv in (["--system", "rules-entities"], ["--system", "tests.plugins.capitalised:CapitalisedNames", "--name", "capitalised"],
                     ["--system", "rules-quotes"], ["--system", "rules-numeric"]):
            assert main(["run", *argv, "--results", str(results), "--resamples", RESAMPLES, "--no-progress"]) == 0
    # from another folder: the predictions are found from the result files' location
    assert run_report([str(results), "--output", str(tmp / "out"), "--resamples", RESAMPLES]) == 0
    assert run_report([str(results), "--output", str(tmp / "out"), "--resamples", RESAMPLES, "--format", "md"]) == 0
    stored = {(r["task"], r["system"]["name"]): r for r in (json.loads(p.read_text()) for p in results.glob("**/*.json"))}
    return {"tmp": tmp, "page": tmp / "out" / "index.html", "md": tmp / "out" / "report.md", "results": stored,
            "dom": parse(tmp / "out" / "index.html")}


@pytest.fixture(scope="module")
def gold():
    return load_corpus()


def section(dom: Node, task: str, system: str | None = None, view: str = "fine") -> Node:
    sec = dom.find("section", "task", data_task=task, data_view=view, data_corpus="newsie-v1")
    return sec if system is None else sec.find("section", "system", data_system=system)


def predictions(built, gold, task, name) -> list:
    path = built["tmp"] / built["results"][(task, name)]["provenance"]["predictions"]
    return load_spans(path, gold.documents, tasks=[task])


# -- the page's content equals the scorer's ------------------------------------------------

@pytest.mark.parametrize("name", ["rules-entities", "capitalised"])
def test_entity_spans_and_outcomes_on_the_page(built, gold, name):
    scores = built["results"][("entities", name)]["scores"]["fine"]
    sec = section(built["dom"], "entities", name)
    for kind in KINDS:
        assert len(sec.find_all("mark", ["pred", kind])) == scores["outcomes"][kind], kind
    missed = sec.find_all(cls="missed")
    assert all(n.tag == "span" and "gold" in n.classes for n in missed)
    assert len({n.attrs["data-oid"] for n in missed}) == scores["outcomes"]["missed"]
    # the predicted spans are the prediction file's, the gold spans the corpus's, on the document text
    marks = sec.find_all("mark", "pred")
    docs = {n: d.attrs["data-doc"] for d in sec.find_all("div", "doctext") for n in d.iter()}
    on_page = {(docs[m], int(m.attrs["data-start"]), int(m.attrs["data-end"]), m.attrs["data-label"]) for m in marks}
    assert len(on_page) == len(marks)
    assert on_page == {(s.doc, s.start, s.end, s.label) for s in predictions(built, gold, "entities", name)}
    for m in marks:
        assert m.text() == gold.documents[docs[m]].text[int(m.attrs["data-start"]):int(m.attrs["data-end"])]
    gold_on_page = {(docs[n], int(n.attrs["data-start"]), int(n.attrs["data-end"]), n.attrs["data-label"]) for n in sec.find_all("span", "gold")}
    assert gold_on_page == {(s.doc, s.start, s.end, s.label) for s in gold.task_spans("entities")}
    for d in sec.find_all("div", "doctext"):  # marks and tags add nothing to the text itself
        assert d.text() == gold.documents[d.attrs["data-doc"]].text
    # the confusion matrix accounts for every outcome
    cells = sec.find_all("td", "cm")
    count = lambda cond: sum(int(c.text()) for c in cells if cond(c.attrs["data-gold"], c.attrs["data-pred"]))  # noqa: E731
    assert count(lambda g, p: True) == sum(scores["outcomes"].values())
    assert count(lambda g, p: p == "missed") == scores["outcomes"]["missed"]
    assert count(lambda g, p: g == "spurious") == scores["outcomes"]["spurious"]
    assert count(lambda g, p: g == p) == scores["outcomes"]["correct"] + scores["outcomes"]["wrong_boundary"]
    assert count(lambda g, p: g != p and "missed" not in (g, p) and "spurious" not in (g, p)) == \
        scores["outcomes"]["wrong_type"] + scores["outcomes"]["wrong_both"]
    if name == "capitalised":  # a system with every kind of error, so none of the above is vacuous
        assert all(scores["outcomes"][k] > 0 for k in ("correct", "wrong_type", "wrong_boundary", "wrong_both", "missed", "spurious"))


@pytest.mark.parametrize("task,name", [("entities", "rules-entities"), ("entities", "capitalised"),
                                       ("quotes", "rules-quotes"), ("numeric_claims", "rules-numeric")])
def test_every_number_is_the_stored_one(built, task, name):
    result = built["results"][(task, name)]
    scores = result["scores"]["fine"]
    sec = section(built["dom"], task)
    cells = [c for c in sec.iter() if c.tag == "td" and "data-key" in c.attrs
             and (c.parent.attrs.get("data-system") == name or _system_of(c) == name)]
    assert len(cells) > 40
    for c in cells:
        assert c.text() == shown(lookup(scores, c.attrs["data-key"])), c.attrs["data-key"]
    row = sec.find("tr", data_system=name)
    assert row.find("td", "f1").text() == f"{100 * scores['headline']['f1']:.1f}"
    assert {"spans.strict.COR", "spans.partial.PAR", "spans.exact.MIS", "spans.ent_type.SPU", "outcomes.missed"} <= {c.attrs["data-key"] for c in cells}


def _system_of(node: Node):
    while node is not None and not (node.tag == "section" and "system" in node.classes):
        node = node.parent
    return node.attrs["data-system"] if node is not None else None


def test_significance_matrix_is_the_paired_bootstrap(built):
    a = built["results"][("entities", "rules-entities")]["scores"]["fine"]
    b = built["results"][("entities", "capitalised")]["scores"]["fine"]
    test = paired_bootstrap(a["units"], b["units"], int(RESAMPLES), seed=0)
    sec = section(built["dom"], "entities")
    for x, y in (("rules-entities", "capitalised"), ("capitalised", "rules-entities")):
        cell = sec.find("td", "p", data_a=x, data_b=y)
        assert float(cell.attrs["data-p"]) == test.p_value and cell.text() == f"{test.p_value:.4f}"
        assert ("sig" in cell.classes) == test.significant
    ranks = [int(r.children[0].text()) for r in sec.find("table", "leaderboard").find_all("tr") if "data-system" in r.attrs]
    assert ranks == [1, 2] and test.significant


def test_quotes_show_their_speakers(built, gold):
    q = built["results"][("quotes", "rules-quotes")]["scores"]["fine"]["quotes"]
    sec = section(built["dom"], "quotes", "rules-quotes")
    pred = predictions(built, gold, "quotes", "rules-quotes")
    pieces = lambda spans: sum(s.label in ("DIRECT", "INDIRECT") for s in spans)  # noqa: E731
    assert len(sec.find_all("sup", ["qref", "g"])) == pieces(gold.task_spans("quotes"))
    assert len(sec.find_all("sup", ["qref", "p"])) == pieces(pred)
    # each marker links a quotation to its speaker's marker, and back
    ids = {n.attrs["id"]: n for n in built["dom"].iter() if "id" in n.attrs}
    links = [a for a in sec.find_all("a") if a.attrs.get("href", "").startswith("#")]
    assert links and all(a.attrs["href"][1:] in ids for a in links)
    spk = [ids[a.attrs["href"][1:]] for a in links if "qref" in a.parent.classes]
    assert spk and all("qspk" in n.classes for n in spk)
    rows = Counter(next(c for c in r.classes if c.startswith("qrow-")) for r in sec.find_all("tr") if any(c.startswith("qrow-") for c in r.classes))
    assert rows["qrow-matched"] == q["records"]["matched"]
    assert rows["qrow-missed"] == q["records"]["gold"] - q["records"]["matched"]
    assert rows["qrow-spurious"] == q["records"]["pred"] - q["records"]["matched"]
    strict_col = [r.find_all("td")[-2] for r in sec.find_all("tr") if "qrow-matched" in r.classes]
    assert sum(c.text() == "✓" for c in strict_col) == q["attribution"]["strict"]


def test_numeric_claims_show_value_and_modifier(built, gold):
    n = built["results"][("numeric_claims", "rules-numeric")]["scores"]["fine"]["numeric"]
    sec = section(built["dom"], "numeric_claims", "rules-numeric")
    shown_gold = Counter((float(c.attrs["data-number"]), c.attrs["data-modifier"]) for c in sec.find_all("td", "val", data_side="g"))
    assert shown_gold == Counter((float(s.attrs["number"]), s.attrs["modifier"]) for s in gold.task_spans("numeric_claims") if s.label == "VALUE")
    shown_pred = Counter((float(c.attrs["data-number"]), c.attrs["data-modifier"]) for c in sec.find_all("td", "val", data_side="p"))
    assert shown_pred == Counter((float(s.attrs["number"]), s.attrs.get("modifier", "exact"))
                                 for s in predictions(built, gold, "numeric_claims", "rules-numeric") if s.label == "VALUE")
    matched = [r for r in sec.find_all("tr") if "vrow-matched" in r.classes]
    assert len(matched) == n["values"]["matched"]
    for k, col in (("number", -4), ("modifier", -3), ("unit", -2), ("thing", -1)):
        assert sum(r.find_all("td")[col].text() == "✓" for r in matched) == n["correct"][k], k
    tags = [m.attrs["data-tag"] for m in sec.find_all("mark", "pred", data_label="VALUE")]
    assert tags and all(t.startswith("VALUE ") and t[6] in "=≈≥≤" for t in tags)


def test_page_is_self_contained_with_plots(built):
    page = built["page"].read_text(encoding="utf-8")
    dom = built["dom"]
    assert "<script" not in page and "<link" not in page and "@import" not in page and "url(" not in page
    for n in dom.iter():
        for attr in ("src", "href"):
            if attr in n.attrs:
                assert n.attrs[attr].startswith(("data:", "#")), n.attrs[attr][:60]
    imgs = dom.find_all("img")
    assert len(imgs) == 4  # one leaderboard plot per task and view (entities: fine and coarse)
    for img in imgs:
        prefix = "data:image/svg+xml;base64,"
        assert img.attrs["src"].startswith(prefix)
        assert b"<svg" in base64.b64decode(img.attrs["src"][len(prefix):])
    out = built["page"].parent
    for task in ("entities", "quotes", "numeric_claims"):
        stem = out / f"leaderboard-newsie-v1-{task}-fine"
        assert stem.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert b"<svg" in stem.with_suffix(".svg").read_bytes()


def test_markdown_tables(built):
    md = built["md"].read_text(encoding="utf-8")
    for name in ("rules-entities", "capitalised"):
        s = built["results"][("entities", name)]["scores"]["fine"]
        h = s["headline"]
        assert f"| {name} | {shown(h['f1'])} {shown(h['ci'])} |" in md
        assert "| " + " | ".join(str(s["outcomes"][k]) for k in (*KINDS, "missed")) + " |" in md
        sp = s["spans"]["strict"]
        assert f"| strict | {sp['COR']} | {sp['INC']} | {sp['PAR']} | {sp['MIS']} | {sp['SPU']} |" in md
    assert "| gold \\ predicted |" in md and "| missed |" in md and "| spurious |" in md
    test = paired_bootstrap(built["results"][("entities", "rules-entities")]["scores"]["fine"]["units"],
                            built["results"][("entities", "capitalised")]["scores"]["fine"]["units"], int(RESAMPLES), 0)
    assert f"**{test.p_value:.4f}**" in md


def test_cli_errors(tmp_path, capsys):
    from bench.cli import UsageError

    with pytest.raises(UsageError, match="no such result file"):
        run_report([str(tmp_path / "nothing")])
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(UsageError, match="not a valid result file: field .schema. is missing"):
        run_report([str(tmp_path / "x.json")])
    with pytest.raises(UsageError, match="x.json: not a valid result file"):  # a stray JSON file in a folder too
        run_report([str(tmp_path), "--output", str(tmp_path / "out")])
    (tmp_path / "x.json").unlink()
    with pytest.raises(UsageError, match="no result files"):
        run_report([str(tmp_path), "--output", str(tmp_path / "out")])


def test_report_is_a_bench_command(built, tmp_path, capsys):
    """`bench report` on the main CLI (bench/cli.py registers it with report.add_parser)."""
    assert main(["report", str(built["tmp"] / "results"), "--task", "quotes", "--format", "md",
                 "--output", str(tmp_path), "--resamples", "50"]) == 0
    assert "## quotes" in (tmp_path / "report.md").read_text() and "## entities" not in (tmp_path / "report.md").read_text()


def test_no_torch_or_transformers(built, tmp_path):
    """Registering the command loads nothing heavy; building a page never loads torch or transformers."""
    code = ("import sys, bench.report, bench.cli; "
            "assert not {'torch', 'transformers', 'matplotlib', 'numpy'} & set(sys.modules), sorted(sys.modules); "
            f"bench.report.build_report([{str(built['tmp'] / 'results')!r}], {str(tmp_path)!r}, resamples=20); "
            "assert 'matplotlib' in sys.modules and not {'torch', 'transformers'} & set(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path, capture_output=True)
    assert (tmp_path / "index.html").is_file()


# -- a real browser ------------------------------------------------------------------------

@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install -y chromium); CI installs it")
def test_page_renders_in_headless_chromium(built, tmp_path):
    import matplotlib.image

    png = tmp_path / "shot.png"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={png}", "--window-size=1280,2000", built["page"].as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert png.is_file(), f"no screenshot (exit {proc.returncode}): {proc.stderr[-2000:]}"
    img = matplotlib.image.imread(png)
    assert img.shape[:2] == (2000, 1280)
    rgb = np.round(img[..., :3] * 255).astype(np.uint8).reshape(-1, 3)
    colours, counts = np.unique(rgb, axis=0, return_counts=True)
    assert len(colours) > 100 and rgb.std() > 20, "blank or nearly blank page"
    # the styles apply: every outcome colour is there (the legend's swatches at least), and the
    # document's marks in "correct" green cover far more than its swatch (about 1,000 pixels)
    pixels = {}
    from bench.report.style import COLOURS

    for kind, (bg, _) in COLOURS.items():
        want = np.array([int(bg[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.uint8)
        pixels[kind] = int(counts[(colours == want).all(axis=1)].sum())
    assert all(n > 100 for n in pixels.values()), pixels
    assert pixels["correct"] > 10_000, pixels


def test_every_system_in_every_view_and_totals_agree(built):
    """The coarse entity section lists every system scored in that view; the confusion
    matrix's gold rows add up to seqeval's per-label support."""
    coarse = built["dom"].find("section", "task", data_task="entities", data_view="conll", data_corpus="newsie-v1")
    systems = {n.attrs["data-system"] for n in coarse.find_all("section", "system")}
    assert systems == {name for (task, name), r in built["results"].items() if task == "entities" and "conll" in r["scores"]}
    assert len(systems) == 2
    for view, sec in (("fine", section(built["dom"], "entities", "rules-entities")),
                      ("conll", coarse.find("section", "system", data_system="rules-entities"))):
        support = {label: m["support"] for label, m in built["results"][("entities", "rules-entities")]["scores"][view]["seqeval"]["strict"].items()
                   if not label.endswith("avg")}
        rows = {}
        for c in sec.find_all("td", "cm"):
            if c.attrs["data-gold"] != "spurious":
                rows[c.attrs["data-gold"]] = rows.get(c.attrs["data-gold"], 0) + int(c.text())
        assert rows == {k: v for k, v in support.items() if v}, view
        possible = built["results"][("entities", "rules-entities")]["scores"][view]["spans"]["strict"]["possible"]
        assert possible == sum(support.values())


def test_generation_losses_are_shown_next_to_f1(built, tmp_path):
    """A result whose provenance counts a generative system's losses shows them beside its F1."""
    from bench.results import content_hash

    src = built["tmp"] / "results" / "newsie-v1" / "numeric_claims" / "rules-numeric.json"
    r = json.loads(src.read_text())
    r["provenance"]["losses"] = {"items": 40, "ungrounded": 3, "fuzzy": 2, "invalid_json": 1}
    r["provenance"]["predictions"] = str(built["tmp"] / r["provenance"]["predictions"])
    r["integrity"] = content_hash(r)
    dest = tmp_path / "results" / "newsie-v1" / "numeric_claims" / "llm.json"
    dest.parent.mkdir(parents=True)
    dest.write_text(json.dumps(r))
    assert run_report([str(tmp_path / "results"), "--output", str(tmp_path / "out"), "--resamples", "20", "--format", "md"]) == 0
    md = (tmp_path / "out" / "report.md").read_text()
    line = next(l for l in md.splitlines() if l.startswith("| ") and "| 40 |" in l)
    f1 = f"{100 * r['scores']['fine']['headline']['f1']:.1f}"
    assert line.startswith(f"| {f1} | 40 | 3 | 2 |") and "| 1 |" in line
    assert run_report([str(tmp_path / "results"), "--output", str(tmp_path / "html"), "--resamples", "20"]) == 0
    assert 'class="losses"' in (tmp_path / "html" / "index.html").read_text()
