"""Established tools wrapped as benchmark systems through the public ``bench.systems``
entry points — worked examples of adding a system. Install with ``pip install -e '.[peers]'``.

- :class:`baselines.peers.spacy_ner.SpacyNer`: spaCy's English pipeline (names onto
  entities; CARDINAL, QUANTITY, MONEY, PERCENT onto numeric VALUE)
- :class:`baselines.peers.quantulum.QuantulumNumeric`: quantulum3 quantities (value, unit)
- :class:`baselines.peers.textacy_quotes.TextacyQuotes`: textacy's direct quotations
"""
