"""The material a synthesis works from: a study's usable interviews, loaded from the store.

Which sessions count: completed ones (and, with ``include_partial``, stopped or abandoned
ones), whose depth is at least ``min_depth``. Screened-out sessions never count. Previews
(``chat --preview``), declines and sessions that never got past the consent question are not
study data at all: they are not even listed (``SessionSummary.is_study_data``). Respondents
without a label of their own are ``R01``… in start order over the *included* sessions, so the
labels a report shows have no gaps.
Depth is the session's latest stored score (``Store.save_scores``); a session nobody scored is
scored on the fly with the offline depth scorer. Sessions whose trust verdict is ``exclude``
(``quality/``; checked on the fly when never stored) are left out unless ``include_untrusted``.
Every session, used or not, becomes a
:class:`SessionRow` so the report can say how many were left out and why.

Redaction happens here, once: every turn and free-text answer is redacted before anything
downstream (a model, a quote check, a report) sees it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from interviewer.depth import MIN_DEPTH, score_answer, score_session
from interviewer.interview import AnswerRecord, Status, TurnKind
from interviewer.quality.verdicts import session_trust
from interviewer.report.model import Exclusion, SessionRow
from interviewer.scoring import session_items
from interviewer.store import SessionSummary, Store, TurnRecord
from interviewer.study import OpenEnded, Question, Study
from interviewer.synthesis.redaction import Redactor

DEFAULT_MIN_DEPTH = MIN_DEPTH
"""Sessions with a depth below this are left out (depth 1: no signal at all)."""
PARTIAL = (Status.STOPPED, Status.ACTIVE)
"""Sessions that ended early or were abandoned: used only with ``include_partial``."""

Progress = Callable[[str], None]
"""Receives one line of progress at a time (the CLI prints them to stderr)."""


@dataclass(frozen=True)
class Interview:
    """One included session: its transcript (redacted), answers and depth."""

    session: SessionSummary
    study: Study
    """The study version this session ran."""
    respondent: str
    """Label shown in the report: the session's own, else ``R01``… in start order among the
    included sessions."""
    turns: tuple[TurnRecord, ...]
    answers: dict[str, AnswerRecord]
    """The session's answers by question id (texts redacted)."""
    depth: float
    depth_source: str

    @property
    def session_id(self) -> str:
        return self.session.id

    def question(self, question_id: str | None) -> Question | None:
        if question_id is None:
            return None
        try:
            return self.study.question(question_id)
        except KeyError:
            return None


@dataclass(frozen=True)
class Passage:
    """A respondent turn worth coding: an open answer, a probe reply or a "why" reply."""

    interview: Interview
    turn: TurnRecord
    question_id: str | None
    asked: str = ""
    """What the moderator said just before: the question or probe this turn answers."""

    @property
    def text(self) -> str:
        return self.turn.text


@dataclass(frozen=True)
class Corpus:
    """Everything a synthesis reads about one study."""

    study: Study
    """The study's latest version (titles, decision, hypotheses, question texts)."""
    interviews: tuple[Interview, ...]
    """Included sessions, in start order."""
    rows: tuple[SessionRow, ...]
    """Every session of the study, included or not, in start order."""
    min_depth: int
    include_partial: bool
    redaction: tuple[str, ...] = ()
    """What was redacted (empty when redaction is off)."""

    @property
    def exclusions(self) -> list[Exclusion]:
        reasons = Counter(r.excluded_because for r in self.rows if r.excluded_because)
        return [Exclusion(reason=reason, count=n) for reason, n in reasons.most_common()]

    def question_texts(self) -> dict[str, str]:
        """Question id → text over every version the included sessions ran (latest wins)."""
        texts: dict[str, str] = {}
        for interview in self.interviews:
            texts.update({q.id: q.text for q in interview.study.questions})
        texts.update({q.id: q.text for q in self.study.questions})
        return texts

    def passages(self) -> list[Passage]:
        """Every codable respondent turn of every included interview, in order."""
        return [p for interview in self.interviews for p in codable_passages(interview)]


def load_corpus(
    store: Store,
    study_id: str,
    *,
    min_depth: int = DEFAULT_MIN_DEPTH,
    include_partial: bool = False,
    include_untrusted: bool = False,
    redactor: Redactor | None = None,
    progress: Progress | None = None,
) -> Corpus:
    """Load the study's sessions and decide which ones the synthesis uses.

    Raises ``KeyError`` (the store's ``UnknownStudyError``) naming the known studies when
    ``study_id`` was never stored.
    """
    study = store.get_study(study_id)
    summaries = sorted(
        (s for s in store.list_sessions(study_id) if s.is_study_data),
        key=lambda s: (s.started_at, s.id),
    )
    views = {view.session.id: view for view in store.load_sessions(study_id)}  # one query
    trusts = session_trust(store, study_id, list(views.values()))
    rows: list[SessionRow] = []
    interviews: list[Interview] = []
    for index, summary in enumerate(summaries, start=1):
        if progress is not None and (index % 200 == 0 or index == len(summaries)):
            progress(f"loading sessions: {index}/{len(summaries)}")
        reason = _status_exclusion(summary.status, include_partial)
        depth, source, view = summary.depth_score, summary.depth_scorer or "stored", None
        if reason is None and depth is None:
            view = views[summary.id]
            duration = None if summary.source == "import" else summary.duration_seconds
            depth = float(score_session(session_items(view), duration_seconds=duration).score)
            source = "computed"
        if reason is None and depth is not None and depth < min_depth:
            reason = f"depth below {min_depth}"
        trust = trusts.get(summary.id)
        untrusted = trust is not None and trust.verdict == "exclude"
        if reason is None and untrusted and not include_untrusted:
            assert trust is not None  # for mypy: untrusted says so
            reason = trust.exclusion
        # Numbered among the included sessions only: R01, R02, R03…, never R01, R09, R10.
        label = summary.respondent or (f"R{len(interviews) + 1:02d}" if reason is None else "—")
        if redactor is not None:
            label = redactor.redact(label)
        rows.append(
            SessionRow(
                session_id=summary.id,
                respondent=label,
                status=str(summary.status),
                source=summary.source,
                started_at=summary.started_at,
                depth=depth,
                depth_source=source if depth is not None else "not scored",
                included=reason is None,
                excluded_because=reason,
                trust=trust.verdict if trust is not None else None,
                trust_reasons=list(trust.reasons) if trust is not None else [],
            )
        )
        if reason is not None:
            continue
        view = view or views[summary.id]
        interviews.append(
            Interview(
                session=summary,
                study=view.study,
                respondent=label,
                turns=tuple(_redacted_turns(view.turns, redactor)),
                answers={
                    qid: _redacted_answer(record, redactor)
                    for qid, record in view.state.answers.items()
                },
                depth=float(depth or 0.0),
                depth_source=source,
            )
        )
    return Corpus(
        study=study,
        interviews=tuple(interviews),
        rows=tuple(rows),
        min_depth=min_depth,
        include_partial=include_partial,
        redaction=tuple(redactor.describe()) if redactor is not None else (),
    )


def codable_passages(interview: Interview) -> list[Passage]:
    """The respondent turns that carry something to code, with the question each answers.

    Left out: the consent reply, the message that gave a closed question its value (the
    value is in the structured answers; only the reply to its "why" follow-up is text), and
    turns with no content at all (depth 1: empty, evasive, gibberish).
    """
    passages: list[Passage] = []
    previous_kind: TurnKind | None = None
    previous_text = ""
    imported = interview.session.source == "import"
    for turn in interview.turns:
        if turn.role == "moderator":
            previous_kind = turn.kind
            # "Okay." or "Right." asks nothing: the question still open is the earlier one.
            if "?" in turn.text or len(turn.text.split()) >= 6:
                previous_text = turn.text
            continue
        kind, previous_kind = previous_kind, None
        if not turn.text.strip() or (turn.question_id is None and not imported):
            continue
        question = interview.question(turn.question_id)
        is_open = question is None or isinstance(question, OpenEnded)
        if not is_open and kind is not TurnKind.WHY:
            continue
        asked = None if imported or question is None else question.text
        if score_answer(turn.text, asked).score <= 1:
            continue
        passages.append(Passage(interview, turn, turn.question_id, previous_text))
    return passages


def _status_exclusion(status: Status, include_partial: bool) -> str | None:
    if status is Status.COMPLETED:
        return None
    if status in PARTIAL:
        return None if include_partial else f"{status.value} (partial; use --include-partial)"
    if status is Status.CONSENT:
        return "never consented"
    return status.value.replace("_", " ")


def _redacted_turns(turns: list[TurnRecord], redactor: Redactor | None) -> list[TurnRecord]:
    if redactor is None:
        return list(turns)
    return [t.model_copy(update={"text": redactor.redact(t.text)}) for t in turns]


def _redacted_answer(record: AnswerRecord, redactor: Redactor | None) -> AnswerRecord:
    if redactor is None:
        return record
    return record.model_copy(
        update={
            "texts": redactor.redact_all(record.texts),
            "other_text": None if record.other_text is None else redactor.redact(record.other_text),
        }
    )
