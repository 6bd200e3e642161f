"""The offline engine's themes: theme discovery over the study's passages, no network.

Each codable respondent turn is one "answer" for ``discover_themes`` (theme_discovery.py),
which returns themes whose excerpts are character spans of those answers — so every quote is
verbatim by construction, and points at its turn. Tone comes from the offline lexicon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.synthesis.corpus import Passage
from interviewer.synthesis.evidence import CodedExcerpt, ThemeDraft
from interviewer.synthesis.offline.embeddings import Embedder, EmbeddingChoice
from interviewer.synthesis.offline.keywords import theme_label
from interviewer.synthesis.offline.sentiment import sentiment_of
from interviewer.synthesis.offline.theme_discovery import discover_themes
from interviewer.synthesis.offline.themes import Excerpt, FoundTheme
from interviewer.synthesis.quotes import Located


@dataclass(frozen=True)
class OfflineThemes:
    drafts: list[ThemeDraft]
    embedding: str
    """Which text representation theme discovery used."""
    not_enough_data: str | None
    """Why there are no themes, when there are none."""


def offline_themes(
    passages: Sequence[Passage],
    *,
    seed: int = 0,
    embedding: EmbeddingChoice | Embedder = "auto",
) -> OfflineThemes:
    """Themes (with sub-themes) over ``passages``; deterministic for a given ``seed``."""
    tree = discover_themes([p.text for p in passages], seed=seed, embedding=embedding)
    if tree.not_enough_data or not tree.themes:
        return OfflineThemes([], tree.embedding, tree.reason or "no themes were found")

    def excerpt(found: Excerpt) -> CodedExcerpt:
        passage = passages[found.answer_index]
        span = _whole_tokens(passage.text, found.start, found.end)
        located = Located(passage.turn, (span,), "exact")
        return CodedExcerpt(
            interview=passage.interview,
            located=located,
            question_id=passage.question_id,
            sentiment=sentiment_of(located.text),
        )

    def drafts(themes: Sequence[FoundTheme], parent: str | None) -> list[ThemeDraft]:
        # Readable labels ("Plant manager · messaged"), not discovery's keyword lists; no two
        # siblings, nor a sub-theme and its parent, share one.
        taken: set[str] = {parent} if parent else set()
        made: list[ThemeDraft] = []
        for theme in themes:
            name = theme_label(theme.keywords, taken) or theme.name
            taken.add(name)
            made.append(
                ThemeDraft(
                    name=name,
                    definition=theme.definition,
                    excerpts=[excerpt(e) for e in _typical_first(theme)],
                    sub_themes=drafts(theme.sub_themes, name),
                )
            )
        return made

    return OfflineThemes(drafts(tree.themes, None), tree.embedding, None)


def _typical_first(theme: FoundTheme) -> list[Excerpt]:
    """The theme's excerpts with its representative quotes leading."""
    representative = list(theme.representative_quotes)
    chosen = set(representative)
    return representative + [e for e in theme.excerpts if e not in chosen]


def _whole_tokens(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a clause span to whole whitespace-separated tokens.

    Clauses are cut at commas, which also occur inside numbers ("$14,000"); a quote must not
    start with "000". A comma or colon left at the end is dropped again.
    """
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    while end > start and text[end - 1] in ",;:":
        end -= 1
    return start, end
