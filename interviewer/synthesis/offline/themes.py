"""What theme discovery hands back: a two-level tree of themes over a study's answers.

Every quote is an :class:`Excerpt` — a character span of one answer plus the text of that span —
so a quote is verbatim by construction: ``answers[e.answer_index][e.start:e.end] == e.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Excerpt:
    """A verbatim span of one answer (a clause-sized unit the engine clusters)."""

    answer_index: int
    """Index of the answer in the sequence given to ``discover_themes``."""
    start: int
    """Offset of the first character of the span in that answer."""
    end: int
    """Offset one past the last character of the span."""
    text: str
    """``answers[answer_index][start:end]``, copied for convenience."""


@dataclass(frozen=True)
class FoundTheme:
    """One theme (or sub-theme) and the evidence for it."""

    id: str
    """Stable within one result: ``"T1"`` … for themes, ``"T1.2"`` for the second sub-theme of T1."""
    name: str
    """Short label built from the top keywords, e.g. ``"waiter / waitress / rude"``."""
    keywords: tuple[str, ...]
    """Terms most specific to this theme (class-based TF-IDF), best first."""
    definition: str
    """One templated sentence saying what the theme covers."""
    insight: str
    """One templated sentence stating how common the theme is, with a typical verbatim quote."""
    member_indices: tuple[int, ...]
    """Answers that touch the theme at least once (an answer can touch several themes)."""
    primary_indices: tuple[int, ...]
    """Answers whose main point is this theme (each answer has at most one main theme)."""
    representative_indices: tuple[int, ...]
    """Answers holding the excerpts nearest the theme's centre; always members."""
    excerpts: tuple[Excerpt, ...]
    """Every member excerpt, most typical first (the first ones are the representative quotes)."""
    prevalence: float
    """Share of the non-empty answers that are members (0–1)."""
    sub_themes: tuple[FoundTheme, ...] = ()
    """Finer themes inside this one; empty when the theme has no clear internal split."""

    @property
    def representative_quotes(self) -> tuple[Excerpt, ...]:
        """The excerpts of the representative answers, one per answer, most typical first."""
        seen: dict[int, Excerpt] = {}
        for excerpt in self.excerpts:
            if excerpt.answer_index in self.representative_indices:
                seen.setdefault(excerpt.answer_index, excerpt)
        return tuple(seen[i] for i in self.representative_indices if i in seen)


@dataclass(frozen=True)
class ThemeTree:
    """The result of theme discovery over one set of answers."""

    themes: tuple[FoundTheme, ...]
    """Top-level themes, most prevalent first. Empty when ``not_enough_data``."""
    primary: tuple[int | None, ...]
    """For every input answer, the position in ``themes`` of its main theme, or None (unassigned:
    empty, off-topic or too far from every theme)."""
    n_answers: int
    """Number of answers given (including empty ones)."""
    n_nonempty: int
    """Number of answers with any text."""
    embedding: str
    """Which representation was used: ``"sentence"`` (a local embedding model) or
    ``"tfidf-svd"`` (the dependency-free fallback)."""
    not_enough_data: bool = False
    """True when the answers are too few or too uniform to support two or more themes."""
    reason: str | None = None
    """Why ``not_enough_data`` is set, phrased for the researcher."""
    diagnostics: dict[str, float] = field(default_factory=dict)
    """Numbers behind the choices made (silhouette of the chosen cut, number of units, …)."""

    @property
    def unassigned_indices(self) -> tuple[int, ...]:
        """Answers with no main theme."""
        return tuple(i for i, p in enumerate(self.primary) if p is None)

    def theme_by_id(self, theme_id: str) -> FoundTheme:
        """The theme or sub-theme with this id; KeyError names the ids that exist."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
            for sub in theme.sub_themes:
                if sub.id == theme_id:
                    return sub
        known = [t.id for t in self.themes] + [s.id for t in self.themes for s in t.sub_themes]
        raise KeyError(f"no theme {theme_id!r}; this result has {', '.join(known) or 'none'}")
