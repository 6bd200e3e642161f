"""The executive summary: a few sentences a decision-maker reads first."""

from __future__ import annotations

from collections import Counter

from interviewer.report.model import Report

TOP_THEMES = 3


def executive_summary(report: Report) -> list[str]:
    """Sentences built from the report's own numbers, most important first."""
    m = report.methodology
    lines: list[str] = []
    left_out = m.sessions_total - m.sessions_included
    reasons = "; ".join(f"{e.count} {e.reason}" for e in m.excluded)
    lines.append(
        f"{m.sessions_included} interview{'s' if m.sessions_included != 1 else ''} analysed"
        + (
            f" ({left_out} of {m.sessions_total} sessions left out: {reasons})."
            if left_out
            else "."
        )
    )
    if report.not_enough_data:
        lines.append(f"Not enough data for themes: {report.not_enough_data}.")
    elif report.themes:
        top = ", ".join(
            f"{t.name} ({t.prevalence.respondents} of {t.prevalence.total})"
            for t in report.themes[:TOP_THEMES]
        )
        lines.append(f"Most common themes: {top}.")
    if report.insights:
        levels = Counter(i.confidence for i in report.insights)
        parts = ", ".join(f"{levels[c]} {c}" for c in ("high", "medium", "low") if levels[c])
        lines.append(
            f"{len(report.insights)} insight{'s' if len(report.insights) != 1 else ''} ({parts} confidence). Strongest: {report.insights[0].statement}"
        )
    if report.hypotheses:
        verdicts = "; ".join(f"{h.hypothesis_id} {h.verdict}" for h in report.hypotheses)
        lines.append(f"Hypotheses: {verdicts}.")
    for aggregate in report.structured:
        if aggregate.nps is not None and aggregate.answered:
            lines.append(
                f"NPS {aggregate.nps.score:+.0f} from {aggregate.answered} answers to “{aggregate.text}”."
            )
    return lines
