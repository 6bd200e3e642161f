"""From a study in the store to a :class:`Report`: the whole synthesis, either engine.

    report = synthesize(store, "invoice-approvals")                  # offline, no network
    report = synthesize(store, "invoice-approvals", model=chat_model)  # LLM engine

1. load the usable interviews (corpus.py), redacting first when asked;
2. ``engine.themes`` — offline: theme discovery over the respondents' passages; LLM: code
   every interview in chunks that fit the model's context window, verify every quote, merge
   the codes into themes (synthesis/llm/);
3. build the themes: prevalence, tone, quotes, cross-tabs (evidence.py, structured.py);
4. ``engine.insights`` for the strongest themes, with rule-based confidence;
5. ``engine.hypotheses``: a verdict per hypothesis;
6. closed-answer aggregates, and the report with the engine's notes and authorship.

The engines (engine.py) share everything else, so both produce the same :class:`Report`; the
LLM engine falls back to the offline one stage by stage when the model fails, and says so.
Before the report is returned, every quote in it is checked once more against the turn it
cites (:func:`verbatim_problems`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from interviewer.errors import InterviewerError
from interviewer.llm.base import ChatModel
from interviewer.report.model import (
    Methodology,
    Report,
    StudyInfo,
    TokenUsage,
    Transcript,
    TranscriptTurn,
)
from interviewer.store import Store, TurnRecord
from interviewer.synthesis.corpus import DEFAULT_MIN_DEPTH, Corpus, Progress, load_corpus
from interviewer.synthesis.engine import FoundThemes, OfflineEngine, SynthesisEngine
from interviewer.synthesis.evidence import (
    CodedExcerpt,
    QuoteBook,
    build_theme,
    order_drafts,
    select_quotes,
)
from interviewer.synthesis.hypotheses import sentence_excerpts
from interviewer.synthesis.insights import MAX_INSIGHTS, strongest
from interviewer.synthesis.llm.engine import LLMEngine
from interviewer.synthesis.llm.usage import MeteredModel
from interviewer.synthesis.offline.embeddings import EmbeddingChoice
from interviewer.synthesis.quotes import Located
from interviewer.synthesis.redaction import redactor_for
from interviewer.synthesis.structured import aggregate, crosstabs
from interviewer.synthesis.summary import executive_summary

MIN_INTERVIEWS = 3
"""Fewer usable interviews than this get no themes (and no model calls for them)."""
MAX_VERBATIMS = 200
"""Answers listed verbatim when no themes could be found."""


@dataclass(frozen=True)
class SynthesisOptions:
    """What to include and how; every field has the CLI's default."""

    min_depth: int = DEFAULT_MIN_DEPTH
    """Leave out sessions whose depth (1–5) is below this."""
    include_partial: bool = False
    """Also use stopped and abandoned sessions."""
    include_untrusted: bool = False
    """Also use sessions the trust guard (or a researcher) marked ``exclude``."""
    redact: bool = False
    """Redact emails, phone numbers and URLs with tokens before any model or report sees text."""
    redact_names: tuple[str, ...] = ()
    """Names to redact as well (listing any switches redaction on)."""
    seed: int = 0
    """Seed of the offline engine's clustering: same data and seed, same themes."""
    embedding: EmbeddingChoice = "auto"
    """Text representation of the offline engine (``auto``: local sentence model if installed)."""
    max_insights: int = MAX_INSIGHTS
    chunk_tokens: int | None = None
    """Cap on transcript tokens per coding call (default: from the model's context window)."""
    transcript_limit: int = 200
    """Up to this many included sessions, every transcript goes in the report; beyond it only
    the transcripts that quotes cite."""


class QuoteIntegrityError(InterviewerError, AssertionError):
    """A quote in a finished report is not its turn's text: a bug, never a user error."""


def synthesize(
    store: Store,
    study_id: str,
    *,
    model: ChatModel | None = None,
    options: SynthesisOptions | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> Report:
    """Synthesize one study. ``model`` selects the LLM engine; without it nothing leaves the
    machine. Raises ``KeyError`` for an unknown study and ``ValueError`` when the model's
    context window cannot hold a useful chunk. A model that fails (unreachable, malformed
    replies) costs only the stages it failed: they fall back to the offline engine."""
    options = options or SynthesisOptions()
    say = progress or (lambda _line: None)
    redactor = redactor_for(redact=options.redact, names=options.redact_names)
    corpus = load_corpus(
        store,
        study_id,
        min_depth=options.min_depth,
        include_partial=options.include_partial,
        include_untrusted=options.include_untrusted,
        redactor=redactor,
        progress=say,
    )
    passages = corpus.passages()
    say(f"{len(corpus.interviews)} interviews, {len(passages)} passages to analyse")
    offline = OfflineEngine(seed=options.seed, embedding=options.embedding)
    metered = MeteredModel(model) if model is not None else None
    engine: SynthesisEngine = (
        offline
        if metered is None
        else LLMEngine(metered, offline=offline, chunk_tokens=options.chunk_tokens)
    )

    if len(corpus.interviews) < MIN_INTERVIEWS:
        # Prevalence across respondents means nothing with one or two of them; their answers
        # are listed verbatim instead, and no model is asked.
        count = len(corpus.interviews)
        found = FoundThemes(
            [],
            f"only {count} usable interview{'s' if count != 1 else ''}; "
            f"themes need at least {MIN_INTERVIEWS}",
        )
    else:
        found = engine.themes(corpus, passages, say)

    book = QuoteBook()
    ordered = order_drafts(found.drafts)
    ids = [f"T{i}" for i in range(1, len(ordered) + 1)]
    tables = crosstabs(
        corpus, [(i, d.name, d.sessions()) for i, d in zip(ids, ordered, strict=True)]
    )
    total = len(corpus.interviews)
    themes = [
        build_theme(d, i, total=total, book=book, tables=tables)
        for i, d in zip(ids, ordered, strict=True)
    ]
    not_enough = found.not_enough_data
    if not themes and not_enough is None:
        not_enough = "no themes were found in the answers"

    say("writing insights and hypothesis verdicts")
    insights = engine.insights(strongest(themes, options.max_insights), corpus)
    candidates = _unique(found.coded + sentence_excerpts(passages))
    verdicts = engine.hypotheses(corpus, candidates, themes, book)

    verbatims = []
    if not themes:
        pool = [
            CodedExcerpt(p.interview, _whole(p.turn), p.question_id, "neutral") for p in passages
        ]
        verbatims = [book.quote(e) for e in select_quotes(pool, MAX_VERBATIMS)]
    report = Report(
        study=StudyInfo(
            id=corpus.study.id,
            title=corpus.study.title,
            decision=corpus.study.decision,
            language=corpus.study.language,
            questions=corpus.question_texts(),
        ),
        summary=[],
        not_enough_data=not_enough,
        verbatims=verbatims,
        insights=insights,
        hypotheses=verdicts,
        themes=themes,
        structured=aggregate(corpus),
        crosstabs=tables,
        sessions=list(corpus.rows),
        transcripts=[],
        methodology=Methodology(
            engine=engine.name,
            model=None if metered is None else metered.name,
            generated_at=now or datetime.now(UTC),
            sessions_total=len(corpus.rows),
            sessions_included=total,
            excluded=corpus.exclusions,
            min_depth=corpus.min_depth,
            include_partial=corpus.include_partial,
            redaction=list(corpus.redaction),
            usage=metered.usage() if metered is not None else TokenUsage(),
            quotes=found.audit,
            embedding=found.embedding,
            notes=engine.notes(),
            stages=engine.stages(),
            context_window=None if metered is None else metered.context_window,
        ),
    )
    report = report.model_copy(
        update={
            "summary": executive_summary(report),
            "transcripts": _transcripts(corpus, report, options.transcript_limit),
        }
    )
    problems = verbatim_problems(report, {t.id: t for i in corpus.interviews for t in i.turns})
    if problems:
        raise QuoteIntegrityError("; ".join(problems[:5]))
    return report


def verbatim_problems(report: Report, turns: dict[int, TurnRecord]) -> list[str]:
    """Quotes whose text is not exactly their fragments of the cited turn (should be none)."""
    problems = []
    for quote in report.all_quotes():
        turn = turns.get(quote.turn_id)
        if turn is None or turn.session_id != quote.session_id:
            problems.append(f"{quote.id} cites turn {quote.turn_id}, not in {quote.session_id}")
            continue
        for fragment in quote.fragments:
            if turn.text[fragment.start : fragment.end] != fragment.text:
                problems.append(f"{quote.id} fragment is not turn {turn.id}'s text")
        if quote.text != " … ".join(f.text for f in quote.fragments):
            problems.append(f"{quote.id} text differs from its fragments")
    return problems


def _transcripts(corpus: Corpus, report: Report, limit: int) -> list[Transcript]:
    cited = {q.session_id for q in report.all_quotes()}
    everything = len(corpus.interviews) <= limit
    return [
        Transcript(
            session_id=i.session_id,
            respondent=i.respondent,
            turns=[
                TranscriptTurn(
                    id=t.id, seq=t.seq, role=t.role, question_id=t.question_id, text=t.text
                )
                for t in i.turns
            ],
        )
        for i in corpus.interviews
        if everything or i.session_id in cited
    ]


def _unique(excerpts: Sequence[CodedExcerpt]) -> list[CodedExcerpt]:
    return list({e.key: e for e in reversed(excerpts)}.values())[::-1]


def _whole(turn: TurnRecord) -> Located:
    """A whole turn as one verbatim span (outer whitespace left out)."""
    start = len(turn.text) - len(turn.text.lstrip())
    end = len(turn.text.rstrip())
    return Located(turn, ((start, end),), "exact")
