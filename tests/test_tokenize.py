from bench.tokenize import split_sentences, tokenize


def words(text):
    return [t.text for t in tokenize(text)]


def test_scheme_rules():
    assert words("a 30-day halt") == ["a", "30", "-", "day", "halt"]
    assert words("Russia’s war") == ["Russia", "’s", "war"]
    assert words("the troops’ likely struggles") == ["the", "troops", "’", "likely", "struggles"]
    assert words("“We have,” he said.") == ["“", "We", "have", ",", "”", "he", "said", "."]


def test_numbers_and_abbreviations_keep_their_dots_and_commas():
    assert words("around 3,000 of 2.5 million in 2022.") == ["around", "3,000", "of", "2.5", "million", "in", "2022", "."]
    assert words("Gen. Smith of the U.S. Army") == ["Gen.", "Smith", "of", "the", "U.S.", "Army"]
    assert words("the end.") == ["the", "end", "."]


def test_offsets_point_into_the_text():
    text = "The U.S.-led talks\u00a0resumed, officials said."
    for tok in tokenize(text):
        assert text[tok.start:tok.end] == tok.text
        assert tok.text.strip() == tok.text


def test_sentences_split_on_periods_and_line_breaks_but_not_inside_quotes():
    text = "“One thing. Another thing,” she said. Then more\nA headline\nGen. Lee arrived."
    sents = [" ".join(t.text for t in s) for s in split_sentences(text)]
    assert sents == [
        "“ One thing . Another thing , ” she said .",
        "Then more",
        "A headline",
        "Gen. Lee arrived .",
    ]


def test_tokens_cover_the_text_in_order_without_whitespace(corpus):
    """Every non-space character is in exactly one token, tokens are in order, and a token is
    exactly the text at its offsets: the tokenizer loses and invents nothing."""
    for doc in corpus.documents.values():
        toks = tokenize(doc.text)
        assert toks and all(a.end <= b.start for a, b in zip(toks, toks[1:]))
        assert all(t.text == doc.text[t.start:t.end] and not any(c.isspace() for c in t.text) for t in toks)
        covered = {i for t in toks for i in range(t.start, t.end)}
        assert covered == {i for i, c in enumerate(doc.text) if not c.isspace()}


def test_tokenizer_output_is_pinned():
    """The canonical tokens are part of the gold's format: a change to them must be deliberate."""
    text = "Gen. Smith said 3,000 U.S.-led troops aren't \u201cready.\u201d"
    assert [t.text for t in tokenize(text)] == ["Gen.", "Smith", "said", "3,000", "U.S.", "-", "led", "troops", "aren", "'t",
                                                 "\u201c", "ready", ".", "\u201d"]
