"""Insight statements: "We believe X because Y, so we will Z", one per strong theme.

The strongest themes (most respondents) each get one insight tied to the study's decision.
A model phrases the three parts when the LLM engine runs (one call for all of them); the
offline engine drafts one from the theme's content (offline/insights.py). Either way the quotes are the theme's verified quotes and the
confidence comes from the rules in confidence.py, never from the model.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from interviewer.report.model import Insight, Theme
from interviewer.study import Study
from interviewer.synthesis.confidence import EvidenceProfile, rate
from interviewer.synthesis.offline.insights import draft_statement

MAX_INSIGHTS = 5
QUOTES_PER_INSIGHT = 3
MIN_RESPONDENTS = 2
"""An insight rests on at least this many respondents; one respondent's theme is a hypothesis."""


@dataclass(frozen=True)
class Phrasing:
    belief: str
    because: str
    action: str


def strongest(themes: Sequence[Theme], limit: int = MAX_INSIGHTS) -> list[Theme]:
    """Themes worth an insight: most respondents first, each with at least one quote.

    A theme only one respondent raised is a hypothesis, never an insight: it is left out here
    and the report labels it as such.
    """
    quoted = [t for t in themes if t.quotes and t.prevalence.respondents >= MIN_RESPONDENTS]
    return sorted(quoted, key=lambda t: (-t.prevalence.respondents, t.id))[:limit]


def templated(theme: Theme, study: Study, variant: int = 0) -> Phrasing:
    """The offline engine's draft wording, from the theme's content (offline/insights.py)."""
    return Phrasing(*draft_statement(theme, study, variant))


def build_insights(
    themes: Sequence[Theme],
    study: Study,
    *,
    depth_of: Mapping[str, float],
    phrasings: Mapping[str, Phrasing] | None = None,
) -> list[Insight]:
    """One insight per theme in ``themes``; ``phrasings`` (by theme id) override the template."""
    insights: list[Insight] = []
    kinds_seen: Counter[str] = Counter()
    for number, theme in enumerate(themes, start=1):
        phrasing = (phrasings or {}).get(theme.id)
        written_by: Literal["llm", "template"] = "llm" if phrasing is not None else "template"
        # Two themes of one kind get the two wordings of that kind in turn.
        phrasing = phrasing or templated(theme, study, kinds_seen[theme.kind])
        kinds_seen[theme.kind] += 1
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
