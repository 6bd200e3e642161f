"""A verdict for each hypothesis of the study: supported, contradicted, mixed or not enough
evidence — with the quotes and closed answers behind it.

Rules shared by both engines (docs/reports.md): a side counts when quotes from at least
:data:`MIN_RESPONDENTS` different respondents back it; a yes/no question whose wording matches
the hypothesis adds one vote (≥ 60% yes supports, ≤ 40% contradicts, from 3+ answers).
Supported: support counts and outweighs contradiction at least 3 to 1; contradicted: the
reverse; both sides present otherwise: mixed; neither: not enough evidence.

The LLM engine asks the model to judge, citing quote ids from a list of *verified* quotes, so
its evidence is verbatim by construction; a verdict cited with quotes from fewer than two
respondents is downgraded. The offline engine reads meaning as far as it can without a model
(see :func:`judge_offline`) and its rationale says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from interviewer.report.model import HypothesisVerdict, Verdict
from interviewer.study import Hypothesis, YesNo
from interviewer.synthesis.corpus import Corpus, Passage
from interviewer.synthesis.evidence import CodedExcerpt, QuoteBook, select_quotes
from interviewer.synthesis.offline.embeddings import make_embedder
from interviewer.synthesis.offline.sentences import split_sentences
from interviewer.synthesis.offline.sentiment import NEGATIONS, sentiment_of
from interviewer.synthesis.quotes import Located
from interviewer.synthesis.structured import yes_share

MIN_RESPONDENTS = 2
RELEVANCE = 0.2
"""TF-IDF cosine from which a sentence or question counts as about the hypothesis."""
MEANING = 0.6
"""Cosine in the offline sentence space (MiniLM when installed, else LSA) from which a
sentence counts as about the hypothesis although it words it differently."""
TERM_SHARE = 0.6
"""…or the share of the hypothesis's own content words a sentence uses."""
QUOTES_SHOWN = 4
YES_SUPPORTS, YES_CONTRADICTS, MIN_YES_NO = 0.6, 0.4, 3
_WORD = re.compile(r"[a-z][a-z']+")
_NEGATION_REACH = 2
VERDICTS: tuple[Verdict, ...] = ("supported", "contradicted", "mixed", "not enough evidence")


@dataclass(frozen=True)
class Structured:
    """A closed answer bearing on a hypothesis."""

    line: str
    vote: int
    """+1 supports, −1 contradicts, 0 neither."""


def sentence_excerpts(passages: Sequence[Passage]) -> list[CodedExcerpt]:
    """Every substantive whole sentence of every passage as a (verbatim) candidate excerpt."""
    language = passages[0].interview.study.language if passages else None
    excerpts: list[CodedExcerpt] = []
    for sentence in split_sentences([p.text for p in passages], language):
        if not sentence.substantive:
            continue
        passage = passages[sentence.answer_index]
        located = Located(passage.turn, ((sentence.start, sentence.end),), "exact")
        excerpts.append(
            CodedExcerpt(
                passage.interview,
                located,
                passage.question_id,
                sentiment_of(sentence.text, language),
            )
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
    """Verdicts from what respondents said, read for meaning as far as an offline engine can.

    A sentence is *about* a hypothesis when it uses most of the hypothesis's own content words
    (:data:`TERM_SHARE`), or is close to it in TF-IDF or in the offline sentence space
    (:data:`MEANING`). It *challenges* the hypothesis when it negates one of those words ("we
    never chase approvers") or when its tone runs against the hypothesis's ("approvals are
    slow" vs "approvals are quick now"); otherwise it supports it.
    """
    hypotheses = corpus.study.hypotheses
    if not hypotheses:
        return []
    relevance = _relevance(corpus, candidates)
    meaning = _meaning(hypotheses, candidates, corpus.study.language)
    verdicts = []
    for h, hypothesis in enumerate(hypotheses):
        scores = relevance.to_texts(h)
        terms = _terms(hypothesis.text)
        stance = sentiment_of(hypothesis.text, corpus.study.language)
        support: list[CodedExcerpt] = []
        against: list[CodedExcerpt] = []
        ranked = sorted(range(len(candidates)), key=lambda i: -max(scores[i], meaning[h, i]))
        for index in ranked:
            excerpt = candidates[index]
            shared = _term_share(excerpt.text, terms)
            if not (
                scores[index] >= RELEVANCE
                or meaning[h, index] >= MEANING
                or (shared >= TERM_SHARE and len(terms) >= 2)
            ):
                continue
            (against if _challenges(excerpt, terms, stance) else support).append(excerpt)
        structured = structured_for(corpus, relevance, h)
        verdict = decide(_respondents(support), _respondents(against), structured)
        said, people = len(support) + len(against), _respondents(support + against)
        rationale = (
            f"Offline reading: {said} sentence{'' if said == 1 else 's'} from "
            f"{people} respondent{'' if people == 1 else 's'} "
            f"{'is' if said == 1 else 'are'} about this hypothesis; "
            f"{len(support)} bear it out and {len(against)} challenge it (negated or of the "
            "opposite tone). Read the quotes on both sides before relying on this."
        )
        verdicts.append(
            _verdict(hypothesis, verdict, rationale, support, against, structured, book)
        )
    return verdicts


def _meaning(
    hypotheses: Sequence[Hypothesis], candidates: Sequence[CodedExcerpt], language: str
) -> np.ndarray:
    """Cosine of each hypothesis to each candidate in the offline engine's sentence space."""
    if not candidates:
        return np.zeros((len(hypotheses), 0))
    texts = [h.text for h in hypotheses] + [c.text for c in candidates]
    stop = "english" if language.startswith("en") else None
    try:
        vectors = normalize(make_embedder("auto", corpus=texts, stop_words=stop).embed(texts))
    except ValueError:  # nothing but stop words
        return np.zeros((len(hypotheses), len(candidates)))
    return np.asarray(vectors[: len(hypotheses)] @ vectors[len(hypotheses) :].T)


def _term_share(text: str, terms: set[str]) -> float:
    if not terms:
        return 0.0
    said = {_stem(w) for w in _WORD.findall(text.lower())}
    return len(terms & said) / len(terms)


def _challenges(excerpt: CodedExcerpt, terms: set[str], stance: str) -> bool:
    if _negates(excerpt.text, terms):
        return True
    tone = excerpt.sentiment
    return (stance == "negative" and tone == "positive") or (
        stance == "positive" and tone == "negative"
    )


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
