"""The seam between the synthesis pipeline and whoever writes its words.

:class:`SynthesisEngine` is what ``synthesize()`` needs from an engine: themes from the
corpus, insight statements for the strongest themes, a verdict per hypothesis, and the notes
and authorship the report's methodology prints. Two implementations:

- :class:`OfflineEngine` (here): the offline functions — theme discovery
  (``offline/engine.py``), templated insights (``insights.py``), the offline hypothesis
  judge (``hypotheses.py``). No network, deterministic for a seed.
- :class:`interviewer.synthesis.llm.engine.LLMEngine`: a model codes, merges, phrases and
  judges; every stage it cannot do falls back to the :class:`OfflineEngine` for that stage and
  says why.

Everything around the engines — loading the corpus, building themes with prevalence and
quotes, cross-tabs, the final verbatim check — is shared (pipeline.py), so both produce the
same :class:`~interviewer.report.model.Report`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from interviewer.report.model import (
    Engine,
    HypothesisVerdict,
    Insight,
    QuoteAudit,
    StageAuthor,
    Theme,
)
from interviewer.synthesis.corpus import Corpus, Passage, Progress
from interviewer.synthesis.evidence import CodedExcerpt, QuoteBook, ThemeDraft
from interviewer.synthesis.hypotheses import judge_offline
from interviewer.synthesis.insights import build_insights
from interviewer.synthesis.offline.embeddings import EmbeddingChoice
from interviewer.synthesis.offline.engine import offline_themes


@dataclass
class FoundThemes:
    """An engine's themes, before prevalence, quotes and cross-tabs are added."""

    drafts: list[ThemeDraft]
    not_enough_data: str | None = None
    """Why there are no themes, when there are none (a fact about the data)."""
    coded: list[CodedExcerpt] = field(default_factory=list)
    """Verified excerpts a model coded; they are candidate evidence for hypotheses too."""
    audit: QuoteAudit = field(default_factory=QuoteAudit)
    """What quote verification did with a model's proposed quotes."""
    embedding: str | None = None
    """The offline engine's text representation, when it found the themes."""


class SynthesisEngine(Protocol):
    """Themes, insights and hypothesis verdicts for one study, plus how they were made."""

    name: Engine
    """``offline`` or ``llm``: the engine the researcher chose (a stage may still fall back)."""

    def themes(
        self, corpus: Corpus, passages: Sequence[Passage], progress: Progress
    ) -> FoundThemes:
        """Themes over the respondents' ``passages`` (the corpus's codable answers)."""
        ...

    def insights(self, themes: Sequence[Theme], corpus: Corpus) -> list[Insight]:
        """One insight per theme in ``themes`` (already the strongest few, in order)."""
        ...

    def hypotheses(
        self,
        corpus: Corpus,
        candidates: Sequence[CodedExcerpt],
        themes: Sequence[Theme],
        book: QuoteBook,
    ) -> list[HypothesisVerdict]:
        """A verdict per hypothesis of the study, citing ``candidates`` through ``book``."""
        ...

    def notes(self) -> list[str]:
        """What a reader should know about how the engine worked, for the methodology."""
        ...

    def stages(self) -> list[StageAuthor]:
        """Which stages a model wrote and which the offline engine wrote (and why)."""
        ...


class OfflineEngine:
    """The offline functions behind :class:`SynthesisEngine`; no network, no model."""

    name: Engine = "offline"

    def __init__(self, *, seed: int = 0, embedding: EmbeddingChoice = "auto") -> None:
        self.seed = seed
        self.embedding = embedding
        self._notes: list[str] = []

    def themes(
        self, corpus: Corpus, passages: Sequence[Passage], progress: Progress
    ) -> FoundThemes:
        progress("finding themes (offline engine)")
        found = offline_themes(
            passages, seed=self.seed, embedding=self.embedding, language=corpus.study.language
        )
        self._notes.append(
            f"Themes by offline theme discovery over {found.substantive:,} substantive sentences "
            f"of {found.sentences:,} respondents said (backchannels and fillers left out); "
            "tone from the VADER lexicon (English only). Insights are drafts by the offline "
            "engine: check them against their quotes."
        )
        return FoundThemes(found.drafts, found.not_enough_data, embedding=found.embedding)

    def insights(self, themes: Sequence[Theme], corpus: Corpus) -> list[Insight]:
        return build_insights(themes, corpus.study, depth_of=depth_of(corpus))

    def hypotheses(
        self,
        corpus: Corpus,
        candidates: Sequence[CodedExcerpt],
        themes: Sequence[Theme],
        book: QuoteBook,
    ) -> list[HypothesisVerdict]:
        return judge_offline(corpus, candidates, book)

    def notes(self) -> list[str]:
        return list(self._notes)

    def stages(self) -> list[StageAuthor]:
        return []


def depth_of(corpus: Corpus) -> dict[str, float]:
    """Session id → depth score, for the insights' confidence rules."""
    return {i.session_id: i.depth for i in corpus.interviews}
