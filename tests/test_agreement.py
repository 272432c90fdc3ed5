from bench.agreement import agreement_report, attribute_agreement, record_agreement, span_agreement, token_kappa
from bench.cli import main
from bench.corpus import ANNOTATIONS, Corpus
from bench.standoff import Span


def test_committed_agreement_report_is_a_fresh_render(tmp_path, capsys):
    out = tmp_path / "AGREEMENT.md"
    assert main(["agreement", "-o", str(out)]) == 0
    assert out.read_text() == (ANNOTATIONS / "AGREEMENT.md").read_text()


def span(start, end, label="PERSON", **attrs):
    return Span("000_307f1b5bf0e7b686", "entities" if label == "PERSON" or label == "GPE" else "quotes", start, end, label, "", attrs.pop("id", ""), attrs)


def test_span_agreement_on_a_constructed_case():
    a = [span(0, 9), span(10, 16), span(20, 25, "GPE")]
    b = [span(0, 9), span(10, 17), span(20, 25, "GPE"), span(30, 35, "GPE")]
    prf = span_agreement(a, b)
    assert (prf["ALL"].tp, prf["ALL"].fp, prf["ALL"].fn) == (2, 2, 1)
    assert prf["PERSON"].precision == 0.5 and prf["PERSON"].recall == 0.5
    assert prf["GPE"].recall == 1.0 and abs(prf["GPE"].precision - 0.5) < 1e-12
    assert abs(prf["ALL"].f1 - 4 / 7) < 1e-12


def test_token_kappa_is_one_for_identical_passes_and_lower_otherwise(corpus):
    gold = corpus.task_spans("entities")
    kappa, observed = token_kappa(corpus, gold, gold)
    assert kappa == 1.0 and observed == 1.0
    kappa2, observed2 = token_kappa(corpus, gold, gold[::2])
    assert kappa2 < 1.0 and observed2 < 1.0


def test_records_and_links_compared_by_offsets_not_ids():
    a = [span(0, 5, "SPEAKER", id="S1", source="X"), span(6, 10, "INDIRECT", id="Q1", quote="q1", speaker="S1", source="X")]
    b = [span(0, 5, "SPEAKER", id="SP", source="X"), span(6, 10, "INDIRECT", id="Z", quote="r7", speaker="SP", source="X")]
    assert record_agreement(a, b) == (1, 1, 1)
    assert attribute_agreement(a, b)["INDIRECT.speaker"] == (1, 1)


def test_committed_reuters_agreement_is_a_fresh_render(tmp_path):
    import pytest

    from bench.reuters import ConllUnavailable, read_split

    try:
        read_split("test")
    except ConllUnavailable:
        pytest.skip("no CoNLL-2003 copy beside the checkout")
    out = tmp_path / "AGREEMENT.md"
    assert main(["agreement", "--corpus", "reuters-test", "-o", str(out)]) == 0
    assert out.read_text() == (ANNOTATIONS / "reuters-test" / "AGREEMENT.md").read_text()


def _last_row(lines):
    return [c.strip() for c in lines[-1].strip("|").split("|")]


def test_record_and_value_agreement_match_one_to_one():
    from bench.tasks import get_task

    a = [span(0, 5, "SPEAKER", id="S1", source="Ann Lee"), span(6, 10, "CUE", id="C1"),
         span(11, 30, "INDIRECT", id="Q1", quote="q1", speaker="S1", cue="C1", source="Ann Lee"),
         span(40, 50, "DIRECT", id="Q2", quote="q2", speaker="S1", cue=None, source="Ann Lee")]
    b = [span(0, 5, "SPEAKER", id="X", source="ann lee"), span(6, 10, "CUE", id="Y"),
         span(11, 25, "INDIRECT", id="Z", quote="r", speaker="X", cue="Y", source="ann lee")]
    # records A, B, matched, F1, same content, speaker, cue, source
    assert _last_row(get_task("quotes").agreement(a, b)) == ["2", "1", "1", "0.667", "0.000", "1.000", "1.000", "1.000"]
    v = lambda s, e, n, m, **k: Span("d", "numeric_claims", s, e, "VALUE", "", k.pop("id", ""), {"number": n, "modifier": m, **k})  # noqa: E731
    va = [v(0, 3, 3000, "approx"), v(10, 12, 2, "exact")]
    vb = [v(0, 3, 3000, "approx"), v(10, 12, 3, "exact"), v(20, 22, 5, "exact")]
    row = _last_row(get_task("numeric_claims").agreement(va, vb))
    assert row[:4] == ["2", "3", "2", "0.800"] and row[5:7] == ["0.500", "1.000"] and row[-1] == "0.500"
