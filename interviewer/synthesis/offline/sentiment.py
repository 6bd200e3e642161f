"""Offline tone of a quote — positive, negative, neutral or mixed — with VADER.

VADER (vaderSentiment) is a maintained, rule-aware sentiment lexicon built for short informal
text: it reads negation ("not easy"), intensifiers ("really slow"), contrast ("but") and
idioms, where the hand lists this replaced called "this is like a bummer" positive.

Spoken answers need two corrections before VADER reads them:

* discourse "like" and the hedges "kind of" / "sort of" are fillers in speech, but VADER scores
  "like" and "kind" as praise ("that was kind of annoying" came out positive);
* openers that only take the turn ("Yeah, …", "Okay, so…", "Sure, …") are backchannels, not
  approval; VADER scores "yeah" and "okay" as mildly positive, enough to tip a neutral sentence;
* wishes ("I'd like to be able to…", "it would be nice if…") describe something missing; VADER
  reads "like" and "nice" as positive, so a wish is neutral unless it is clearly negative.

VADER's lexicon is English. Other languages get ``neutral`` (the report says tone is English
only) rather than a guess from English words.
"""

from __future__ import annotations

import re
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from interviewer.report.model import Sentiment
from interviewer.synthesis.offline.lexicon import language_code

NEGATIONS = frozenset(
    "not no never don't doesn't didn't isn't wasn't aren't weren't can't cannot couldn't won't "
    "wouldn't hardly barely without nothing".split()
)
"""Words that turn a statement around (hypothesis matching reads them too)."""
POSITIVE_AT = 0.3
"""VADER compound score from which a sentence reads positive."""
NEGATIVE_AT = -0.2
"""…and up to which it reads negative: complaints in interviews are often mild ("a bit slow")."""
MIXED_SHARE = 0.15
"""Both VADER's positive and negative shares above this, and no clear winner: mixed."""

_TOKEN = re.compile(r"\S+")
_OPENER = re.compile(
    r"^(?:\s*(?:yeah|yes|yep|okay|ok|sure|right|well|so|oh|alright|all right)\b[\s,.!-]*)+",
    re.IGNORECASE,
)
_HEDGE = re.compile(r"\b(?:kind|sort)\s+of\b|\bto be honest\b|\bhonestly\b", re.IGNORECASE)
_WISH = re.compile(
    r"\b(?:i'?d|we'?d|i would|we would|would) (?:really )?(?:like|love) to\b|\bwould be "
    r"(?:nice|great|good|helpful|cool|useful)\b|\bi wish\b|\bwe wish\b|\bif only\b|\bhope (?:that|it|they)\b",
    re.IGNORECASE,
)
_LIKE_AS_VERB = frozenset(
    "i we you they he she people i'd we'd you'd would really also don't didn't doesn't do did "
    "does to i'll we'll".split()
)
"""Words after which "like" is the verb ("I like it", "we'd like"), not a filler."""


WORKPLACE_VALENCE = {
    "approval": 0.0,
    "approve": 0.0,
    "approved": 0.0,
    "approvals": 0.0,
    "late": -1.0,
    "delay": -1.2,
    "delayed": -1.2,
    "delays": -1.2,
    "chase": -1.0,
    "chasing": -1.0,
    "stuck": -1.5,
    "overdue": -1.5,
    "manually": -0.5,
    "bottleneck": -1.5,
    "workaround": -0.5,
    "fee": -0.5,
}
"""Words whose everyday valence misleads in work processes: an "approval" is a step, not
praise; "late" and "stuck" are complaints. Applied on top of VADER's own lexicon."""


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    analyzer = SentimentIntensityAnalyzer()
    analyzer.lexicon.update(WORKPLACE_VALENCE)
    return analyzer


@cache
def opinion_words() -> frozenset[str]:
    """Words VADER gives a clear valence ("nice", "useful", "confusing"): they say how people
    felt, not what about, so theme names neither start nor end with one."""
    return frozenset(w for w, v in _analyzer().lexicon.items() if abs(v) >= 1.0 and w.isalpha())


def sentiment_of(text: str, language: str | None = None) -> Sentiment:
    """The tone of ``text`` (one or a few sentences)."""
    if language_code(language) != "en":
        return "neutral"
    spoken = _spoken_cleanup(text)
    scores = _analyzer().polarity_scores(spoken)
    compound = scores["compound"]
    if scores["pos"] >= MIXED_SHARE and scores["neg"] >= MIXED_SHARE and abs(compound) < 0.5:
        return "mixed"
    if compound <= NEGATIVE_AT:
        return "negative"
    if is_wish(text):
        return "neutral"
    if compound >= POSITIVE_AT:
        return "positive"
    return "neutral"


def is_wish(text: str) -> bool:
    """Whether the sentence asks for something missing ("I'd like to be able to…")."""
    return _WISH.search(text.replace("’", "'")) is not None


def _spoken_cleanup(text: str) -> str:
    """Drop discourse "like", the hedges "kind of" / "sort of" and turn-taking openers
    (see module docstring)."""
    text = _HEDGE.sub(" ", text.replace("’", "'"))
    text = _OPENER.sub("", text) or text
    kept: list[str] = []
    for token in _TOKEN.findall(text):
        bare = token.lower().strip(".,;:!?\"'()")
        if bare == "like" and not (kept and kept[-1].lower().strip(",") in _LIKE_AS_VERB):
            continue
        kept.append(token)
    return " ".join(kept)
