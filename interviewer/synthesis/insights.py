"""Insight statements: "We believe X because Y, so we will Z", one per strong theme.

The strongest themes (most respondents) each get one insight tied to the study's decision.
A model phrases the three parts when the LLM engine runs (one call for all of them); the
offline engine fills a template. Either way the quotes are the theme's verified quotes and the
confidence comes from the rules in confidence.py, never from the model.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from interviewer import prompts
from interviewer.llm.base import ChatModel, Message, ModelOutputError
from interviewer.report.model import Insight, Theme
from interviewer.study import Study
from interviewer.synthesis.confidence import EvidenceProfile, rate

MAX_INSIGHTS = 5
QUOTES_PER_INSIGHT = 3
SHORT_DECISION = 120
"""Longer decisions are cut at a clause or word boundary in templated actions."""
WIDE_SHARE = 0.5
"""A theme raised by at least this share of respondents can shape the decision directly."""
_CLAUSE_END = re.compile(r"[,;:(]\s|\s[\u2013\u2014-]\s")
_LEADS = re.compile(r"^\s*(?:we believe(?: that)?|because|so we will|we will)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Phrasing:
    belief: str
    because: str
    action: str


class InsightPhrase(BaseModel):
    theme_id: str
    belief: str
    because: str
    action: str


class InsightReply(BaseModel):
    """The model's reply to the insight prompt."""

    insights: list[InsightPhrase] = []


def strongest(themes: Sequence[Theme], limit: int = MAX_INSIGHTS) -> list[Theme]:
    """Themes worth an insight: most respondents first, each with at least one quote."""
    quoted = [t for t in themes if t.quotes]
    return sorted(quoted, key=lambda t: (-t.prevalence.respondents, t.id))[:limit]


def templated(theme: Theme, study: Study) -> Phrasing:
    """The offline engine's wording, built from the theme's numbers and the decision."""
    p = theme.prevalence
    tone = theme.sentiment
    pain = tone.negative > max(tone.positive, 0) and tone.negative >= tone.neutral / 2
    valued = not pain and tone.positive > tone.negative
    kind = (
        "a recurring pain point"
        if pain
        else "something respondents value"
        if valued
        else "a recurring topic"
    )
    who = (
        "for most respondents"
        if p.share >= 0.5
        else "for a sizeable group of respondents"
        if p.share >= 0.25
        else "for some respondents"
    )
    questions = len(theme.question_ids)
    across = f" across {questions} questions" if questions > 1 else ""
    because = (
        f"{p.respondents} of {p.total} respondents ({p.share:.0%}) raised it{across}, "
        f"in {tone.negative} negative and {tone.positive} positive excerpts"
    )
    return Phrasing(f"“{theme.name}” is {kind} {who}", because, _action(theme, study, pain, valued))


def _action(theme: Theme, study: Study, pain: bool, valued: bool) -> str:
    """What the team does next, from the theme's tone and reach and the study's decision.

    Only a pain point or valued point most respondents raised is firm enough to shape the
    decision; anything narrower or of mixed tone is probed further first.
    """
    name = f"“{theme.name}”"
    deciding = _decision_phrase(study.decision)
    when = f" when deciding {deciding}" if deciding else " in the decision this study feeds"
    before = f" before deciding {deciding}" if deciding else " before deciding"
    if theme.prevalence.share >= WIDE_SHARE and pain:
        return f"treat {name} as a requirement{when}"
    if theme.prevalence.share >= WIDE_SHARE and valued:
        return f"treat {name} as something to keep{when}"
    return f"probe {name} further in follow-up interviews{before}"


def phrase_with_model(
    model: ChatModel, study: Study, themes: Sequence[Theme], total: int
) -> dict[str, Phrasing]:
    """One call phrasing every theme's insight; themes the reply misses get no entry."""
    if not themes:
        return {}
    prompt = prompts.render(
        "synthesis_insights", title=study.title, decision=study.decision, total=total, themes=themes
    )
    reply = None
    for _attempt in range(2):
        try:
            reply = model.complete_json([Message("user", prompt)], InsightReply)
            break
        except ModelOutputError:
            continue
    if reply is None:
        return {}
    known = {t.id for t in themes}
    phrasings: dict[str, Phrasing] = {}
    for item in reply.insights:
        parts = [_clean(item.belief), _clean(item.because), _clean(item.action)]
        if item.theme_id in known and all(parts):
            phrasings.setdefault(item.theme_id, Phrasing(*parts))
    return phrasings


def build_insights(
    themes: Sequence[Theme],
    study: Study,
    *,
    depth_of: Mapping[str, float],
    phrasings: Mapping[str, Phrasing] | None = None,
) -> list[Insight]:
    """One insight per theme in ``themes``; ``phrasings`` (by theme id) override the template."""
    insights: list[Insight] = []
    for number, theme in enumerate(themes, start=1):
        phrasing = (phrasings or {}).get(theme.id)
        written_by = "llm" if phrasing is not None else "template"
        phrasing = phrasing or templated(theme, study)
        quotes = theme.quotes[:QUOTES_PER_INSIGHT]
        depths = [depth_of[s] for s in theme.session_ids if s in depth_of]
        structured = theme.segments[0] if theme.segments else None
        level, reasons = rate(
            EvidenceProfile(
                respondents=theme.prevalence.respondents,
                total=theme.prevalence.total,
                quotes=len(quotes),
                quote_respondents=len({q.session_id for q in quotes}),
                questions=len(theme.question_ids),
                structured_agreement=(
                    f"{structured.share:.0%} among {structured.question_id} = "
                    f"{structured.segment} vs {theme.prevalence.share:.0%} overall"
                    if structured
                    else None
                ),
                mean_depth=sum(depths) / len(depths) if depths else None,
                positive=theme.sentiment.positive,
                negative=theme.sentiment.negative,
            )
        )
        statement = (
            f"We believe {phrasing.belief} because {phrasing.because}, "
            f"so we will {phrasing.action}."
        )
        insights.append(
            Insight(
                id=f"I{number}",
                theme_id=theme.id,
                belief=phrasing.belief,
                because=phrasing.because,
                action=phrasing.action,
                statement=statement,
                confidence=level,
                confidence_reasons=reasons,
                quotes=quotes,
                written_by=written_by,
            )
        )
    return insights


def _clean(part: str) -> str:
    """A statement part without the lead words or final full stop the template adds itself."""
    text = " ".join(part.split())
    while True:
        stripped = _LEADS.sub("", text)
        if stripped == text:
            break
        text = stripped
    return text.rstrip(" .,;")


def _decision_phrase(decision: str) -> str:
    """The decision as a phrase to follow "deciding", shortened to ``SHORT_DECISION`` chars.

    A long decision is cut at the last clause boundary that fits (", or whether …" goes), else
    at the last whole word, marked with an ellipsis. Commas inside numbers ("2,000") are not
    boundaries.
    """
    text = _lower_first(decision)
    if len(text) <= SHORT_DECISION:
        return text
    cuts = [m.start() for m in _CLAUSE_END.finditer(text) if m.start() <= SHORT_DECISION]
    if cuts and cuts[-1] >= SHORT_DECISION // 3:
        return text[: cuts[-1]].rstrip()
    return text[: text.rfind(" ", 0, SHORT_DECISION)].rstrip(" ,;:") + "…"


def _lower_first(text: str) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
