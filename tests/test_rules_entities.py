from bench.documents import Document
from bench.systems import System
from baselines.rules.entities import RuleEntities
from rules_checks import assert_valid, pairs, predict
from rules_sample_text import NEWS

ENT = RuleEntities(device="cpu", batch_size=4)  # unknown options are accepted


def run(text):
    return pairs(predict(ENT, text, "entities"))


def test_is_a_system():
    assert isinstance(ENT, System)
    assert ENT.tasks == ("entities",)


def test_title_stays_outside_person_and_nationality_is_norp():
    assert run("He met Brazilian President Ana Souza in Lisbon.") == [
        ("NORP", "Brazilian"), ("PERSON", "Ana Souza"), ("GPE", "Lisbon")]


def test_abbreviated_title_and_role_noun_before_name():
    assert ("PERSON", "Mark Tully") in run("Dr. Mark Tully spoke first.")
    assert ("PERSON", "Ondrej Novak") in run("The talks were led by trade minister Ondrej Novak.")


def test_possessive_stays_outside():
    out = run("Canada’s government and Peru's army responded.")
    assert ("GPE", "Canada") in out and ("GPE", "Peru") in out


def test_leading_the_outside_and_org_heads():
    out = run("The Ministry of Health and the Federal Aviation Administration disagreed.")
    assert out == [("ORG", "Ministry of Health"), ("ORG", "Federal Aviation Administration")]


def test_longest_match_wins():
    assert run("Officials at the U.S. Embassy declined to comment.") == [("ORG", "U.S. Embassy")]
    assert run("Troops gathered near North Korea.") == [("GPE", "North Korea")]


def test_continents_regions_and_countries():
    out = run("Exports from Africa to Europe and the Middle East rose, Kenya said.")
    assert ("LOC", "Africa") in out and ("LOC", "Europe") in out and ("LOC", "Middle East") in out
    assert ("GPE", "Kenya") in out


def test_coordinated_nationalities():
    assert run("German and South African officials met.") == [("NORP", "German"), ("NORP", "South African")]


def test_sentence_initial_common_word_is_no_name():
    assert run("Click here to subscribe.") == []
    assert run("However, prices fell.") == []


def test_event_law_facility_heads():
    out = run("After the Clean Water Act passed, fans flew from Heathrow Airport to the World Cup.")
    assert ("LAW", "Clean Water Act") in out
    assert ("FAC", "Heathrow Airport") in out
    assert ("EVENT", "World Cup") in out


def test_language_in_context():
    assert ("LANGUAGE", "Swahili") in run("The leaflets were printed in Swahili.")


def test_document_memory_relabels_surname():
    out = run("Senator Laura Brennan arrived late. Brennan later left.")
    assert out.count(("PERSON", "Brennan")) == 1 and ("PERSON", "Laura Brennan") in out


def test_headline_in_capitals_uses_lexicon_only():
    assert run("STORM HITS JAPAN AND CHINA") == [("GPE", "JAPAN"), ("GPE", "CHINA")]


def test_labels_are_task_labels_and_spans_valid(tmp_path):
    doc = Document("n", NEWS)
    spans = ENT.predict([doc], "entities")
    assert spans and all(ENT.label_map["entities"][s.label] == s.label for s in spans)
    assert_valid(spans, [doc], tmp_path)
