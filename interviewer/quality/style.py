"""Machine-written style: transparent features of answers that read like a chatbot wrote them.

No maintained detector of model-written text runs offline on a few sentences (they need a
language model and still misfire on short human text), so this reads features a researcher can
check by eye, and flags an answer only when several agree:

- *no first-person past specifics*: no concrete past instance and fewer than two past-tense
  verbs (the depth scorer's markers, per language) — a real customer tells what happened;
- *generic structure*: bullet or numbered lines, "Firstly… Additionally… Overall…";
- *list-like hedging*: "it depends", "various factors", "can help ensure", "streamline";
- *length*: 90 words or more, or far above (3×) the study's typical open answer.

The first feature is required, plus two more: a long, structured human story full of
specifics is never flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interviewer.depth import Signals, score_answer
from interviewer.depth.markers import markers_for

LONG_WORDS = 90
"""An answer this long is long for an interview turn (the median human answer is ~25 words)."""
NORM_FACTOR = 3.0
"""… or this many times the study's median open answer, when at least 80 words."""
NORM_MIN_WORDS = 80
MIN_WORDS = 40
"""Shorter answers carry too little to judge style (and cost nothing to read)."""
MIN_FEATURES = 3
"""Features that must agree, the missing past specifics among them."""

_STRUCTURE = re.compile(
    r"(?im)^\s*(?:[-*•]|\d+[.)])\s+\S"
    r"|\b(?:firstly|secondly|thirdly|additionally|furthermore|moreover|in conclusion|overall,"
    r"|in summary|lastly|finally,|on the other hand|that said,|ultimately,)"
    r"|\b(?:en primer lugar|además|por otro lado|en resumen|en conclusión)"
    r"|\b(?:erstens|zweitens|außerdem|zusammenfassend|darüber hinaus)"
    r"|\b(?:premièrement|deuxièmement|de plus|en outre|en conclusion|en résumé)"
    r"|\b(?:em primeiro lugar|além disso|por outro lado|em resumo|em conclusão)"
)
_HEDGES = re.compile(
    r"(?i)\b(?:it (?:really )?depends|various|several factors|a variety of|a range of"
    r"|can (?:help|be|vary)|may (?:vary|help|be)|typically|generally|in general|often"
    r"|it is (?:important|essential|crucial) to|it's (?:important|essential|crucial) to"
    r"|ensur(?:e|ing)|streamlin\w*|leverag\w*|seamless\w*|robust|comprehensive|crucial"
    r"|enhanc\w*|efficien\w+|optimi[sz]\w*|overall|key (?:factors|aspects|considerations)"
    r"|best practices?|specific needs|individual (?:needs|preferences)"
    r"|depende de|varios factores|en general|es importante"
    r"|hängt (?:davon )?ab|verschiedene|im allgemeinen|es ist wichtig"
    r"|cela dépend|divers(?:es)? facteurs|en général|il est important"
    r"|depende de|vários fatores|em geral|é importante)\b"
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class StyleReading:
    """The features of one answer; ``reasons`` is empty unless the answer is flagged."""

    words: int
    specifics: bool
    structure: int
    hedges: int
    long: bool
    reasons: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        return bool(self.reasons)


def read_style(
    text: str,
    lang: str | None = None,
    *,
    norm_words: float | None = None,
    signals: Signals | None = None,
) -> StyleReading:
    """Read the machine-style features of ``text``; ``norm_words`` is the study's median
    open-answer length, when known; ``signals`` the depth scorer's reading, when the caller
    already has it (scoring twice is most of the cost)."""
    words = len(_WORD.findall(text))
    if words < MIN_WORDS:
        return StyleReading(words, True, 0, 0, False)
    signals = signals or score_answer(text, None, lang).signals
    first_person = _first_person(text, lang)
    specifics = (signals.concrete_instance or signals.past_tense) and first_person
    if specifics:  # the one required feature is missing: nothing else can flag it
        return StyleReading(words, True, 0, 0, words >= LONG_WORDS)
    structure = len(_STRUCTURE.findall(text))
    hedges = len(_HEDGES.findall(text))
    above_norm = (
        norm_words is not None and words >= NORM_MIN_WORDS and words > NORM_FACTOR * norm_words
    )
    long = words >= LONG_WORDS or above_norm
    features = [
        (not specifics, "no first-person past specifics (no instance, under two past verbs)"),
        (structure >= 2, f"generic structure ({structure} list or connective markers)"),
        (hedges >= 3, f"list-like hedging ({hedges} hedges such as 'various', 'ensure')"),
        (
            long,
            f"{words} words"
            + (
                f", {words / norm_words:.0f}× the study's median"
                if above_norm and norm_words
                else ""
            ),
        ),
    ]
    hits = [reason for present, reason in features if present]
    reasons = tuple(hits) if not specifics and len(hits) >= MIN_FEATURES else ()
    return StyleReading(words, specifics, structure, hedges, long, reasons)


def _first_person(text: str, lang: str | None) -> bool:
    markers = markers_for(lang or "en") or markers_for("en")
    assert markers is not None
    tokens = {t.lower() for t in _WORD.findall(text)}
    return bool(tokens & markers.first_person) or "j'ai" in text.lower()
