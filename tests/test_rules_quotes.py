from bench.documents import Document
from baselines.rules.quotes import RuleQuotes
from rules_checks import assert_valid, pairs, predict
from rules_sample_text import NEWS

QUO = RuleQuotes(model="ignored")


def by_label(spans, label):
    return [s for s in spans if s.label == label]


def test_indirect_with_that_and_auxiliary_cue():
    spans = predict(QUO, "The mayor has said that the bridge will reopen in June.", "quotes")
    assert pairs(spans) == [("SPEAKER", "The mayor"), ("CUE", "has said"),
                            ("INDIRECT", "the bridge will reopen in June")]
    content = by_label(spans, "INDIRECT")[0]
    speaker = by_label(spans, "SPEAKER")[0]
    cue = by_label(spans, "CUE")[0]
    assert content.attrs["speaker"] == speaker.id and content.attrs["cue"] == cue.id
    assert content.attrs["source"] == speaker.attrs["source"] == "The mayor"


def test_content_before_speaker_and_cue():
    spans = predict(QUO, "Meanwhile, two ferries were cancelled, the port authority said on Friday.", "quotes")
    assert pairs(spans) == [("INDIRECT", "two ferries were cancelled"), ("SPEAKER", "the port authority"),
                            ("CUE", "said")]


def test_direct_quote_with_inverted_speaker():
    spans = predict(QUO, '"This is a disaster," said Maria Lopez.', "quotes")
    assert ("DIRECT", "This is a disaster") in pairs(spans)
    assert ("SPEAKER", "Maria Lopez") in pairs(spans) and ("CUE", "said") in pairs(spans)


def test_curly_quote_then_continuation_inherits_speaker():
    text = "“We will rebuild,” Governor Tom Hale said. “It will take years.”"
    spans = predict(QUO, text, "quotes")
    direct = by_label(spans, "DIRECT")
    assert [d.text for d in direct] == ["We will rebuild", "It will take years"]
    assert direct[0].attrs["speaker"] == direct[1].attrs["speaker"]
    assert direct[1].attrs["cue"] is None
    assert direct[0].attrs["quote"] != direct[1].attrs["quote"]
    assert direct[0].attrs["source"] == "Tom Hale"  # title stripped from the canonical source


def test_speaker_before_appositive():
    spans = predict(QUO, "Dr. Alan Reed, the hospital's director, said the ward was full.", "quotes")
    assert pairs(spans) == [("SPEAKER", "Dr. Alan Reed"), ("CUE", "said"), ("INDIRECT", "the ward was full")]


def test_according_to_both_positions():
    assert pairs(predict(QUO, "The fire was caused by a cable, according to investigators.", "quotes")) == [
        ("INDIRECT", "The fire was caused by a cable"), ("CUE", "according to"), ("SPEAKER", "investigators")]
    assert pairs(predict(QUO, "According to the police, the driver fled.", "quotes")) == [
        ("CUE", "According to"), ("SPEAKER", "the police"), ("INDIRECT", "the driver fled")]


def test_coordinated_cues_share_speaker_and_skip_claim_noun():
    spans = predict(QUO, "The firm denied wrongdoing and refuted claims it hid losses.", "quotes")
    assert pairs(spans, "INDIRECT") == [("INDIRECT", "wrongdoing"), ("INDIRECT", "it hid losses")]
    assert pairs(spans, "CUE") == [("CUE", "denied"), ("CUE", "refuted")]
    assert len(by_label(spans, "SPEAKER")) == 1
    assert {s.attrs["speaker"] for s in by_label(spans, "INDIRECT")} == {by_label(spans, "SPEAKER")[0].id}


def test_mixed_quote_pieces_share_one_record():
    spans = predict(QUO, "She told reporters the plan was “completely unacceptable” and would be dropped.", "quotes")
    content = [s for s in spans if s.label in ("DIRECT", "INDIRECT")]
    assert [(s.label, s.text) for s in content] == [
        ("INDIRECT", "the plan was"), ("DIRECT", "completely unacceptable"), ("INDIRECT", "and would be dropped")]
    assert len({s.attrs["quote"] for s in content}) == 1
    assert ("CUE", "told") in pairs(spans)


def test_pronoun_speaker_resolves_to_last_named_source():
    spans = predict(QUO, "Anna Berg said the vote was fair. She added that turnout was high.", "quotes")
    speakers = by_label(spans, "SPEAKER")
    assert [s.text for s in speakers] == ["Anna Berg", "She"]
    assert speakers[1].attrs["source"] == "Anna Berg"


def test_unbalanced_quote_runs_to_paragraph_end():
    spans = predict(QUO, "The coach said: “We played well and we will be back\nNext story.", "quotes")
    assert ("DIRECT", "We played well and we will be back") in pairs(spans)


def test_scare_quotes_without_source_are_not_quotes():
    assert predict(QUO, "The so-called “miracle” cure sold out.", "quotes") == []


def test_mental_verbs_are_not_cues():
    assert predict(QUO, "Analysts believe the economy will grow.", "quotes") == []


def test_news_paragraphs_valid_with_unique_ids(tmp_path):
    doc = Document("n", NEWS)
    spans = QUO.predict([doc], "quotes")
    assert len({s.id for s in spans}) == len(spans)
    assert {"DIRECT", "INDIRECT", "SPEAKER", "CUE"} <= {s.label for s in spans}
    for s in spans:
        if s.label in ("DIRECT", "INDIRECT"):
            assert {"quote", "speaker", "cue", "source"} <= set(s.attrs)
    assert_valid(spans, [doc], tmp_path)


def test_wire_text_attributions():
    """Quotations over several lines with straight marks, "also said", an acronym after the
    name, "quoted X as saying" (guidelines 5.2; sentences invented for the test)."""
    text = ('"We will not sell the mill.\nIt stays open," Anna Berg told reporters.\n'
            "Traders also said prices would fall.\n"
            "The Harbour Authority (HPA) said the port would reopen.\n"
            "Fares will rise, the agency quoted spokesman Tom Reed as saying.")
    spans = predict(QUO, text, "quotes")
    got = pairs(spans)
    assert ("DIRECT", "We will not sell the mill.") in got or ("DIRECT", "We will not sell the mill") in got
    assert ("DIRECT", "It stays open") in got and ("SPEAKER", "Anna Berg") in got
    direct = by_label(spans, "DIRECT")
    assert len({d.attrs["quote"] for d in direct}) == 1  # one record, one piece per line
    assert ("SPEAKER", "Traders") in got and ("INDIRECT", "prices would fall") in got
    assert ("SPEAKER", "The Harbour Authority") in got and ("INDIRECT", "the port would reopen") in got
    assert ("SPEAKER", "spokesman Tom Reed") in got and ("CUE", "as saying") in got and ("INDIRECT", "Fares will rise") in got


def test_wire_text_attributions_long_subjects_and_terms():
    """Relative clauses and appositives between speaker and cue, plain present cues after a
    plural subject, guideline 5.4 cues, and quoted terms that are no quotations (invented)."""
    text = ("The mayor, who lost the vote to a rival from the harbour district in May, said: \"We start again.\"\n"
            "\"It is over,\" Tom Reed, the club's chief adviser, told Reuters.\n"
            "Analysts cautioned that prices could fall.\n"
            "They say the deal will close.\n"
            "The United States last week sold the ship the press dubbed the \"Iron Lady\".")
    got = pairs(predict(QUO, text, "quotes"))
    assert ("SPEAKER", "The mayor") in got and ("DIRECT", "We start again.") in got or ("DIRECT", "We start again") in got
    assert ("SPEAKER", "Tom Reed") in got and ("CUE", "told") in got
    assert ("CUE", "cautioned") in got and ("INDIRECT", "prices could fall") in got
    assert ("CUE", "say") in got and ("INDIRECT", "the deal will close") in got
    assert ("CUE", "States") not in got and ("DIRECT", "Iron Lady") not in got


def test_headline_attributions_of_complements_and_quoted_as_saying():
    """Guidelines 5.1-5.2 (invented): "content - source" headlines, "the head of X",
    "X on Friday said", "X was quoted as saying", "quoted X as saying <content>", agentless "said to"."""
    text = ("Mill to close next month - minister.\n"
            "The head of the harbour board on Friday said the port would reopen.\n"
            "Some traders said prices would fall.\n"
            "Ann Lee was quoted as saying: \"We are ready.\"\n"
            "The paper quoted Tom Reed as saying the strike would end.\n"
            "The town said to fear floods.")
    got = pairs(predict(QUO, text, "quotes"))
    assert ("INDIRECT", "Mill to close next month") in got and ("SPEAKER", "minister") in got
    assert ("SPEAKER", "The head of the harbour board") in got and ("INDIRECT", "the port would reopen") in got
    assert ("SPEAKER", "Some traders") in got
    assert ("SPEAKER", "Ann Lee") in got and ("CUE", "was quoted as saying") in got
    assert ("SPEAKER", "Tom Reed") in got and ("CUE", "as saying") in got and ("INDIRECT", "the strike would end") in got
    assert ("SPEAKER", "The town") not in got and ("INDIRECT", "to fear floods") not in got
