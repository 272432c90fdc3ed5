"""Number words, quantity modifiers, units and date words for the numeric-claims rules."""
from __future__ import annotations

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
               "trillion": 1_000_000_000_000}
# "a dozen", "dozens" are counted here only as "dozen" after a number: "two dozen"
COUNT_WORDS = {"dozen": 12}

# Phrases before a number, longest first matters only for lookup; value -> modifier.
MODIFIERS = {
    ("around",): "approx", ("about",): "approx", ("approximately",): "approx",
    ("roughly",): "approx", ("nearly",): "approx", ("almost",): "approx", ("some",): "approx",
    ("an", "estimated"): "approx", ("estimated",): "approx", ("circa",): "approx",
    ("close", "to"): "approx", ("near",): "approx",
    ("more", "than"): "min", ("over",): "min", ("at", "least"): "min", ("upwards", "of"): "min",
    ("in", "excess", "of"): "min", ("above",): "min", ("no", "fewer", "than"): "min",
    ("no", "less", "than"): "min",
    ("up", "to"): "max", ("less", "than"): "max", ("fewer", "than"): "max", ("under",): "max",
    ("at", "most"): "max", ("no", "more", "than"): "max", ("below",): "max",
    ("as", "many", "as"): "max", ("as", "much", "as"): "max",  # guidelines 5.3
}

# Units of measure, time and counting units (singular and plural, lower case).
UNITS = frozenset("""
millimeter millimeters millimetre millimetres mm centimeter centimeters centimetre centimetres
cm meter meters metre metres m kilometer kilometers kilometre kilometres km kms mile miles
foot feet ft inch inches yard yards nautical acre acres hectare hectares sq square
gram grams g kilogram kilograms kg kgs ton tons tonne tonnes pound pounds lb lbs ounce ounces
liter liters litre litres ml gallon gallons barrel barrels bpd cubic
degree degrees celsius fahrenheit percent pct per cent % percentage points point points bp bps
watt watts kilowatt kilowatts megawatt megawatts gigawatt gigawatts kwh mw gw volt volts
knot knots mph kph km/h
second seconds minute minutes hour hours day days week weeks month months year years
decade decades century centuries
times overs strokes
unit units piece pieces round rounds batch batches set sets pair pairs item items copy copies
dose doses vial vials shell shells crate crates box boxes bag bags container containers
carload wagon wagons truckload truckloads shipment shipments tranche tranches
""".split())

# Currency names written after the amount ("200 yen", "1.50 stg a tonne"): the UNIT of money.
CURRENCIES = frozenset("""
dollar dollars usd euro euros pound pounds sterling stg yen yuan renminbi rouble roubles ruble
rubles rupee rupees won hryvnia hryvnias franc francs peso pesos lira lire mark marks
cent cents pence penny crown crowns krona kronor krone kroner koruna korunas zloty zlotys
forint forints rand ringgit baht rupiah dinar dinars shekel shekels escudo escudos peseta
pesetas guilder guilders schilling schillings drachma drachmas lei leu riel riels dong
kwacha naira shilling shillings sucre sucres bolivar bolivars
""".split())
UNITS = UNITS | CURRENCIES
# Units of two words ("77 basis points"); the second word alone is a unit too.
UNIT_PAIRS = frozenset({("basis", "points"), ("basis", "point"), ("percentage", "points"),
                        ("percentage", "point"), ("per", "cent")})
# Currency abbreviations written before the amount ("DM 5 million"), case as written; letters
# closed up to "$" ("C$", "HK$", "US$") are taken by the rule itself.
CURRENCY_PREFIXES = frozenset("DM Rs FFr SFr BFr Dfl Esc Ptas".split())
# Fractions that assert a share (guidelines 5.3): "a third of", "two-thirds".
FRACTIONS = {"half": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25,
             "fifth": 0.2, "fifths": 0.2}

TIME_UNITS = frozenset("second seconds minute minutes hour hours day days week weeks month months year years decade decades century centuries".split())

MONTHS = frozenset("""
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
""".split())
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
TIME_WORDS = frozenset("a.m. p.m. am pm gmt utc bst est edt cst cdt pst pdt cet cest o'clock hrs".split())


def word_number(words: list[str]) -> float | None:
    """The value of a number-word sequence ("eleven thousand", "twenty - five"), or None."""
    total, current, seen = 0.0, 0.0, False
    for w in words:
        w = w.lower()
        if w in ("-", "and"):
            continue
        if w in UNITS_WORDS:
            current += UNITS_WORDS[w]
        elif w in TENS_WORDS:
            current += TENS_WORDS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALE_WORDS:
            total += (current or 1) * SCALE_WORDS[w]
            current = 0
        elif w in COUNT_WORDS:
            current = (current or 1) * COUNT_WORDS[w]
        else:
            return None
        seen = True
    return total + current if seen else None
