"""From a study in the store to a :class:`Report`: the whole synthesis, either engine.

    report = synthesize(store, "invoice-approvals")                  # offline, no network
    report = synthesize(store, "invoice-approvals", model=chat_model)  # LLM engine

1. load the usable interviews (corpus.py), redacting first when asked;
2. themes — offline: theme discovery over the respondents' passages (offline_engine.py);
   LLM: code every interview in token-budgeted chunks (coding.py), verify every quote
   (quotes.py), merge the codes into themes recursively (reduce.py);
3. insights for the strongest themes (insights.py) with rule-based confidence;
4. a verdict per hypothesis (hypotheses.py);
5. closed-answer aggregates and theme cross-tabs (structured.py).

Both engines produce the same :class:`Report`; before it is returned, every quote in it is
checked once more against the turn it cites (:func:`verbatim_problems`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from interviewer.llm.base import ChatModel
from interviewer.report.model import (
    Methodology,
    QuoteAudit,
    Report,
    StudyInfo,
    TokenUsage,
    Transcript,
    TranscriptTurn,
)
from interviewer.store import Store, TurnRecord
from interviewer.synthesis.corpus import DEFAULT_MIN_DEPTH, Corpus, Progress, load_corpus
from interviewer.synthesis.evidence import (
    CodedExcerpt,
    QuoteBook,
    ThemeDraft,
    build_theme,
    order_drafts,
    select_quotes,
)
from interviewer.synthesis.hypotheses import judge_offline, judge_with_model, sentence_excerpts
from interviewer.synthesis.insights import (
    MAX_INSIGHTS,
    build_insights,
    phrase_with_model,
    strongest,
)
from interviewer.synthesis.llm.coding import Coder
from interviewer.synthesis.llm.reduce import Reducer, collect_codes
from interviewer.synthesis.llm.usage import MeteredModel
from interviewer.synthesis.offline.embeddings import EmbeddingChoice
from interviewer.synthesis.offline.engine import offline_themes
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


class QuoteIntegrityError(AssertionError):
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
    machine. Raises ``KeyError`` for an unknown study and ``ModelError`` when the model
    cannot be reached at all (a malformed reply only costs its chunk, and is counted)."""
    options = options or SynthesisOptions()
    say = progress or (lambda _line: None)
    redactor = redactor_for(redact=options.redact, names=options.redact_names)
    corpus = load_corpus(
        store,
        study_id,
        min_depth=options.min_depth,
        include_partial=options.include_partial,
        redactor=redactor,
        progress=say,
    )
    passages = corpus.passages()
    say(f"{len(corpus.interviews)} interviews, {len(passages)} passages to analyse")
    book = QuoteBook()
    metered = MeteredModel(model) if model is not None else None
    notes: list[str] = []
    embedding: str | None = None
    coded: list[CodedExcerpt] = []
    audit = QuoteAudit()
    drafts: list[ThemeDraft] = []
    not_enough: str | None
    if len(corpus.interviews) < MIN_INTERVIEWS:
        # Prevalence across respondents means nothing with one or two of them; their answers
        # are listed verbatim instead.
        count = len(corpus.interviews)
        not_enough = (
            f"only {count} usable interview{'s' if count != 1 else ''}; "
            f"themes need at least {MIN_INTERVIEWS}"
        )
    elif metered is None:
        say("finding themes (offline engine)")
        found = offline_themes(passages, seed=options.seed, embedding=options.embedding)
        drafts, embedding, not_enough = found.drafts, found.embedding, found.not_enough_data
        notes.append("Themes by offline theme discovery; tone from a word lexicon.")
    else:
        drafts, coded, audit, not_enough = _llm_themes(metered, corpus, options, say, notes)

    ordered = order_drafts(drafts)
    total = len(corpus.interviews)
    ids = [f"T{i}" for i in range(1, len(ordered) + 1)]
    tables = crosstabs(
        corpus, [(i, d.name, d.sessions()) for i, d in zip(ids, ordered, strict=True)]
    )
    themes = [
        build_theme(d, i, total=total, book=book, tables=tables)
        for i, d in zip(ids, ordered, strict=True)
    ]
    if not themes and not_enough is None:
        not_enough = "no themes were found in the answers"

    say("writing insights and hypothesis verdicts")
    chosen = strongest(themes, options.max_insights)
    depth_of = {i.session_id: i.depth for i in corpus.interviews}
    candidates = _unique(coded + sentence_excerpts(passages))
    if metered is None:
        insights = build_insights(chosen, corpus.study, depth_of=depth_of)
        verdicts = judge_offline(corpus, candidates, book)
    else:
        with metered.stage("insights"):
            phrasings = phrase_with_model(metered, corpus.study, chosen, total)
        insights = build_insights(chosen, corpus.study, depth_of=depth_of, phrasings=phrasings)
        with metered.stage("hypotheses"):
            verdicts = judge_with_model(metered, corpus, candidates, themes, book)

    verbatims = []
    if not themes:
        pool = [
            CodedExcerpt(p.interview, _whole(p.turn), p.question_id, "neutral") for p in passages
        ]
        verbatims = [book.quote(e) for e in select_quotes(pool, MAX_VERBATIMS)]
    structured = aggregate(corpus)
    usage = metered.usage() if metered is not None else TokenUsage()
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
        structured=structured,
        crosstabs=tables,
        sessions=list(corpus.rows),
        transcripts=[],
        methodology=Methodology(
            engine="offline" if metered is None else "llm",
            model=None if metered is None else metered.name,
            generated_at=now or datetime.now(UTC),
            sessions_total=len(corpus.rows),
            sessions_included=total,
            excluded=corpus.exclusions,
            min_depth=corpus.min_depth,
            include_partial=corpus.include_partial,
            redaction=list(corpus.redaction),
            usage=usage,
            quotes=audit,
            embedding=embedding,
            notes=notes,
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


def _llm_themes(
    model: MeteredModel,
    corpus: Corpus,
    options: SynthesisOptions,
    say: Progress,
    notes: list[str],
) -> tuple[list[ThemeDraft], list[CodedExcerpt], QuoteAudit, str | None]:
    coder = Coder(model, corpus.study, chunk_tokens=options.chunk_tokens)
    coded: list[CodedExcerpt] = []
    step = max(1, len(corpus.interviews) // 20)
    with model.stage("coding"):
        for done, interview in enumerate(corpus.interviews, start=1):
            coded.extend(coder.code(interview))
            if done % step == 0 or done == len(corpus.interviews):
                say(f"coding interviews: {done}/{len(corpus.interviews)} ({coder.chunks} chunks)")
    audit = coder.audit.audit()
    notes.append(
        f"Coded in chunks of at most {coder.budget:,} transcript tokens ({coder.chunks} chunks); "
        f"{audit.dropped} of {audit.proposed} proposed quotes could not be traced and were dropped."
    )
    if coder.audit.failed_chunks:
        notes.append(f"{coder.audit.failed_chunks} chunks got no valid reply and are missing.")
    if not coded:
        return [], coded, audit, "the model found no verifiable excerpts to code"
    codes = collect_codes(coded)
    say(f"merging {len(codes)} codes into themes")
    reducer = Reducer(model, corpus.study, progress=say)
    with model.stage("themes"):
        result = reducer.reduce(codes)
    if result.unassigned:
        left = sum(len(c.excerpts) for c in result.unassigned)
        notes.append(f"{len(result.unassigned)} codes ({left} excerpts) fit no theme.")
    notes.append(f"Themes merged in {result.rounds} round(s), {result.calls} call(s).")
    return result.drafts, coded, audit, None


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
