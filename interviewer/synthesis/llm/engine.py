"""The LLM engine: a model codes, merges, phrases and judges — with an offline fallback per stage.

Stages and their fallbacks:

- themes: code every interview in chunks that fit the model's context window (coding.py),
  verify every quote, merge the codes into themes (reduce.py). When the coding replies are
  unusable (every chunk failed, nothing quotable, too few interviews covered) or every merge
  call failed, the themes are the offline engine's;
- insights: the model phrases the statements (insights.py); themes it leaves out keep the
  offline wording;
- hypotheses: the model judges against verified quotes (hypotheses.py); hypotheses it leaves
  out get the offline verdict.

A fallback's note blames the model ("the model's replies to 3 of 3 coding chunks were not
valid JSON"), never the data. Once the model fails outright (unreachable, timing out) it is not
called again in this run: later stages go straight to the offline engine.
"""

from __future__ import annotations

from collections.abc import Sequence

from interviewer.llm.base import ModelError
from interviewer.report.model import Engine, HypothesisVerdict, Insight, StageAuthor, Theme
from interviewer.synthesis.corpus import Corpus, Passage, Progress
from interviewer.synthesis.engine import FoundThemes, OfflineEngine, depth_of
from interviewer.synthesis.evidence import CodedExcerpt, QuoteBook
from interviewer.synthesis.insights import build_insights
from interviewer.synthesis.llm.coding import Coder
from interviewer.synthesis.llm.failures import first_line
from interviewer.synthesis.llm.hypotheses import judge_with_model
from interviewer.synthesis.llm.insights import phrase_with_model
from interviewer.synthesis.llm.reduce import Reducer, collect_codes
from interviewer.synthesis.llm.usage import MeteredModel

NOT_ASKED = "the model was not asked (it failed earlier in this run, see above)"
MIN_CODED_INTERVIEWS = 3
"""Model-coded themes need verified excerpts from at least this many interviews (or all)."""


class LLMEngine:
    """:class:`~interviewer.synthesis.engine.SynthesisEngine` with a model, falling back per
    stage to ``offline``."""

    name: Engine = "llm"

    def __init__(
        self, model: MeteredModel, *, offline: OfflineEngine, chunk_tokens: int | None = None
    ) -> None:
        self.model = model
        self.offline = offline
        self.chunk_tokens = chunk_tokens
        self._notes: list[str] = []
        self._stages: list[StageAuthor] = []
        self._down: str | None = None
        """Why the model is no longer called (it failed outright earlier in this run)."""

    # -- themes ---------------------------------------------------------------------------------

    def themes(
        self, corpus: Corpus, passages: Sequence[Passage], progress: Progress
    ) -> FoundThemes:
        coder = Coder(self.model, corpus.study, chunk_tokens=self.chunk_tokens)
        coded: list[CodedExcerpt] = []
        total = len(corpus.interviews)
        step = max(1, total // 20)
        try:
            with self.model.stage("coding"):
                for done, interview in enumerate(corpus.interviews, start=1):
                    coded.extend(coder.code(interview))
                    if done % step == 0 or done == total:
                        progress(f"coding interviews: {done}/{total} ({coder.chunks} chunks)")
        except ModelError as exc:
            self._down = f"the model failed while coding: {first_line(exc)}"
            return self._offline_themes(corpus, passages, progress, self._down, coded)
        audit = coder.audit.audit()
        self._notes.append(
            f"Context window {coder.window:,} tokens, {self._window_source()}; coded in chunks "
            f"of at most {coder.budget:,} transcript tokens with replies capped at "
            f"{coder.max_tokens:,} tokens ({coder.chunks} chunks); {audit.dropped} of "
            f"{audit.proposed} proposed quotes could not be traced and were dropped."
        )
        if coder.log.failures and coded:
            self._notes.append(f"{coder.log.summary()}; their excerpts are missing.")
        covered = len({e.session_id for e in coded})
        reason: str | None = None
        if not coded and coder.log.failures:
            reason = coder.log.summary()
        elif not coded:
            reason = (
                f"the model's replies to {coder.audit.answered_chunks} coding chunks quoted "
                f"nothing that could be found in the transcripts ({audit.dropped} of "
                f"{audit.proposed} proposed quotes were not verbatim)"
            )
        elif covered < min(MIN_CODED_INTERVIEWS, total):
            reason = f"the model's verified excerpts came from only {covered} of {total} interviews"
        if reason is not None:
            found = self._offline_themes(corpus, passages, progress, reason, coded)
            found.audit = audit
            return found

        codes = collect_codes(coded)
        progress(f"merging {len(codes)} codes into themes")
        reducer = Reducer(self.model, corpus.study, progress=progress)
        try:
            with self.model.stage("themes"):
                result = reducer.reduce(codes)
        except ModelError as exc:
            self._down = f"the model failed while merging codes into themes: {first_line(exc)}"
            found = self._offline_themes(corpus, passages, progress, self._down, coded)
            found.audit = audit
            return found
        if (reducer.log.calls and reducer.log.failures == reducer.log.calls) or not result.drafts:
            why = reducer.log.summary() if reducer.log.failures else "the model made no themes"
            found = self._offline_themes(corpus, passages, progress, why, coded)
            found.audit = audit
            return found
        if result.unassigned:
            left = sum(len(c.excerpts) for c in result.unassigned)
            self._notes.append(f"{len(result.unassigned)} codes ({left} excerpts) fit no theme.")
        self._notes.append(f"Themes merged in {result.rounds} round(s), {result.calls} call(s).")
        detail = f"coded {len(coded)} verified excerpts from {covered} of {total} interviews"
        if reducer.log.failures:
            detail += f"; {reducer.log.summary()} (those codes stand as themes on their own)"
        self._stages.append(StageAuthor(stage="themes", written_by="llm", detail=detail))
        return FoundThemes(result.drafts, None, coded=coded, audit=audit)

    def _offline_themes(
        self,
        corpus: Corpus,
        passages: Sequence[Passage],
        progress: Progress,
        reason: str,
        coded: list[CodedExcerpt],
    ) -> FoundThemes:
        detail = f"{reason}; themes by the offline engine"
        progress(detail)
        self._notes.append(f"{detail[:1].upper()}{detail[1:]}.")
        self._stages.append(StageAuthor(stage="themes", written_by="offline", detail=detail))
        found = self.offline.themes(corpus, passages, progress)
        found.coded = coded
        return found

    # -- insights -------------------------------------------------------------------------------

    def insights(self, themes: Sequence[Theme], corpus: Corpus) -> list[Insight]:
        if not themes:
            return []
        if self._down is not None:
            return self._offline_insights(themes, corpus, NOT_ASKED)
        try:
            with self.model.stage("insights"):
                phrased = phrase_with_model(
                    self.model, corpus.study, themes, len(corpus.interviews)
                )
        except ModelError as exc:
            self._down = f"the model failed while phrasing insights: {first_line(exc)}"
            return self._offline_insights(themes, corpus, self._down)
        written = sum(1 for t in themes if t.id in phrased.phrasings)
        if not written:
            reason = (
                phrased.log.summary()
                if phrased.log.failures
                else "the model's reply phrased none of the themes usably"
                if phrased.log.calls
                else "the themes did not fit the model's context window"
            )
            return self._offline_insights(themes, corpus, reason)
        insights = build_insights(
            themes, corpus.study, depth_of=depth_of(corpus), phrasings=phrased.phrasings
        )
        if written == len(themes):
            self._stages.append(
                StageAuthor(stage="insights", written_by="llm", detail="the model phrased all")
            )
        else:
            detail = (
                f"the model phrased {written} of {len(themes)} insights; the rest use the "
                "offline wording"
            )
            self._stages.append(StageAuthor(stage="insights", written_by="mixed", detail=detail))
        return insights

    def _offline_insights(
        self, themes: Sequence[Theme], corpus: Corpus, reason: str
    ) -> list[Insight]:
        detail = f"{reason}; insights worded by the offline engine"
        self._notes.append(f"{detail[:1].upper()}{detail[1:]}.")
        self._stages.append(StageAuthor(stage="insights", written_by="offline", detail=detail))
        return self.offline.insights(themes, corpus)

    # -- hypotheses -----------------------------------------------------------------------------

    def hypotheses(
        self,
        corpus: Corpus,
        candidates: Sequence[CodedExcerpt],
        themes: Sequence[Theme],
        book: QuoteBook,
    ) -> list[HypothesisVerdict]:
        offline = self.offline.hypotheses(corpus, candidates, themes, book)
        if not corpus.study.hypotheses:
            return offline
        if self._down is not None:
            return self._offline_verdicts(offline, NOT_ASKED)
        try:
            with self.model.stage("hypotheses"):
                judged = judge_with_model(self.model, corpus, candidates, themes, book, offline)
        except ModelError as exc:
            self._down = f"the model failed while judging hypotheses: {first_line(exc)}"
            return self._offline_verdicts(offline, self._down)
        count = len(corpus.study.hypotheses)
        if not judged.by_model:
            reason = (
                judged.log.summary()
                if judged.log.failures
                else "the model's reply judged none of the hypotheses"
            )
            return self._offline_verdicts(offline, reason)
        if judged.by_model == count:
            stage = StageAuthor(stage="hypotheses", written_by="llm", detail="the model judged all")
        else:
            stage = StageAuthor(
                stage="hypotheses",
                written_by="mixed",
                detail=f"the model judged {judged.by_model} of {count} hypotheses; the rest "
                "have the offline engine's verdict",
            )
        self._stages.append(stage)
        return judged.verdicts

    def _offline_verdicts(
        self, offline: list[HypothesisVerdict], reason: str
    ) -> list[HypothesisVerdict]:
        detail = f"{reason}; verdicts by the offline engine"
        self._notes.append(f"{detail[:1].upper()}{detail[1:]}.")
        self._stages.append(StageAuthor(stage="hypotheses", written_by="offline", detail=detail))
        return offline

    # -- methodology ----------------------------------------------------------------------------

    def notes(self) -> list[str]:
        return self._notes + self.offline.notes()

    def stages(self) -> list[StageAuthor]:
        return list(self._stages)

    def _window_source(self) -> str:
        source = self.model.context_source
        return f"from {source}" if source else "as the model reports it"
