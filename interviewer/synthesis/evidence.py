"""Evidence, engine-neutral: verified excerpts, draft themes, and the quotes a report shows.

Both engines end in the same shape: :class:`ThemeDraft` trees whose evidence is
:class:`CodedExcerpt` — a verified span of a respondent turn with its code and tone. This
module turns drafts into the report's themes (prevalence, tone, segments, a selection of
quotes) so prevalence and quote choice follow one set of rules whichever engine ran.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from interviewer.report.model import (
    CrossTab,
    Prevalence,
    Quote,
    Sentiment,
    SentimentCounts,
    Theme,
    ThemeKind,
)
from interviewer.synthesis.corpus import Interview
from interviewer.synthesis.offline.sentiment import is_wish
from interviewer.synthesis.quotes import Located
from interviewer.synthesis.structured import notable_segments

QUOTES_PER_THEME = 4
"""Quotes shown per theme (sub-themes show fewer: :data:`QUOTES_PER_SUB_THEME`)."""
QUOTES_PER_SUB_THEME = 2
IDEAL_QUOTE_CHARS = (40, 320)
_EDGE_PUNCTUATION = " .,;:!?\"'“”‘’"
"""Quotes in this length range are preferred: long enough to stand alone, short enough to read."""


@dataclass(frozen=True)
class CodedExcerpt:
    """A verified span of what a respondent said, with its code and tone."""

    interview: Interview
    located: Located
    question_id: str | None
    sentiment: Sentiment
    code: str | None = None
    """The model's code label (LLM engine); None for the offline engine."""

    @property
    def session_id(self) -> str:
        return self.interview.session_id

    @property
    def key(self) -> tuple[str, int, tuple[tuple[int, int], ...]]:
        """Identity of the quoted words: the same span cited twice is one quote."""
        return (self.session_id, self.located.turn.id, self.located.spans)

    @property
    def text(self) -> str:
        return self.located.text


@dataclass
class ThemeDraft:
    """A theme before ids, prevalence and quote selection."""

    name: str
    definition: str
    excerpts: list[CodedExcerpt]
    """All evidence of the theme, its sub-themes' included, preferred quotes first."""
    sub_themes: list[ThemeDraft] = field(default_factory=list)
    kind: ThemeKind | None = None
    """Set by an engine that knows the study's baseline tone; else judged from the excerpts."""

    def sessions(self) -> set[str]:
        return {e.session_id for e in self.excerpts}


class QuoteBook:
    """Hands out report quotes with stable ids: the same words always get the same ``Q`` id."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, int, tuple[tuple[int, int], ...]], str] = {}

    def quote(self, excerpt: CodedExcerpt) -> Quote:
        quote_id = self._ids.setdefault(excerpt.key, f"Q{len(self._ids) + 1}")
        located = excerpt.located
        return Quote(
            id=quote_id,
            session_id=excerpt.session_id,
            turn_id=located.turn.id,
            respondent=excerpt.interview.respondent,
            question_id=excerpt.question_id,
            text=located.text,
            fragments=located.fragments,
            sentiment=excerpt.sentiment,
            code=excerpt.code,
            repaired=located.how == "repaired",
        )


def select_quotes(excerpts: Sequence[CodedExcerpt], limit: int) -> list[CodedExcerpt]:
    """Up to ``limit`` excerpts to quote: different respondents first, readable lengths first,
    otherwise in the order given (the engine's preference)."""
    low, high = IDEAL_QUOTE_CHARS
    # The same words from two respondents (or cited twice) are shown once.
    unique = list({_same_words(e): e for e in reversed(excerpts)}.values())[::-1]
    ranked = sorted(unique, key=lambda e: not low <= len(e.text) <= high)  # stable
    chosen: list[CodedExcerpt] = []
    respondents: set[str] = set()
    for excerpt in ranked:
        if any(_overlap(excerpt, other) for other in chosen):
            continue
        if excerpt.session_id not in respondents:
            chosen.append(excerpt)
            respondents.add(excerpt.session_id)
        if len(chosen) == limit:
            return chosen
    for excerpt in ranked:  # fewer respondents than slots: a second quote from someone
        if excerpt not in chosen and not any(_overlap(excerpt, other) for other in chosen):
            chosen.append(excerpt)
        if len(chosen) == limit:
            break
    return chosen


def _overlap(a: CodedExcerpt, b: CodedExcerpt) -> bool:
    """Two excerpts of one turn sharing more than half of the shorter one's characters."""
    if a.located.turn.id != b.located.turn.id:
        return False
    shared = sum(
        max(0, min(e1, e2) - max(s1, s2))
        for s1, e1 in a.located.spans
        for s2, e2 in b.located.spans
    )
    shorter = min(sum(e - s for s, e in x.located.spans) for x in (a, b))
    return shared * 2 > shorter


def _same_words(excerpt: CodedExcerpt) -> str:
    return " ".join(excerpt.text.casefold().split()).strip(_EDGE_PUNCTUATION)


def order_drafts(drafts: Iterable[ThemeDraft]) -> list[ThemeDraft]:
    """Most respondents first, then most excerpts; empty drafts dropped (sub-themes too)."""
    kept = [d for d in drafts if d.excerpts]
    for draft in kept:
        draft.sub_themes = order_drafts(draft.sub_themes)
    return sorted(kept, key=lambda d: (-len(d.sessions()), -len(d.excerpts), d.name))


PAIN_SHARE = 0.2
"""Without a baseline, a theme is a pain point when at least this share of its excerpts is
negative (and more are negative than positive): interviews are mostly neutral description."""
VALUED_SHARE = 0.3
WISH_SHARE = 0.15
ABOVE_BASELINE = 1.4
"""With a baseline (the whole study's tone), a theme leans one way when its share of that tone
is at least this many times the study's: in a friendly hour-long interview every topic has
some praise, and only the topics with *more* of it than usual are what people value."""


@dataclass(frozen=True)
class ToneProfile:
    """Shares of excerpts that are negative, positive (mixed counting half to each) or wishes."""

    negative: float
    positive: float
    wishes: float

    @classmethod
    def of(cls, excerpts: Sequence[CodedExcerpt]) -> ToneProfile:
        n = max(len(excerpts), 1)
        tone = Counter(e.sentiment for e in excerpts)
        return cls(
            (tone["negative"] + tone["mixed"] / 2) / n,
            (tone["positive"] + tone["mixed"] / 2) / n,
            sum(1 for e in excerpts if is_wish(e.text)) / n,
        )


def theme_kind(excerpts: Sequence[CodedExcerpt], baseline: ToneProfile | None = None) -> ThemeKind:
    """What the theme's evidence mostly is, from the tone and wording of its excerpts,
    compared with ``baseline`` (the whole study) when given."""
    if not excerpts:
        return "practice"
    own = ToneProfile.of(excerpts)
    wishes = own.wishes * len(excerpts)
    if baseline is None:
        baseline = ToneProfile(PAIN_SHARE / ABOVE_BASELINE, VALUED_SHARE / ABOVE_BASELINE, 0.0)
    lift_neg = own.negative / max(baseline.negative, 0.02)
    lift_pos = own.positive / max(baseline.positive, 0.02)
    if wishes >= 2 and own.wishes >= max(WISH_SHARE, ABOVE_BASELINE * baseline.wishes):
        return "request"
    if lift_neg >= ABOVE_BASELINE and lift_pos >= ABOVE_BASELINE:
        return "mixed views"
    if lift_neg >= ABOVE_BASELINE and own.negative >= 0.1 and lift_neg >= lift_pos:
        return "pain point"
    if lift_pos >= ABOVE_BASELINE and own.positive >= 2 * own.negative:
        return "valued"
    return "practice"


def build_theme(
    draft: ThemeDraft,
    theme_id: str,
    *,
    total: int,
    book: QuoteBook,
    tables: Sequence[CrossTab] = (),
) -> Theme:
    """The report's view of one (ordered) draft and its sub-themes."""
    sessions = draft.sessions()
    share = len(sessions) / total if total else 0.0
    tone: Counter[str] = Counter(e.sentiment for e in draft.excerpts)
    limit = QUOTES_PER_THEME if "." not in theme_id else QUOTES_PER_SUB_THEME
    return Theme(
        id=theme_id,
        name=draft.name,
        definition=draft.definition,
        kind=draft.kind or theme_kind(draft.excerpts),
        prevalence=Prevalence(respondents=len(sessions), total=total, share=share),
        session_ids=sorted(sessions),
        question_ids=sorted({e.question_id for e in draft.excerpts if e.question_id}),
        sentiment=SentimentCounts(**tone),
        excerpts=len({e.key for e in draft.excerpts}),
        quotes=[book.quote(e) for e in select_quotes(draft.excerpts, limit)],
        segments=notable_segments(tables, theme_id, share) if tables else [],
        sub_themes=[
            build_theme(sub, f"{theme_id}.{i}", total=total, book=book)
            for i, sub in enumerate(draft.sub_themes, start=1)
        ],
    )
