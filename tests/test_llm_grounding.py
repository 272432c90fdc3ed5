"""Grounding a generative system's strings back to character offsets (baselines/llm)."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baselines.llm.grounding import (Placed, choose_in_order, ground, merge_chunks, quote_label, read_modifier,
                                     read_number, shift)
from baselines.llm.matching import FUZZY_THRESHOLD, Match, SearchText, find, strip_edges
from baselines.llm.outputs import (EntityItem, QuoteItem, QuotePiece, ValueItem, close_truncated, decode_json,
                                   drop_trailing_commas, parse_response)
from baselines.llm.textnorm import fold, normalise
from bench.tokenize import tokenize

TEXT = ("Ukraine’s President Volodymyr Zelenskyy said Russia’s troops left Kyiv.\n"
        "“We are in good defensive positions,” Zelenskyy told reporters. Ukraine and Russian forces met.\n"
        "Around 3,000 additional troops and 170 millimeter self-propelled howitzers arrived, U.S. officials said.")


def surfaces(spans, label=None):
    return [s.text for s in spans if label is None or s.label == label]


def on_token_boundaries(text, spans):
    toks = tokenize(text)
    starts, ends = {t.start for t in toks}, {t.end for t in toks}
    return all(s.start in starts and s.end in ends for s in spans)


# -- the normalised view ---------------------------------------------------------------------

def test_normalised_text_folds_quotes_dashes_case_and_space_and_maps_back():
    text = "“Facts—  Intelligence” ’s"
    norm = normalise(text)
    assert norm.text == '"facts-intelligence"\'s'
    a = norm.text.index("intelligence")
    start, end = norm.to_original(a, a + len("intelligence"))
    assert text[start:end] == "Intelligence"
    assert norm.from_original(0, 7) == '"facts-'
    assert fold("Russia ’s") == fold("russia's") == "russia's"


# -- finding one string ----------------------------------------------------------------------

def test_exact_match_respects_token_boundaries():
    st_ = SearchText(TEXT)
    hits = find(st_, "Russia")
    assert [TEXT[m.start:m.end] for m in hits] == ["Russia"]  # not the "Russia" inside "Russian"
    assert hits[0].tier == "exact" and TEXT[hits[0].end:hits[0].end + 2] == "’s"


def test_edge_punctuation_and_quotation_marks_are_trimmed():
    st_ = SearchText(TEXT)
    [m] = find(st_, "“We are in good defensive positions,”")
    assert TEXT[m.start:m.end] == "We are in good defensive positions" and m.tier == "exact"
    [m] = find(st_, '"We are in good defensive positions"')  # straight quotes: the mark-less variant matches
    assert TEXT[m.start:m.end] == "We are in good defensive positions"
    assert strip_edges("“‘x’”,") == "x" and strip_edges("%") == "%" and strip_edges("...") == "..."


def test_abbreviation_keeps_its_period():
    st_ = SearchText(TEXT)
    [m] = find(st_, "U.S.")
    assert TEXT[m.start:m.end] == "U.S."
    [m] = find(st_, "U.S")  # the period cut off by the model: settled onto the whole token
    assert TEXT[m.start:m.end] == "U.S."


def test_normalised_match_survives_case_spacing_and_straight_quotes():
    st_ = SearchText(TEXT)
    [m] = find(st_, "ukraine 's president volodymyr zelenskyy")
    assert TEXT[m.start:m.end] == "Ukraine’s President Volodymyr Zelenskyy" and m.tier == "normalised"
    [m] = find(st_, "around 3 , 000")
    assert TEXT[m.start:m.end] == "Around 3,000"
    [m] = find(st_, "170 millimeter self - propelled howitzers")
    assert TEXT[m.start:m.end] == "170 millimeter self-propelled howitzers"


def test_fuzzy_match_above_the_threshold_only():
    st_ = SearchText(TEXT)
    hits = find(st_, "Volodymir Zelenskiy")
    assert [TEXT[m.start:m.end] for m in hits] == ["Volodymyr Zelenskyy"]
    assert hits[0].tier == "fuzzy" and FUZZY_THRESHOLD <= hits[0].score < 100
    assert find(st_, "Emmanuel Macron") == []
    assert find(st_, "Kyev") == []  # a short string scoring under the threshold is no match
    assert find(st_, "he") == []  # never fuzzy on two letters ("he" is in "the")


def test_nothing_is_found_for_empty_or_absurd_strings():
    st_ = SearchText(TEXT)
    assert find(st_, "") == find(st_, "   ") == find(st_, "x" * 100_000) == []
    assert find(st_, TEXT * 3) == []


def test_settle_widens_to_tokens_and_drops_punctuation_tokens():
    st_ = SearchText("He said: “Kyiv’s” fine.")
    a = st_.text.index("yiv")
    assert st_.settle(a, a + 2) == (st_.text.index("Kyiv"), st_.text.index("Kyiv") + 4)
    assert st_.settle(st_.text.index("“"), st_.text.index("”") + 1) == (st_.text.index("Kyiv"), st_.text.index("’s") + 2)
    assert st_.settle(st_.text.index(":"), st_.text.index(":") + 1) is None
    assert st_.line_pieces(0, len("He said")) == [(0, 7)]


# -- choosing among occurrences --------------------------------------------------------------

def test_repeated_items_take_successive_occurrences_in_document_order():
    text = "Kyiv is big. Kyiv is old. Kyiv is far."
    g = ground("entities", text, [EntityItem("Kyiv", "GPE")] * 3)
    assert [s.start for s in g.spans] == [0, 13, 26]
    g = ground("entities", text, [EntityItem("Kyiv", "GPE")] * 4)  # one more than the text has
    assert len(g.spans) == 3 and g.losses.overlapping == 1 and g.losses.items == 4


def test_an_item_out_of_order_goes_to_the_nearest_free_place_before_the_cursor():
    text = "Kyiv and Moscow; later Kyiv again, then Paris."
    g = ground("entities", text, [EntityItem("Moscow", "GPE"), EntityItem("Paris", "GPE"), EntityItem("Kyiv", "GPE")])
    assert sorted((s.text, s.start) for s in g.spans) == [("Kyiv", 23), ("Moscow", 9), ("Paris", 40)]


def test_case_matters_when_the_model_keeps_capitals():
    text = "They told us the US would act."
    [s] = ground("entities", text, [EntityItem("US", "GPE")]).spans
    assert (s.start, s.text) == (17, "US")  # not the "us" of "told us"
    [s] = ground("numeric_claims", "Two men met two more.", [ValueItem("two", None, None, None, None)]).spans
    assert s.text == "Two"  # a lower-cased copy may mean either: the first in order


def test_choose_in_order_reports_why_nothing_was_chosen():
    placed = Placed()
    placed.add(0, 4, "GPE", "E")
    assert choose_in_order([], "x", 0, placed) == (None, "ungrounded")
    assert choose_in_order([Match(0, 4, "exact")], "Kyiv", 0, placed) == (None, "overlapping")


# -- entities --------------------------------------------------------------------------------

def test_entities_are_grounded_with_labels_and_clean_edges():
    items = [EntityItem("Ukraine", "GPE"), EntityItem("Volodymyr Zelenskyy", "PERSON"), EntityItem("“Kyiv.”", "GPE"),
             EntityItem("Atlantis", "GPE")]
    g = ground("entities", TEXT, items, doc="d")
    assert [(s.text, s.label) for s in g.spans] == [("Ukraine", "GPE"), ("Volodymyr Zelenskyy", "PERSON"), ("Kyiv", "GPE")]
    assert g.losses.ungrounded == 1 and g.losses.fuzzy == 0
    assert all(s.doc == "d" and s.task == "entities" and s.text == TEXT[s.start:s.end] for s in g.spans)
    assert on_token_boundaries(TEXT, g.spans)


def test_fuzzy_groundings_are_counted():
    g = ground("entities", TEXT, [EntityItem("Zelenskiy", "PERSON")])
    assert surfaces(g.spans) == ["Zelenskyy"] and g.losses.fuzzy == 1


def test_overlapping_items_are_dropped_and_counted():
    g = ground("entities", TEXT, [EntityItem("Volodymyr Zelenskyy", "PERSON"), EntityItem("President Volodymyr", "PERSON")])
    assert surfaces(g.spans) == ["Volodymyr Zelenskyy"] and g.losses.overlapping == 1


# -- quotes ----------------------------------------------------------------------------------

QUOTES_TEXT = ("Zelenskyy said Russia attacked again. “We will hold,” he added. “Help is coming.”\n"
               "Kyiv has information that there are “significantly more” troops, the minister said.")


def test_quote_records_link_speaker_and_cue_nearest_their_content():
    items = [
        QuoteItem((QuotePiece("Russia attacked again", "INDIRECT"),), "Zelenskyy", "said", "Volodymyr Zelenskyy"),
        QuoteItem((QuotePiece("We will hold", None),), "he", "added", None),
        QuoteItem((QuotePiece("Help is coming", "DIRECT"),), "he", None, None),  # the same speaker span as the record before
    ]
    g = ground("quotes", QUOTES_TEXT, items)
    content = [s for s in g.spans if s.label in ("DIRECT", "INDIRECT")]
    assert [(s.text, s.label) for s in content] == [("Russia attacked again", "INDIRECT"), ("We will hold", "DIRECT"),
                                                   ("Help is coming", "DIRECT")]
    by_id = {s.id: s for s in g.spans}
    assert [by_id[s.attrs["speaker"]].text for s in content] == ["Zelenskyy", "he", "he"]
    assert content[1].attrs["speaker"] == content[2].attrs["speaker"]  # one SPEAKER span, linked twice
    assert [by_id[s.attrs["cue"]].text if s.attrs["cue"] else None for s in content] == ["said", "added", None]
    assert [s.attrs["quote"] for s in content] == ["q1", "q2", "q3"]
    assert content[0].attrs["source"] == "Volodymyr Zelenskyy" and content[1].attrs["source"] == "he"
    assert surfaces(g.spans, "SPEAKER") == ["Zelenskyy", "he"] and len(surfaces(g.spans, "CUE")) == 2
    assert g.losses.as_dict() == {**g.losses.as_dict(), "ungrounded": 0, "unlinked": 0, "overlapping": 0}


def test_mixed_record_pieces_take_their_type_from_the_quotation_marks():
    item = QuoteItem((QuotePiece("Kyiv has information that there are", None), QuotePiece("significantly more", None),
                      QuotePiece("troops", None)), "the minister", "said", None)
    g = ground("quotes", QUOTES_TEXT, [item])
    assert [(s.text, s.label) for s in g.spans if s.label in ("DIRECT", "INDIRECT")] == [
        ("Kyiv has information that there are", "INDIRECT"), ("significantly more", "DIRECT"), ("troops", "INDIRECT")]
    assert {s.attrs["quote"] for s in g.spans if "quote" in s.attrs} == {"q1"}
    assert quote_label("“x,” he said", 1, 2) == "DIRECT" and quote_label("he said x.", 8, 9) == "INDIRECT"


def test_a_piece_across_lines_is_cut_into_one_piece_per_line():
    text = "He said the plan\nwould fail, officials said."
    g = ground("quotes", text, [QuoteItem((QuotePiece("the plan would fail", "INDIRECT"),), "He", "said", None)])
    pieces = [s for s in g.spans if s.label == "INDIRECT"]
    assert [p.text for p in pieces] == ["the plan", "would fail"] and len({p.attrs["quote"] for p in pieces}) == 1


def test_speaker_never_lands_inside_a_quotation():
    text = "“Zelenskyy is wrong,” Zelenskyy said."
    g = ground("quotes", text, [QuoteItem((QuotePiece("Zelenskyy is wrong", None),), "Zelenskyy", "said", None)])
    [speaker] = [s for s in g.spans if s.label == "SPEAKER"]
    assert speaker.start == text.rindex("Zelenskyy")


def test_unfound_speakers_and_cues_are_counted_as_unlinked():
    g = ground("quotes", QUOTES_TEXT, [QuoteItem((QuotePiece("Russia attacked again", "INDIRECT"),), "Macron", "whispered", "Macron")])
    [piece] = g.spans
    assert piece.attrs["speaker"] is None and piece.attrs["cue"] is None and piece.attrs["source"] == "Macron"
    assert g.losses.unlinked == 2


def test_a_record_with_no_grounded_piece_is_lost():
    g = ground("quotes", QUOTES_TEXT, [QuoteItem((QuotePiece("an invented statement nobody made", "DIRECT"),), "he", "said", None)])
    assert g.spans == [] and g.losses.ungrounded == 1


# -- numeric claims --------------------------------------------------------------------------

def test_values_get_numbers_modifiers_units_and_things():
    text = "around 220 units of 240 millimeter multiple rocket launchers and two of them"
    items = [ValueItem("around 220", "220", "approx", "units", "multiple rocket launchers"),
             ValueItem("240", 240, None, "millimeter", "multiple rocket launchers"),
             ValueItem("two", True, "sort of", None, None)]
    g = ground("numeric_claims", text, items)
    values = [s for s in g.spans if s.label == "VALUE"]
    by_id = {s.id: s for s in g.spans}
    assert [(v.text, v.attrs["number"], v.attrs["modifier"]) for v in values] == [
        ("around 220", 220.0, "approx"), ("240", 240.0, "exact"), ("two", 2.0, "exact")]
    assert [by_id[v.attrs["unit"]].text if v.attrs["unit"] else None for v in values] == ["units", "millimeter", None]
    assert values[0].attrs["thing"] == values[1].attrs["thing"] and by_id[values[0].attrs["thing"]].text == "multiple rocket launchers"
    assert surfaces(g.spans, "THING") == ["multiple rocket launchers"]


def test_a_thing_after_its_value_beats_one_as_near_before_it():
    text = "soldiers said six soldiers came"
    g = ground("numeric_claims", text, [ValueItem("six", 6, "exact", None, "soldiers")])
    [thing] = [s for s in g.spans if s.label == "THING"]
    assert thing.start == text.rindex("soldiers")


@pytest.mark.parametrize("raw, surface, expected", [
    (3000, "3,000", 3000.0), ("3,000", "3,000", 3000.0), ("eleven thousand", "x", 11000.0), (True, "six", 6.0),
    (float("inf"), "six", 6.0), ("nan", "two", 2.0), (10 ** 400, "five", 5.0), ("9" * 100, "four", 4.0),
    (None, "around 3,000", 3000.0), ([1, 2], "a dozen", None), ({"x": 1}, "no number here", None),
])
def test_numbers_are_read_safely(raw, surface, expected):
    assert read_number(raw, surface) == expected


def test_modifiers_fall_back_to_the_words_of_the_span():
    assert read_modifier("MIN", "six") == "min"
    assert read_modifier("roughly", "more than 20") == "min"
    assert read_modifier(None, "around 3,000") == "approx"
    assert read_modifier(7, "six") == "exact"


# -- reading model output --------------------------------------------------------------------

def test_decoding_ok_fenced_and_thinking_responses():
    assert decode_json('{"entities": []}') == ("ok", {"entities": []})
    assert decode_json('```json\n{"entities": []}\n```') == ("ok", {"entities": []})
    assert decode_json('<think>hmm {</think>{"entities": []}') == ("ok", {"entities": []})


def test_one_repair_attempt_fixes_prose_trailing_commas_and_truncation():
    assert decode_json('Sure! Here it is: {"entities": [{"text": "Kyiv", "label": "GPE"},]} Hope it helps.') == (
        "repaired", {"entities": [{"text": "Kyiv", "label": "GPE"}]})
    status, value = decode_json('{"entities": [{"text": "Kyiv", "label": "GPE"}, {"text": "Mos')
    assert status == "repaired" and value == {"entities": [{"text": "Kyiv", "label": "GPE"}]}
    assert drop_trailing_commas('{"a": "x,]", "b": [1,],}') == '{"a": "x,]", "b": [1]}'
    assert close_truncated('{"a": [1, 2') == '{"a": [1]}'
    assert close_truncated("no json") is None
    assert decode_json("I cannot help with that.") == ("invalid", None)
    assert decode_json('{"entities": [{"text": "Kyiv"') == ("invalid", None)


@pytest.mark.parametrize("response", [
    "", "null", "42", '"text"', "[1, 2, 3]", '{"entities": null}', '{"entities": "Kyiv"}', '{"other": []}',
    "[" * 100_000, '{"a": ' + "1" * 5000 + "}", "\x00\xff",
])
def test_responses_of_any_shape_never_raise(response):
    parsed = parse_response(response, "entities")
    assert parsed.status in ("ok", "repaired", "invalid")
    if response == "[1, 2, 3]":
        assert parsed.status == "ok" and parsed.items == [] and parsed.malformed == 3


def test_items_of_the_wrong_shape_are_counted_as_malformed():
    response = json.dumps({"entities": [{"text": "Kyiv", "label": "gpe"}, {"text": ["Kyiv"], "label": "GPE"},
                                        {"text": "Kyiv"}, "Kyiv", None, {"text": 2022, "label": "date"},
                                        {"text": "Kyiv", "label": "work of-art"}]})
    parsed = parse_response(response, "entities")
    assert parsed.items == [EntityItem("Kyiv", "GPE"), EntityItem("2022", "DATE"), EntityItem("Kyiv", "WORK_OF_ART")]
    assert parsed.malformed == 4
    quotes = parse_response(json.dumps({"quotes": [{"content": "one string"}, {"content": [{"text": "x", "type": "direct"}, 5]},
                                                   {"content": []}, {"speaker": "he"}]}), "quotes")
    assert [q.pieces for q in quotes.items] == [(QuotePiece("one string", None),), (QuotePiece("x", "DIRECT"), QuotePiece("5", None))]
    assert quotes.malformed == 2
    values = parse_response(json.dumps({"values": [{"text": "six", "number": "six", "unit": 3, "thing": ["x"]}]}), "numeric_claims")
    assert values.items == [ValueItem("six", "six", None, "3", None)]


def test_huge_strings_are_refused_without_hanging():
    response = json.dumps({"entities": [{"text": "Kyiv " * 50_000, "label": "GPE"}] * 3})
    g = ground("entities", TEXT, parse_response(response, "entities").items)
    assert g.spans == [] and g.losses.ungrounded == 3


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(
                        st.sampled_from(["entities", "quotes", "values", "text", "label", "content", "type", "speaker",
                                         "cue", "number", "modifier", "unit", "thing", "source"]), children, max_size=6),
                    max_leaves=25),
       st.sampled_from(["entities", "quotes", "numeric_claims"]))
def test_any_json_never_crashes_parsing_or_grounding(value, task):
    text = json.dumps(value)
    parsed = parse_response(text, task)
    g = ground(task, TEXT, parsed.items)
    ordered = sorted(g.spans, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in zip(ordered, ordered[1:]))
    assert on_token_boundaries(TEXT, g.spans)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="Kyiv Ukraine’s “said” 3,000 troops.-\n", min_size=1, max_size=25), max_size=8))
def test_grounded_spans_are_clean_and_never_overlap(strings):
    items = [EntityItem(s, "GPE") for s in strings]
    g = ground("entities", TEXT, items)
    assert on_token_boundaries(TEXT, g.spans)
    assert all(not re.match(r"^\W", s.text) or s.text[0] == "%" for s in g.spans)
    ordered = sorted(g.spans, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in zip(ordered, ordered[1:]))
    assert g.losses.items == len(items) == len(g.spans) + g.losses.ungrounded + g.losses.overlapping


# -- chunks ----------------------------------------------------------------------------------

def test_chunks_merge_duplicates_follow_links_and_count_overlaps():
    text = "Zelenskyy said Kyiv held.\nKyiv held, he said again.\nThe end."
    first = ground("quotes", text[:52], [QuoteItem((QuotePiece("Kyiv held", None),), "Zelenskyy", "said", None),
                                         QuoteItem((QuotePiece("Kyiv held", None),), "he", "said", None)])
    offset = text.index("Kyiv held,")
    second = ground("quotes", text[offset:], [QuoteItem((QuotePiece("Kyiv held", None),), "he", "said", None)])
    merged, dropped = merge_chunks([shift(first.spans, 0, "k0."), shift(second.spans, offset, "k1.")])
    assert dropped == 0
    assert sorted((s.start, s.label) for s in merged) == sorted((s.start, s.label) for s in first.spans)
    ids = {s.id for s in merged}
    assert all(s.attrs.get(link) in ids | {None} for s in merged for link in ("speaker", "cue"))
    # an overlapping span from a later chunk is dropped and counted
    clash = ground("entities", text, [EntityItem("Zelenskyy said", "PERSON")]).spans
    kept = ground("entities", text, [EntityItem("Zelenskyy", "PERSON")]).spans
    merged, dropped = merge_chunks([shift(kept, 0, "a."), shift(clash, 0, "b.")])
    assert surfaces(merged) == ["Zelenskyy"] and dropped == 1


# -- the seed articles, answered with their own gold -------------------------------------------

def test_gold_answers_ground_back_onto_the_gold(corpus):
    from bench.evaluation import Predictions, evaluate
    from llm_oracle import oracle_response, roughen

    for rough in (False, True):
        for task in ("entities", "quotes", "numeric_claims"):
            spans = []
            for doc in corpus.documents.values():
                response = oracle_response(corpus, doc.id, task, roughen if rough else None)
                spans += ground(task, doc.text, parse_response(response, task).items, doc.id).spans
            scores = evaluate(corpus, task, Predictions(spans=spans), "fine", 0, 0).to_dict()
            assert scores["headline"]["f1"] == 1.0, (task, rough)
