"""Inline SVG charts for the HTML report: no JavaScript, no CDN, readable when printed.

Every chart is a small horizontal bar chart built as a string, with every label escaped, and
returned as ``Markup`` so the (autoescaping) template inserts it as is.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from interviewer.report.model import NetPromoter, OptionCount, RankingItem

WIDTH = 440
LABEL_WIDTH = 170
VALUE_WIDTH = 76
ROW = 24
BAR = 15
MAX_LABEL_CHARS = 26
PRIMARY = "#4263eb"
TRACK = "#edf0f7"
NPS_COLOURS = {"detractors": "#e8590c", "passives": "#adb5bd", "promoters": "#2b8a3e"}


def option_bars(options: Sequence[OptionCount]) -> Markup:
    """One bar per option, as the share of respondents who answered."""
    rows = [(o.label, o.share, f"{o.count} ({o.share:.0%})") for o in options]
    return _bars(rows, "Answers per option")


def ranking_bars(items: Sequence[RankingItem]) -> Markup:
    """Borda points per item, best first."""
    top = max((i.borda for i in items), default=0) or 1
    rows = [(i.item, i.borda / top, f"{i.borda} pts") for i in items]
    return _bars(rows, "Borda points per item")


def prevalence_bar(share: float, width: int = 120) -> Markup:
    """A slim inline bar for a theme's prevalence."""
    filled = round(max(0.0, min(1.0, share)) * width)
    return Markup(
        f'<svg class="mini" width="{width}" height="8" viewBox="0 0 {width} 8" role="img" '
        f'aria-label="{share:.0%}"><rect width="{width}" height="8" rx="4" fill="{TRACK}"/>'
        f'<rect width="{filled}" height="8" rx="4" fill="{PRIMARY}"/></svg>'
    )


def nps_bar(nps: NetPromoter) -> Markup:
    """Detractors, passives and promoters as one stacked bar with a legend."""
    total = nps.detractors + nps.passives + nps.promoters
    if not total:
        return Markup("")
    parts = [
        ("detractors", nps.detractors),
        ("passives", nps.passives),
        ("promoters", nps.promoters),
    ]
    x = 0.0
    shapes = []
    legend = []
    for index, (name, count) in enumerate(parts):
        width = WIDTH * count / total
        colour = NPS_COLOURS[name]
        if width:
            shapes.append(
                f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="22" fill="{colour}"/>'
            )
        legend.append(
            f'<rect x="{index * 148}" y="34" width="10" height="10" fill="{colour}"/>'
            f'<text x="{index * 148 + 15}" y="43">{name} {count} ({count / total:.0%})</text>'
        )
        x += width
    return Markup(
        f'<svg class="chart" width="100%" viewBox="0 0 {WIDTH} 52" role="img" '
        f'aria-label="NPS {nps.score:+.0f}">{"".join(shapes)}{"".join(legend)}</svg>'
    )


def _bars(rows: Sequence[tuple[str, float, str]], title: str) -> Markup:
    height = ROW * len(rows) + 4
    track = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg class="chart" width="100%" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}">'
    ]
    for index, (label, fraction, value) in enumerate(rows):
        y = index * ROW + 2
        short = label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"
        filled = track * max(0.0, min(1.0, fraction))
        parts.append(
            f"<g><title>{escape(label)}: {escape(value)}</title>"
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR - 3}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{track}" height="{BAR}" rx="3" fill="{TRACK}"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{filled:.1f}" height="{BAR}" rx="3" '
            f'fill="{PRIMARY}"/>'
            f'<text x="{LABEL_WIDTH + track + 8}" y="{y + BAR - 3}">{escape(value)}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
