"""A verdict for each hypothesis of the study: supported, contradicted, mixed or not enough
evidence — with the quotes and closed answers behind it.

Rules shared by both engines (docs/reports.md): a side counts when quotes from at least
:data:`MIN_RESPONDENTS` different respondents back it; a yes/no question whose wording matches
the hypothesis adds one vote (≥ 60% yes supports, ≤ 40% contradicts, from 3+ answers).
Supported: support counts and outweighs contradiction at least 3 to 1; contradicted: the
reverse; both sides present otherwise: mixed; neither: not enough evidence.

The LLM engine asks the model to judge, citing quote ids from a list of *verified* quotes, so
its evidence is verbatim by construction; a verdict cited with quotes from fewer than two
respondents is downgraded. The offline engine finds sentences that share the hypothesis's
distinctive words (TF-IDF) and reads a negation right before one of those words as
contradiction — a heuristic, and its rationale says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from interviewer import prompts
from interviewer.llm.base import ChatModel, Message, ModelOutputError
from interviewer.report.model import HypothesisVerdict, Theme, Verdict
from interviewer.study import Hypothesis, YesNo
from interviewer.synthesis.corpus import Corpus, Passage
from interviewer.synthesis.evidence import CodedExcerpt, QuoteBook, select_quotes
from interviewer.synthesis.offline.sentiment import NEGATIONS, sentiment_of
from interviewer.synthesis.quotes import Located
from interviewer.synthesis.structured import yes_share

MIN_RESPONDENTS = 2
RELEVANCE = 0.2
"""TF-IDF cosine from which a sentence or question counts as about the hypothesis."""
QUOTES_SHOWN = 4
PROMPT_QUOTES_PER_HYPOTHESIS = 15
MAX_PROMPT_QUOTES = 60
YES_SUPPORTS, YES_CONTRADICTS, MIN_YES_NO = 0.6, 0.4, 3
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_WORD = re.compile(r"[a-z][a-z']+")
_NEGATION_REACH = 2
VERDICTS: tuple[Verdict, ...] = ("supported", "contradicted", "mixed", "not enough evidence")


@dataclass(frozen=True)
class Structured:
    """A closed answer bearing on a hypothesis."""

    line: str
    vote: int
    """+1 supports, −1 contradicts, 0 neither."""


class VerdictItem(BaseModel):
    hypothesis_id: str
    verdict: str = "not enough evidence"
    rationale: str = ""
    supporting: list[str] = []
    contradicting: list[str] = []


class VerdictReply(BaseModel):
    """The model's reply to the hypotheses prompt."""

    verdicts: list[VerdictItem] = []


def sentence_excerpts(passages: Sequence[Passage]) -> list[CodedExcerpt]:
    """Every sentence of every passage as a (verbatim) candidate excerpt."""
    excerpts: list[CodedExcerpt] = []
    for passage in passages:
        for match in _SENTENCE.finditer(passage.text):
            start, end = match.start(), match.end()
            while start < end and passage.text[start].isspace():
                start += 1
            while end > start and passage.text[end - 1].isspace():
                end -= 1
            if len(_WORD.findall(passage.text[start:end].lower())) < 3:
                continue
            located = Located(passage.turn, ((start, end),), "exact")
            text = passage.text[start:end]
            excerpts.append(
                CodedExcerpt(passage.interview, located, passage.question_id, sentiment_of(text))
            )
    return excerpts


class Relevance:
    """TF-IDF similarity of hypotheses to excerpts and to closed questions."""

    def __init__(
        self, hypotheses: Sequence[Hypothesis], texts: Sequence[str], questions: Sequence[str]
    ):
        corpus = [h.text for h in hypotheses] + list(texts) + list(questions)
        self._n_h, self._n_t = len(hypotheses), len(texts)
        try:
            matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(corpus)
            self._sim = np.asarray((matrix[: self._n_h] @ matrix[self._n_h :].T).todense())
        except ValueError:  # no words at all
            self._sim = np.zeros((self._n_h, len(corpus) - self._n_h))

    def to_texts(self, h: int) -> np.ndarray:
        return self._sim[h, : self._n_t]

    def to_questions(self, h: int) -> np.ndarray:
        return self._sim[h, self._n_t :]


def structured_for(corpus: Corpus, relevance: Relevance, h: int) -> list[Structured]:
    yes_no = [q for q in corpus.study.questions if isinstance(q, YesNo)]
    scores = relevance.to_questions(h)
    found: list[Structured] = []
    for question, score in zip(yes_no, scores[: len(yes_no)], strict=True):
        if score < RELEVANCE:
            continue
        yes, answered = yes_share(corpus, question)
        if not answered:
            continue
        share = yes / answered
        vote = 0
        if answered >= MIN_YES_NO:
            vote = 1 if share >= YES_SUPPORTS else -1 if share <= YES_CONTRADICTS else 0
        found.append(
            Structured(f"{yes} of {answered} ({share:.0%}) answered yes to “{question.text}”", vote)
        )
    return found


def decide(support: int, contradict: int, structured: Sequence[Structured]) -> Verdict:
    """The shared verdict rule; ``support``/``contradict`` are respondent counts."""
    votes_for = int(support >= MIN_RESPONDENTS) + sum(1 for s in structured if s.vote > 0)
    votes_against = int(contradict >= MIN_RESPONDENTS) + sum(1 for s in structured if s.vote < 0)
    if votes_for and not votes_against and support >= 3 * contradict:
        return "supported"
    if votes_against and not votes_for and contradict >= 3 * support:
        return "contradicted"
    if votes_for or votes_against:
        return "mixed"
    return "not enough evidence"


def judge_offline(
    corpus: Corpus, candidates: Sequence[CodedExcerpt], book: QuoteBook
) -> list[HypothesisVerdict]:
    hypotheses = corpus.study.hypotheses
    relevance = _relevance(corpus, candidates)
    verdicts = []
    for h, hypothesis in enumerate(hypotheses):
        scores = relevance.to_texts(h)
        order = np.argsort(-scores, kind="stable")
        terms = _terms(hypothesis.text)
        support: list[CodedExcerpt] = []
        against: list[CodedExcerpt] = []
        for index in order:
            if scores[index] < RELEVANCE:
                break
            excerpt = candidates[int(index)]
            (against if _negates(excerpt.text, terms) else support).append(excerpt)
        structured = structured_for(corpus, relevance, h)
        verdict = decide(_respondents(support), _respondents(against), structured)
        rationale = (
            f"Offline heuristic: {len(support) + len(against)} sentences from "
            f"{_respondents(support + against)} respondents share the hypothesis's distinctive "
            f"words; {len(against)} negate them. Read the quotes before relying on this."
        )
        verdicts.append(
            _verdict(hypothesis, verdict, rationale, support, against, structured, book)
        )
    return verdicts


def judge_with_model(
    model: ChatModel,
    corpus: Corpus,
    candidates: Sequence[CodedExcerpt],
    themes: Sequence[Theme],
    book: QuoteBook,
) -> list[HypothesisVerdict]:
    """Verdicts from one model call; hypotheses it leaves out are judged offline."""
    hypotheses = corpus.study.hypotheses
    if not hypotheses:
        return []
    relevance = _relevance(corpus, candidates)
    pool: dict[str, CodedExcerpt] = {}
    for h in range(len(hypotheses)):
        ranked = np.argsort(-relevance.to_texts(h), kind="stable")[:PROMPT_QUOTES_PER_HYPOTHESIS]
        for index in ranked:
            excerpt = candidates[int(index)]
            pool.setdefault(book.quote(excerpt).id, excerpt)
    pool = dict(list(pool.items())[:MAX_PROMPT_QUOTES])
    structured = {h.id: structured_for(corpus, relevance, i) for i, h in enumerate(hypotheses)}
    prompt = prompts.render(
        "synthesis_hypotheses",
        title=corpus.study.title,
        decision=corpus.study.decision,
        total=len(corpus.interviews),
        hypotheses=hypotheses,
        structured=[s.line for lines in structured.values() for s in lines],
        themes=themes,
        quotes=[book.quote(e) for e in pool.values()],
    )
    reply = None
    for _attempt in range(2):
        try:
            reply = model.complete_json([Message("user", prompt)], VerdictReply)
            break
        except ModelOutputError:
            continue
    offline = {v.hypothesis_id: v for v in judge_offline(corpus, candidates, book)}
    answered = {item.hypothesis_id: item for item in (reply.verdicts if reply else [])}
    verdicts = []
    for hypothesis in hypotheses:
        item = answered.get(hypothesis.id)
        if item is None:
            verdicts.append(offline[hypothesis.id])
            continue
        support = [pool[q] for q in dict.fromkeys(item.supporting) if q in pool]
        against = [pool[q] for q in dict.fromkeys(item.contradicting) if q in pool]
        said = _verdict_name(item.verdict)
        rule = decide(_respondents(support), _respondents(against), structured[hypothesis.id])
        rationale = " ".join(item.rationale.split()) or "No rationale given."
        if said in ("supported", "contradicted") and rule != said:
            rationale += (
                f" (The model said {said}; the cited evidence does not meet the rule for it, "
                f"so the verdict is {rule}.)"
            )
            said = rule
        verdicts.append(
            _verdict(hypothesis, said, rationale, support, against, structured[hypothesis.id], book)
        )
    return verdicts


# -- helpers -----------------------------------------------------------------------------------


def _relevance(corpus: Corpus, candidates: Sequence[CodedExcerpt]) -> Relevance:
    yes_no = [q.text for q in corpus.study.questions if isinstance(q, YesNo)]
    return Relevance(corpus.study.hypotheses, [c.text for c in candidates], yes_no)


def _verdict(
    hypothesis: Hypothesis,
    verdict: Verdict,
    rationale: str,
    support: Sequence[CodedExcerpt],
    against: Sequence[CodedExcerpt],
    structured: Sequence[Structured],
    book: QuoteBook,
) -> HypothesisVerdict:
    return HypothesisVerdict(
        hypothesis_id=hypothesis.id,
        text=hypothesis.text,
        verdict=verdict,
        rationale=rationale,
        supporting=[book.quote(e) for e in select_quotes(support, QUOTES_SHOWN)],
        contradicting=[book.quote(e) for e in select_quotes(against, QUOTES_SHOWN)],
        structured_evidence=[s.line for s in structured],
    )


def _respondents(excerpts: Sequence[CodedExcerpt]) -> int:
    return len({e.session_id for e in excerpts})


def _stem(word: str) -> str:
    return word[:5]


def _terms(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    return {_stem(w) for w in words if w not in ENGLISH_STOP_WORDS and len(w) > 2}


def _negates(text: str, terms: set[str]) -> bool:
    """A negation shortly before one of the hypothesis's words ("we never chase approvers")."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    for index, word in enumerate(words):
        if word in NEGATIONS and any(
            _stem(w) in terms for w in words[index + 1 : index + 1 + _NEGATION_REACH]
        ):
            return True
    return False


def _verdict_name(text: str) -> Verdict:
    lowered = text.strip().lower()
    for verdict in VERDICTS:
        if lowered.startswith(verdict.split()[0]):
            return verdict
    return "not enough evidence"
