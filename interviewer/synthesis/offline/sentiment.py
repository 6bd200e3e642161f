"""Offline tone of a quote: positive, negative, neutral or mixed, from a small English lexicon.

The LLM engine asks the model for each excerpt's sentiment; the offline engine needs something
that runs anywhere, so it counts opinion words, flipping a word's polarity after a nearby
negation ("not easy", "never worked"). Customer-research answers are mostly about problems, so
the negative list is the longer one: "chase", "stuck" and "late" are complaints here.
"Fine" is in neither list: "it's fine" and "a late fine" point opposite ways. Coarse by design;
reports label it as lexicon-based.
"""

from __future__ import annotations

import re

from interviewer.report.model import Sentiment

POSITIVE = frozenset(
    """
    love loved loves like liked enjoy enjoyed great good nice easy easier easiest simple quick
    quicker fast faster helpful helped helps useful works worked working smooth smoothly happy
    glad pleased relieved saved saves save reliable clear clean convenient perfect excellent
    fantastic awesome amazing brilliant better best fun flexible intuitive painless
    improved improvement win wins solved fixed calm confident trust trusted
    """.split()
)
NEGATIVE = frozenset(
    """
    hate hated hates annoying annoyed annoys frustrating frustrated frustration stress stressed
    stressful slow slower late delay delayed delays stuck wait waited waiting waste wasted
    problem problems issue issues pain painful hard harder hardest difficult bad worse worst
    broken broke break breaks confusing confused unclear expensive costly fee fees lost lose
    miss missed missing forgot forget forgotten chase chased chasing chaser error errors wrong
    mess messy manual manually tedious boring tired exhausted angry upset worried nightmare
    awful terrible horrible crashed crash crashes fail failed fails failure penalty overdue
    never nobody blocked blocker bottleneck struggle struggled struggling complain complained
    complaint useless clunky painful rushed chaos chaotic overwhelmed dread threw thrown spoiled
    wasteful guilty
    """.split()
)
NEGATIONS = frozenset(
    "not no never don't doesn't didn't isn't wasn't aren't weren't can't cannot couldn't won't wouldn't hardly barely without nothing".split()
)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_NEGATION_REACH = 3
"""A negation flips opinion words up to this many words after it."""


def sentiment_of(text: str) -> Sentiment:
    """The tone of ``text``: ``mixed`` when both polarities are clearly present."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    positive = negative = 0
    negated_until = -1
    for index, word in enumerate(words):
        if word in NEGATIONS:
            negated_until = index + _NEGATION_REACH
            if word in ("never", "nothing"):
                negative += 1
            continue
        flipped = index <= negated_until
        if word in POSITIVE:
            if flipped:
                negative += 1
            else:
                positive += 1
        elif word in NEGATIVE:
            if flipped:
                positive += 1
            else:
                negative += 1
    if positive and negative:
        if positive >= 2 * negative:
            return "positive"
        if negative >= 2 * positive:
            return "negative"
        return "mixed"
    if positive:
        return "positive"
    if negative:
        return "negative"
    return "neutral"
