"""The offline engine's themes: theme discovery over the substantive sentences respondents said.

1. every respondent turn is cut into sentences (sentences.py); backchannels, fillers and false
   starts ("Yeah.", "Um, so, right.", "{vocalsound}") are left out of discovery — never out of
   the stored transcript;
2. ``discover_themes`` (theme_discovery.py) groups the substantive sentences;
3. each theme's evidence is *whole sentences* of the turn they come from, so a quote is never
   cut mid-sentence and is verbatim by construction;
4. themes are named from their own key phrases (labels.py), and each sentence's tone comes
   from VADER (sentiment.py).

A respondent "raises" a theme only when they said something substantive about it — at least
:data:`RAISED_SENTENCES` of their sentences are in it — not when one stray clause landed in the
cluster; that is what makes prevalence differ between themes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer.report.model import Sentiment
from interviewer.synthesis.corpus import Passage
from interviewer.synthesis.evidence import CodedExcerpt, ThemeDraft, ToneProfile, theme_kind
from interviewer.synthesis.offline.embeddings import Embedder, EmbeddingChoice
from interviewer.synthesis.offline.labels import Labeller
from interviewer.synthesis.offline.lexicon import reads_cleanly, transcribed_cleanly
from interviewer.synthesis.offline.sentences import Sentence, split_sentences
from interviewer.synthesis.offline.sentiment import sentiment_of
from interviewer.synthesis.offline.theme_discovery import CONTEXT_WEIGHT, discover_themes
from interviewer.synthesis.offline.themes import FoundTheme
from interviewer.synthesis.quotes import Located

RAISED_SENTENCES = 2
"""Sentences a respondent must have in a theme to count as raising it (one suffices when the
respondent's whole contribution to it is one long answer, see :data:`RAISED_WORDS`)."""
RAISED_WORDS = 12
CONVERSATION_SENTENCES = 10
"""The rule applies to respondents who said at least this many substantive sentences in all:
in a survey or a short answer one sentence is all a respondent says about anything."""
QUOTE_CHARS = (50, 280)
"""Quotes in this length range are preferred: they stand alone and still read at a glance."""

"""A single sentence this long (in content-bearing words) counts as raising the theme."""


@dataclass(frozen=True)
class OfflineThemes:
    drafts: list[ThemeDraft]
    embedding: str
    """Which text representation theme discovery used."""
    not_enough_data: str | None
    """Why there are no themes, when there are none."""
    sentences: int = 0
    """Sentences respondents said, all of them."""
    substantive: int = 0
    """…of which substantive enough for theme discovery."""


def offline_themes(
    passages: Sequence[Passage],
    *,
    seed: int = 0,
    embedding: EmbeddingChoice | Embedder = "auto",
    language: str | None = None,
    context_weight: float = CONTEXT_WEIGHT,
) -> OfflineThemes:
    """Themes (with sub-themes) over ``passages``; deterministic for a given ``seed``."""
    if language is None and passages:
        language = passages[0].interview.study.language
    sentences = split_sentences([p.text for p in passages], language)
    usable = [s for s in sentences if s.substantive]
    spoken = Counter(passages[s.answer_index].interview.session_id for s in usable)
    stop = "english" if (language or "en").startswith("en") else None
    tree = discover_themes(
        [s.text for s in usable],
        seed=seed,
        embedding=embedding,
        stop_words=stop,
        context=[passages[s.answer_index].asked for s in usable],
        context_weight=context_weight,
    )
    if tree.not_enough_data or not tree.themes:
        return OfflineThemes(
            [], tree.embedding, tree.reason or "no themes were found", len(sentences), len(usable)
        )

    tone: dict[int, Sentiment] = {}

    def evidence(theme: FoundTheme) -> list[CodedExcerpt]:
        """The theme's whole sentences, the best quotes first, each sentence once."""
        order = list(dict.fromkeys(e.answer_index for e in theme.excerpts))
        key_phrases = set(labeller.ranked(order, 6))
        order = _quotable_first(order, usable, labeller, key_phrases, language)
        made: list[CodedExcerpt] = []
        for index in order:
            sentence = usable[index]
            passage = passages[sentence.answer_index]
            if index not in tone:
                tone[index] = sentiment_of(sentence.text, language)
            made.append(
                CodedExcerpt(
                    interview=passage.interview,
                    located=Located(passage.turn, ((sentence.start, sentence.end),), "exact"),
                    question_id=passage.question_id,
                    sentiment=tone[index],
                )
            )
        return _raised_only(made, usable, theme, passages, spoken)

    labeller = Labeller(
        [s.text for s in usable],
        language,
        speakers=[passages[s.answer_index].interview.session_id for s in usable],
        asked=[passages[s.answer_index].asked for s in usable],
    )

    def drafts(themes: Sequence[FoundTheme], parent: str | None) -> list[ThemeDraft]:
        # No two siblings, nor a sub-theme and its parent, share a label.
        taken: set[str] = {parent} if parent else set()
        members = [sorted({e.answer_index for e in t.excerpts}) for t in themes]
        names = labeller.labels(members, taken=taken)
        made: list[ThemeDraft] = []
        for theme, name in zip(themes, names, strict=True):
            excerpts = evidence(theme)
            if not excerpts:
                continue
            made.append(
                ThemeDraft(
                    name=name,
                    definition=labeller.definition(
                        sorted({e.answer_index for e in theme.excerpts})
                    ),
                    excerpts=excerpts,
                    sub_themes=drafts(theme.sub_themes, name),
                )
            )
        return made

    made = drafts(tree.themes, None)
    baseline = ToneProfile.of(list({e.key: e for d in made for e in d.excerpts}.values()))
    _set_kinds(made, baseline)
    return OfflineThemes(made, tree.embedding, None, len(sentences), len(usable))


def _set_kinds(drafts: Sequence[ThemeDraft], baseline: ToneProfile) -> None:
    """Each theme's kind relative to the study's own tone (see ``theme_kind``)."""
    for draft in drafts:
        draft.kind = theme_kind(draft.excerpts, baseline)
        _set_kinds(draft.sub_themes, baseline)


def _quotable_first(
    order: list[int],
    usable: Sequence[Sentence],
    labeller: Labeller,
    key_phrases: set[str],
    language: str | None,
) -> list[int]:
    """Sentences in the order a reader should see them as quotes.

    A good quote is about what the theme is named for (it uses one of the theme's key
    phrases), is a statement rather than a question back to the interviewer, reads cleanly
    (few "um", "like", "you know"), and is long enough to stand alone but short enough to read.
    Within each grade the discovery order (most typical first) is kept.
    """

    def grade(position: int) -> tuple[int, int, int, int, int]:
        sentence = usable[order[position]]
        on_topic = bool(labeller.phrases_of(order[position]) & key_phrases)
        fits = QUOTE_CHARS[0] <= len(sentence.text) <= QUOTE_CHARS[1]
        return (
            0 if transcribed_cleanly(sentence.text) else 1,  # "XXXX", "(unintelligible)" last
            0 if on_topic else 1,
            0 if fits and not sentence.text.rstrip().endswith("?") else 1,
            0 if reads_cleanly(sentence.text, language) else 1,
            position,
        )

    return [order[p] for p in sorted(range(len(order)), key=grade)]


def _raised_only(
    excerpts: list[CodedExcerpt],
    usable: Sequence[Sentence],
    theme: FoundTheme,
    passages: Sequence[Passage],
    spoken: Counter[str],
) -> list[CodedExcerpt]:
    """The excerpts of respondents who said something substantive about the theme.

    A respondent with a single short sentence in the theme — one clause that landed in the
    cluster — does not count as raising it, so their excerpt is not the theme's evidence.
    """
    per_session: Counter[str] = Counter(e.session_id for e in excerpts)
    longest: dict[str, int] = {}
    for found in theme.excerpts:
        sentence = usable[found.answer_index]
        session = passages[sentence.answer_index].interview.session_id
        longest[session] = max(longest.get(session, 0), len(sentence.content))
    return [
        e
        for e in excerpts
        if per_session[e.session_id] >= RAISED_SENTENCES
        or longest.get(e.session_id, 0) >= RAISED_WORDS
        or spoken[e.session_id] < CONVERSATION_SENTENCES
    ]
