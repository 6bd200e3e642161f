"""The offline engine's draft insight statements, built from what respondents said.

An insight names what respondents did, struggled with, valued or asked for, in the theme's
own key phrase; then the evidence in numbers and, where one is short enough, a whole quote; then
an action tied to the study's decision. The wording follows the theme's kind (pain point,
valued, request, mixed views, practice), so five themes do not read as one template; two
wordings per kind alternate when several themes share a kind.

What it never does: restate a count as the insight (numbers belong in "because"), invent a
cause it cannot see, or act on a decision that was never recorded (the action then says what
to find out instead). The report marks these statements as drafts by the offline engine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewer.report.model import Quote, Theme
from interviewer.study import Study
from interviewer.synthesis.offline.lexicon import reads_cleanly

INLINE_QUOTE_CHARS = 170
"""A quote this short can stand inside the statement; longer ones stay below it."""
SHORT_DECISION = 120
"""Longer decisions are cut at a clause or word boundary."""
WIDE_SHARE = 0.5
"""A theme at least this share of respondents raised can shape the decision directly."""
_CLAUSE_END = re.compile(r"[,;:(]\s|\s[\u2013\u2014-]\s")


def draft_statement(theme: Theme, study: Study, variant: int = 0) -> tuple[str, str, str]:
    """(belief, because, action) for one theme; ``variant`` picks between two wordings."""
    topic = _as_topic(theme.name)
    n, total = theme.prevalence.respondents, theme.prevalence.total
    tone = theme.sentiment
    said = theme.excerpts
    deciding = _decision_phrase(study) if study_has_decision(study) else ""
    wide = theme.prevalence.share >= WIDE_SHARE
    # Two wordings of the claim and two of the evidence, combined so that up to four themes
    # of one kind read differently.
    second = variant % 2 == 1
    other_evidence = (variant // 2 + variant) % 2 == 1

    quote: Quote | None = None  # the evidence in a respondent's words, if one is short enough
    if theme.kind == "pain point":
        quote = _pick(theme.quotes, "negative")
        belief = (
            f"respondents run into trouble with {topic}"
            if not second
            else f"respondents struggle with {topic}"
        )
        because = (
            f"{n} of {total} respondents talked about it and {tone.negative + tone.mixed} of "
            f"their {_sentences(said)} on it are complaints"
            if not other_evidence
            else f"complaints about it came from {n} of {total} respondents, "
            f"{_sentences(tone.negative + tone.mixed)} in all"
        )
        if deciding:
            action = (
                f"treat fixing {topic} as a requirement when deciding {deciding}"
                if wide
                else f"check how often {topic} blocks people before deciding {deciding}"
            )
        else:
            action = f"size the cost of {topic} with the team and ask the next respondents how often it happens"
    elif theme.kind == "valued":
        quote = _pick(theme.quotes, "positive")
        belief = (
            f"respondents value {topic}" if not second else f"respondents speak well of {topic}"
        )
        because = (
            f"{n} of {total} respondents spoke about it, approvingly in "
            f"{_sentences(tone.positive)} and critically in {tone.negative}"
            if not other_evidence
            else f"praise outweighed criticism {tone.positive} to {tone.negative} among the "
            f"{n} of {total} respondents who raised it"
        )
        action = (
            f"keep {topic} as it is when deciding {deciding}"
            if deciding
            else f"protect {topic} in any redesign and say so in the brief"
        )
    elif theme.kind == "request":
        quote = _pick(theme.quotes, None, wish=True)
        belief = (
            f"respondents are missing {topic}"
            if not second
            else f"respondents want more from {topic}"
        )
        because = (
            f"{n} of {total} respondents asked for it or described what they would want instead"
            if not other_evidence
            else f"requests for it came from {n} of {total} respondents"
        )
        action = (
            f"scope {topic} as a candidate change when deciding {deciding}"
            if deciding
            else f"write {topic} up as a candidate change and test it with the respondents who asked"
        )
    elif theme.kind == "mixed views":
        good, bad = _pick(theme.quotes, "positive"), _pick(theme.quotes, "negative")
        both = (
            f": “{good.text}” versus “{bad.text}”"
            if good and bad and len(good.text) + len(bad.text) <= 2 * INLINE_QUOTE_CHARS
            else ""
        )
        belief = f"respondents are divided on {topic}{both}"
        because = (
            f"{n} of {total} respondents discussed it, in {tone.positive} approving and "
            f"{tone.negative} critical sentences"
        )
        action = (
            f"find out what separates the two groups before deciding {deciding}"
            if deciding
            else "find out in follow-up interviews what separates the two groups"
        )
    else:
        quote = _pick(theme.quotes, None)
        belief = (
            f"respondents describe {topic} as part of how they work today"
            if not second
            else f"respondents rely on {topic} in their current work"
        )
        because = (
            f"{n} of {total} respondents described it, in {_sentences(said)}"
            if not other_evidence
            else f"it came up with {n} of {total} respondents, {_sentences(said)} in all"
        )
        action = (
            f"design around {topic} rather than against it when deciding {deciding}"
            if deciding
            else f"map how respondents use {topic} today before changing it"
        )
    because += _said(quote)
    return belief, because, action


def _sentences(count: int) -> str:
    """``"1 sentence"``, ``"3 sentences"``."""
    return f"{count} sentence{'' if count == 1 else 's'}"


def study_has_decision(study: Study) -> bool:
    """False for imported studies whose decision was never recorded."""
    return bool(getattr(study, "decision_recorded", True)) and bool(study.decision.strip())


def _pick(quotes: Sequence[Quote], tone: str | None, *, wish: bool = False) -> Quote | None:
    """The first short quote of the wanted tone (any tone when ``tone`` is None)."""
    from interviewer.synthesis.offline.sentiment import is_wish

    for quote in quotes:
        if len(quote.text) > INLINE_QUOTE_CHARS or not reads_cleanly(quote.text):
            continue
        if wish and not is_wish(quote.text):
            continue
        if tone is None or quote.sentiment == tone:
            return quote
    return None


def _said(quote: Quote | None) -> str:
    """The evidence in a respondent's words, after the numbers: the claim itself stays short."""
    if quote is None:
        return ""
    # The sentence's own full stop gives way to the statement's comma (", so we will …").
    text = quote.text.rstrip()
    text = text[:-1] if text.endswith(".") and not text.endswith("..") else text
    return f" — as {quote.respondent} put it, “{text}”"


def _as_topic(name: str) -> str:
    """A theme name inside a sentence: "Feature importance" → "feature importance", while
    acronyms and proper names keep their capitals ("ICE plots", "SHAP")."""
    first = name.split(" ", 1)[0]
    if first[1:2].isupper() or not first[:1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _decision_phrase(study: Study) -> str:
    """The decision as a phrase to follow "deciding", shortened to ``SHORT_DECISION`` chars.

    A long decision is cut at the last clause boundary that fits (", or whether …" goes), else
    at the last whole word, marked with an ellipsis. Commas inside numbers are not boundaries.
    """
    text = " ".join(study.decision.split()).rstrip(".")
    if text[:2] != text[:2].upper():
        text = text[:1].lower() + text[1:]
    if len(text) <= SHORT_DECISION:
        return text
    cuts = [m.start() for m in _CLAUSE_END.finditer(text) if m.start() <= SHORT_DECISION]
    if cuts and cuts[-1] >= SHORT_DECISION // 3:
        return text[: cuts[-1]].rstrip()
    return text[: text.rfind(" ", 0, SHORT_DECISION)].rstrip(" ,;:") + "…"
