"""How sure an insight is: high, medium or low, from rules a reader can check.

Never the model's opinion of itself. The rules (also in docs/reports.md):

1. Fewer than :data:`MIN_QUOTES` verified quotes from :data:`MIN_QUOTES` different respondents
   → **low**, whatever else holds.
2. Otherwise points add up:
   - coverage: raised by ≥ 40% of respondents and at least 3 → +2; by ≥ 20% and at least 2 → +1;
   - agreement across question types: the theme comes up under 2+ different questions → +1;
   - agreement with structured answers: its prevalence differs notably between segments of a
     closed question (≥ 20 points, segments of 3+) → +1;
   - depth: the sessions behind it average depth ≥ 3.5 → +1, below 2.5 → −1;
   - contradicting evidence: a third or more of its opinionated excerpts take the opposite
     tone → −1.
3. 4+ points → **high**, 2–3 → **medium**, fewer → **low**; a study of fewer than
   :data:`SMALL_STUDY` respondents is never rated high.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.report.model import Confidence

MIN_QUOTES = 2
SMALL_STUDY = 5
HIGH_POINTS = 4
MEDIUM_POINTS = 2
DEEP = 3.5
SHALLOW = 2.5
CONTRADICTION_SHARE = 1 / 3


@dataclass(frozen=True)
class EvidenceProfile:
    """The facts the rules read, for one theme."""

    respondents: int
    """Respondents who raised the theme."""
    total: int
    """Respondents in the synthesis."""
    quotes: int
    """Verified quotes attached to the insight."""
    quote_respondents: int
    """Different respondents among those quotes."""
    questions: int
    """Different questions whose answers hold the theme's evidence."""
    structured_agreement: str | None
    """A notable segment difference, described (e.g. "yes to late_payment: 80% vs 35%")."""
    mean_depth: float | None
    """Mean session depth of the respondents behind the theme."""
    positive: int
    negative: int
    """Opinionated excerpts by tone (neutral and mixed ones are left out)."""


def rate(profile: EvidenceProfile) -> tuple[Confidence, list[str]]:
    """The confidence level and the reasons that produced it, strongest first."""
    p = profile
    reasons: list[str] = []
    share = p.respondents / p.total if p.total else 0.0
    coverage = f"raised by {p.respondents} of {p.total} respondents ({share:.0%})"
    if p.quotes < MIN_QUOTES or p.quote_respondents < MIN_QUOTES:
        reasons.append(
            f"low: fewer than {MIN_QUOTES} verified quotes from {MIN_QUOTES} different respondents"
        )
        return "low", [*reasons, coverage]
    points = 0
    if share >= 0.4 and p.respondents >= 3:
        points += 2
        reasons.append(f"+2 {coverage}")
    elif share >= 0.2 and p.respondents >= 2:
        points += 1
        reasons.append(f"+1 {coverage}")
    else:
        reasons.append(f"+0 only {coverage}")
    if p.questions >= 2:
        points += 1
        reasons.append(f"+1 came up under {p.questions} different questions")
    if p.structured_agreement:
        points += 1
        reasons.append(f"+1 lines up with closed answers ({p.structured_agreement})")
    if p.mean_depth is not None and p.mean_depth >= DEEP:
        points += 1
        reasons.append(f"+1 deep interviews (mean depth {p.mean_depth:.1f})")
    elif p.mean_depth is not None and p.mean_depth < SHALLOW:
        points -= 1
        reasons.append(f"−1 shallow interviews (mean depth {p.mean_depth:.1f})")
    opinionated = p.positive + p.negative
    minority = min(p.positive, p.negative)
    if opinionated and minority / opinionated >= CONTRADICTION_SHARE:
        points -= 1
        reasons.append(f"−1 contradicting evidence: {minority} of {opinionated} excerpts disagree")
    level: Confidence = (
        "high" if points >= HIGH_POINTS else "medium" if points >= MEDIUM_POINTS else "low"
    )
    if level == "high" and p.total < SMALL_STUDY:
        level = "medium"
        reasons.append(f"capped at medium: fewer than {SMALL_STUDY} respondents in the study")
    return level, reasons
