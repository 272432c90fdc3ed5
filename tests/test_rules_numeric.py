from bench.documents import Document
from baselines.rules.numeric import RuleNumeric
from rules_checks import assert_valid, pairs, predict
from rules_sample_text import NEWS

NUM = RuleNumeric(batch_size=8)


def values(text):
    spans = predict(NUM, text, "numeric_claims")
    by_id = {s.id: s for s in spans}
    out = []
    for s in spans:
        if s.label == "VALUE":
            unit = by_id[s.attrs["unit"]].text if s.attrs["unit"] else None
            thing = by_id[s.attrs["thing"]].text if s.attrs["thing"] else None
            out.append((s.text, s.attrs["number"], s.attrs["modifier"], unit, thing))
    return out


def test_digits_with_separators_and_approximators():
    assert values("Around 2,500 new homes were built.") == [("Around 2,500", 2500.0, "approx", None, "new homes")]
    assert values("It costs 3.75 dollars.") == [("3.75", 3.75, "exact", "dollars", None)]


def test_number_words_and_hyphenated_number_words():
    assert values("Eleven thousand people fled.") == [("Eleven thousand", 11000.0, "exact", None, "people")]
    assert values("We bought twenty-five electric buses.") == [("twenty-five", 25.0, "exact", None, "electric buses")]


def test_bounds():
    assert values("More than three firms bid.")[0][:3] == ("More than three", 3.0, "min")
    assert values("Up to 40 percent returned.") == [("Up to 40", 40.0, "max", "percent", None)]
    assert values("The team has fewer than 12 players.")[0][2] == "max"
    assert values("At least 7 cars burned.")[0][:3] == ("At least 7", 7.0, "min")


def test_focus_word_stays_outside():
    assert values("They found only two boats.") == [("two", 2.0, "exact", None, "boats")]


def test_hyphenated_duration_unit_and_thing():
    assert values("a 30-day ceasefire") == [("30", 30.0, "exact", "day", "ceasefire")]
    assert values("the more than ten-year dispute") == [("more than ten", 10.0, "min", "year", "dispute")]
    assert values("He served for more than 20 years.") == [("more than 20", 20.0, "min", "years", None)]


def test_counting_unit_shares_thing_with_inner_measure():
    out = values("The army received 150 units of 12 millimeter mortars.")
    assert out == [("150", 150.0, "exact", "units", "mortars"), ("12", 12.0, "exact", "millimeter", "mortars")]
    spans = predict(NUM, "The army received 150 units of 12 millimeter mortars.", "numeric_claims")
    assert len([s for s in spans if s.label == "THING"]) == 1


def test_one_of_the_and_pronoun_things():
    assert values("Police arrested one of the men.") == [("one", 1.0, "exact", None, "men")]
    assert values("Two of them were hurt.") == [("Two", 2.0, "exact", None, None)]


def test_money_with_currency_sign_and_scale_word():
    assert values("a $4.5 million loan") == [("4.5 million", 4500000.0, "exact", "$", "loan")]
    assert values("It raised £20 billion.") == [("20 billion", 20e9, "exact", "£", None)]


def test_dates_times_years_ordinals_and_names_are_excluded():
    assert values("It happened on 12 May 2021 at 10:30 a.m.") == []
    assert values("In 2019 the first Boeing 747 landed.") == []
    assert values("No one came, and the one who did left on Tuesday.") == []


def test_news_paragraphs_valid_and_linked(tmp_path):
    doc = Document("n", NEWS)
    spans = NUM.predict([doc], "numeric_claims")
    ids = {s.id: s for s in spans}
    assert ("VALUE", "approximately 11,000") in pairs(spans)
    for s in spans:
        if s.label == "VALUE":
            assert s.attrs["modifier"] in ("exact", "approx", "min", "max")
            for link, label in (("unit", "UNIT"), ("thing", "THING")):
                assert s.attrs[link] is None or ids[s.attrs[link]].label == label
    assert_valid(spans, [doc], tmp_path)


def test_wire_text_numbers_that_are_no_claims():
    """Datelines, scores, ratios, phone numbers, listings, relative times, years: guidelines 5.3-5.4
    (sentences invented for the test)."""
    text = ("HARBOUR TOWN 1996-03-14\n"
            "Rovers won 3-1 and went 4-for-5 at the plate, calls to +44 171 555 0199 said.\n"
            "Squad: 15 - Tom Hale, 14 - Ian Fox.\n"
            "The plant closed two days ago, as in '91, at 1400 EDT, said Banc One.\n"
            "It hired 40 workers.")
    assert [v[0] for v in values(text)] == ["40"]


def test_wire_text_units_currencies_and_compounds():
    """Guidelines 5.3-5.4 (sentences invented for the test)."""
    assert values("Wheat rose 1.5 cents to 40 stg a tonne.") == [("1.5", 1.5, "exact", "cents", None),
                                                                  ("40", 40.0, "exact", "stg", None)]
    assert values("The bond fell C$ 0.45 and HK$ 2 billion changed hands.")[:2] == [
        ("0.45", 0.45, "exact", "C$", None), ("2 billion", 2e9, "exact", "HK$", None)]
    assert values("It paid 40 million Swiss francs.") == [("40 million", 40e6, "exact", "Swiss francs", None)]
    assert values("The spread narrowed 12 basis points.") == [("12", 12.0, "exact", "basis points", None)]
    assert values("Cars hit 90 miles per hour.") == [("90", 90.0, "exact", "miles per hour", None)]
    assert values("He hit a three-run homer.") == [("three", 3.0, "exact", "run", "homer")]
    assert values("A 45-year-old farmer died.") == [("45", 45.0, "exact", "year", "farmer")]
    assert values("They won over 10-man Rovers.") == [("10", 10.0, "exact", "man", "Rovers")]


def test_things_before_of_after_in_and_across_possessives():
    assert values("They took a first innings lead of 82.") == [("82", 82.0, "exact", None, "first innings lead")]
    assert values("The bank has $9 billion in assets.") == [("9 billion", 9e9, "exact", "$", "assets")]
    assert values("He was one of the city's best doctors.") == [("one", 1.0, "exact", None, "best doctors")]
    assert values("Power lay in one man's hands.") == [("one", 1.0, "exact", None, "man")]
    assert values("It sent 500 sailors and Marines.") == [("500", 500.0, "exact", None, "sailors and Marines")]
    assert values("It sent 600 soldiers based abroad.") == [("600", 600.0, "exact", None, "soldiers")]
    assert values("Prices fell 2 cents lower.") == [("2", 2.0, "exact", "cents", None)]
    assert values("A third of the voters stayed home.") == [("A third", 1 / 3, "exact", None, "voters")]


def test_ranks_labels_codes_and_line_ups_are_no_claims():
    assert values("The world number one lost to the group seven winners.") == []
    assert values("Call the desk on 3120264 (Tom Ash, 75) before the 1998 finals.") == []
    assert values("They beat three one-day sides.")[0][:2] == ("three", 3.0)
