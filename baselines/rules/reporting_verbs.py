"""Reporting verbs and phrases: the cues of quotations and reported speech.

General English verbs of saying and of published assessment, with their inflections.
Mental or attitude verbs (believe, hope, expect) are deliberately absent: they report no
statement.
"""
from __future__ import annotations

from functools import lru_cache

# lemma -> inflected forms (past, 3rd person, participle, -ing)
REPORTING_VERBS = {
    "say": "said says saying",
    "tell": "told tells telling",
    "write": "wrote writes written writing",
    "add": "added adds adding",
    "note": "noted notes noting",
    "announce": "announced announces announcing",
    "reveal": "revealed reveals revealing",
    "confirm": "confirmed confirms confirming",
    "deny": "denied denies denying",
    "refute": "refuted refutes refuting",
    "testify": "testified testifies testifying",
    "claim": "claimed claims claiming",
    "warn": "warned warns warning",
    "state": "stated states stating",
    "report": "reported reports reporting",
    "declare": "declared declares declaring",
    "insist": "insisted insists insisting",
    "explain": "explained explains explaining",
    "argue": "argued argues arguing",
    "assert": "asserted asserts asserting",
    "allege": "alleged alleges alleging",
    "acknowledge": "acknowledged acknowledges acknowledging",
    "admit": "admitted admits admitting",
    "assess": "assessed assesses assessing",
    "estimate": "estimated estimates estimating",
    "predict": "predicted predicts predicting",
    "stress": "stressed stresses stressing",
    "emphasise": "emphasised emphasises emphasising emphasized emphasizes emphasizing",
    "suggest": "suggested suggests suggesting",
    "disclose": "disclosed discloses disclosing",
    "tweet": "tweeted tweets tweeting",
    "post": "posted",
    "reply": "replied replies replying",
    "respond": "responded",
    "ask": "asked asks asking",
    "recall": "recalled recalls recalling",
    "complain": "complained complains complaining",
    "reiterate": "reiterated reiterates reiterating",
    "concede": "conceded concedes conceding",
    "promise": "promised promises promising",
    "vow": "vowed vows vowing",
    "pledge": "pledged pledges pledging",
    "urge": "urged urges urging",
    "contend": "contended contends contending",
    "maintain": "maintained maintains",
    "observe": "observed observes",
    "remark": "remarked remarks",
    "comment": "commented comments",
    "conclude": "concluded concludes",
    "indicate": "indicated indicates",
    "inform": "informed informs",
    "brief": "briefed",
    "quote": "quoted",
    "cite": "cited cites",
    "exclaim": "exclaimed",
    "shout": "shouted",
    "whisper": "whispered",
    # guidelines 5.4: cues of wire text
    "caution": "cautioned cautions cautioning",
    "question": "questioned",
    "signal": "signalled signaled signals",
    "yell": "yelled",
    "shriek": "shrieked",
    "scream": "screamed",
}

# Auxiliaries and modals that belong to the cue's verb group ("has said", "would tell").
AUXILIARIES = frozenset("has have had is was were are be been will would could should may might can did does do".split())

# Multi-word cues that are no verb.
PHRASE_CUES = (("according", "to"),)

# Verbs whose object is the addressee, not the content: "told reporters that ...".
ADDRESSEE_VERBS = frozenset("tell told tells telling inform informed informs brief briefed warned warn warns".split())


@lru_cache(maxsize=None)
def cue_words() -> frozenset[str]:
    """Every inflected form of a reporting verb, lower case."""
    forms = set()
    for lemma, inflected in REPORTING_VERBS.items():
        forms.add(lemma)
        forms.update(inflected.split())
    return frozenset(forms)


@lru_cache(maxsize=None)
def finite_cue_words() -> frozenset[str]:
    """Forms that can head a reporting clause on their own ("said", "says", "wrote")."""
    return frozenset(w for w in cue_words() if not w.endswith("ing") and w not in REPORTING_VERBS)
