"""The model's hypothesis verdicts: one call judging every hypothesis against verified quotes.

The model sees only quotes that are already verified (ids from the :class:`QuoteBook`), so any
evidence it cites is verbatim by construction. Its verdict must meet the shared rule
(:func:`interviewer.synthesis.hypotheses.decide`) with the evidence it cites, or it is
downgraded and the rationale says so. Hypotheses the reply leaves out, and all of them when
the reply is unusable, get the offline engine's verdict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel

from interviewer import prompts
from interviewer.llm.base import ChatModel, Message, ModelOutputError
from interviewer.llm.tokens import count_messages
from interviewer.report.model import HypothesisVerdict, Theme, Verdict
from interviewer.study import YesNo
from interviewer.synthesis.corpus import Corpus
from interviewer.synthesis.evidence import CodedExcerpt, QuoteBook, select_quotes
from interviewer.synthesis.hypotheses import Relevance, Structured, decide, structured_for
from interviewer.synthesis.llm.chunking import prompt_room, reply_tokens
from interviewer.synthesis.llm.failures import CallLog

PROMPT_QUOTES_PER_HYPOTHESIS = 15
MAX_PROMPT_QUOTES = 60
QUOTES_SHOWN = 4
REPLY_SHARE = 0.3
TOKENS_PER_VERDICT = 250
VERDICTS: tuple[Verdict, ...] = ("supported", "contradicted", "mixed", "not enough evidence")


class VerdictItem(BaseModel):
    hypothesis_id: str
    verdict: str = "not enough evidence"
    rationale: str = ""
    supporting: list[str] = []
    contradicting: list[str] = []


class VerdictReply(BaseModel):
    """The model's reply to the hypotheses prompt."""

    verdicts: list[VerdictItem]


@dataclass
class Judged:
    verdicts: list[HypothesisVerdict]
    by_model: int = 0
    """Verdicts the model gave (the rest are the offline engine's)."""
    log: CallLog = field(default_factory=lambda: CallLog("hypothesis calls"))


def judge_with_model(
    model: ChatModel,
    corpus: Corpus,
    candidates: Sequence[CodedExcerpt],
    themes: Sequence[Theme],
    book: QuoteBook,
    offline: Sequence[HypothesisVerdict],
) -> Judged:
    """Verdicts from one model call; ``offline`` (the offline engine's verdicts, same order
    as the study's hypotheses) fills in whatever the model leaves out."""
    hypotheses = corpus.study.hypotheses
    if not hypotheses:
        return Judged([])
    yes_no = [q.text for q in corpus.study.questions if isinstance(q, YesNo)]
    relevance = Relevance(hypotheses, [c.text for c in candidates], yes_no)
    ranked: dict[str, CodedExcerpt] = {}
    for h in range(len(hypotheses)):
        order = np.argsort(-relevance.to_texts(h), kind="stable")[:PROMPT_QUOTES_PER_HYPOTHESIS]
        for index in order:
            excerpt = candidates[int(index)]
            ranked.setdefault(book.quote(excerpt).id, excerpt)
    structured = {h.id: structured_for(corpus, relevance, i) for i, h in enumerate(hypotheses)}
    window = model.context_window
    max_tokens = min(reply_tokens(window, REPLY_SHARE), TOKENS_PER_VERDICT * len(hypotheses) + 64)
    pool = dict(list(ranked.items())[:MAX_PROMPT_QUOTES])
    messages = _messages(corpus, themes, structured, pool, book)
    # Fewer quotes until prompt and reply fit the window (a small local model's 4k).
    while pool and count_messages(messages) > prompt_room(window, max_tokens):
        pool = dict(list(pool.items())[: len(pool) * 3 // 4])
        messages = _messages(corpus, themes, structured, pool, book)
    result = Judged(list(offline))
    reply = None
    problem: ModelOutputError | None = None
    for _attempt in range(2):
        try:
            reply = model.complete_json(messages, VerdictReply, max_tokens=max_tokens)
            break
        except ModelOutputError as exc:
            problem = exc
    if reply is None:
        assert problem is not None
        result.log.failed(problem)
        return result
    result.log.succeeded()
    answered = {item.hypothesis_id.strip(): item for item in reply.verdicts}
    for index, hypothesis in enumerate(hypotheses):
        item = answered.get(hypothesis.id)
        if item is None:
            continue
        support = [pool[q.strip()] for q in dict.fromkeys(item.supporting) if q.strip() in pool]
        against = [pool[q.strip()] for q in dict.fromkeys(item.contradicting) if q.strip() in pool]
        said = _verdict_name(item.verdict)
        lines = structured[hypothesis.id]
        rule = decide(_respondents(support), _respondents(against), lines)
        rationale = " ".join(item.rationale.split()) or "No rationale given."
        if said in ("supported", "contradicted") and rule != said:
            rationale += (
                f" (The model said {said}; the cited evidence does not meet the rule for it, "
                f"so the verdict is {rule}.)"
            )
            said = rule
        result.verdicts[index] = HypothesisVerdict(
            hypothesis_id=hypothesis.id,
            text=hypothesis.text,
            verdict=said,
            rationale=rationale,
            supporting=[book.quote(e) for e in select_quotes(support, QUOTES_SHOWN)],
            contradicting=[book.quote(e) for e in select_quotes(against, QUOTES_SHOWN)],
            structured_evidence=[s.line for s in lines],
        )
        result.by_model += 1
    return result


def _messages(
    corpus: Corpus,
    themes: Sequence[Theme],
    structured: dict[str, list[Structured]],
    pool: dict[str, CodedExcerpt],
    book: QuoteBook,
) -> list[Message]:
    prompt = prompts.render(
        "synthesis_hypotheses",
        title=corpus.study.title,
        decision=corpus.study.decision,
        total=len(corpus.interviews),
        hypotheses=corpus.study.hypotheses,
        structured=[s.line for lines in structured.values() for s in lines],
        themes=themes,
        quotes=[book.quote(e) for e in pool.values()],
    )
    return [Message("user", prompt)]


def _respondents(excerpts: Sequence[CodedExcerpt]) -> int:
    return len({e.session_id for e in excerpts})


def _verdict_name(text: str) -> Verdict:
    lowered = text.strip().lower()
    for verdict in VERDICTS:
        if lowered.startswith(verdict.split()[0]):
            return verdict
    return "not enough evidence"
