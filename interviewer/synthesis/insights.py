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
"""Longer decisions are referred to, not repeated, in templated actions."""
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
    kind = (
        "a recurring pain point"
        if tone.negative > max(tone.positive, 0) and tone.negative >= tone.neutral / 2
        else "something respondents value"
        if tone.positive > tone.negative
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
    decision = _lower_first(study.decision)
    action = (
        f"weigh this evidence in deciding {decision}"
        if len(decision) <= SHORT_DECISION
        else "weigh this evidence in the decision this study feeds"
    )
    return Phrasing(f"“{theme.name}” is {kind} {who}", because, action)


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


def _lower_first(text: str) -> str:
    text = " ".join(text.split()).rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
