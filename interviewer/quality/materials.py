"""Stored sessions as the guard reads them (:class:`SessionMaterial`), and nothing else.

Kept apart from ``assessment.py`` so the checks stay pure and from ``trust.py`` so the report
can build materials from sessions it has already loaded.
"""

from __future__ import annotations

from interviewer.interview import TurnKind
from interviewer.quality.assessment import SessionMaterial
from interviewer.quality.effort import AnswerTurn
from interviewer.quality.telemetry import telemetry_of
from interviewer.store import LoadedSession
from interviewer.store.trust_store import ClientFacts


def material_of(view: LoadedSession, facts: ClientFacts | None = None) -> SessionMaterial:
    """What the guard reads of one loaded session."""
    study = view.study
    timed = view.session.source != "import"  # an import's timestamps are when it was imported
    turns: list[AnswerTurn] = []
    previous_kind: TurnKind | None = None
    previous_at = None
    for turn in view.turns:
        if turn.role == "moderator":
            previous_kind, previous_at = turn.kind, turn.created_at
            continue
        if turn.question_id is None:  # the consent reply
            continue
        try:
            question = study.question(turn.question_id)
        except KeyError:
            question = None
        is_open = question is None or question.is_open or previous_kind is TurnKind.WHY
        seconds = (
            (turn.created_at - previous_at).total_seconds()
            if timed and previous_at is not None
            else None
        )
        turns.append(
            AnswerTurn(
                question_id=turn.question_id,
                text=turn.text,
                open=is_open,
                telemetry=telemetry_of(turn.telemetry),
                seconds=seconds,
            )
        )
    said_no: list[tuple[str, str]] = []
    scales: list[tuple[str, int]] = []
    for qid, record in view.state.answers.items():
        try:
            question = study.question(qid)
        except KeyError:
            continue
        if question.type == "yes_no" and record.value is False:
            said_no.append((qid, question.text))
        elif (
            question.type == "scale"
            and isinstance(record.value, int)
            and not isinstance(record.value, bool)
        ):
            scales.append((qid, record.value))
    return SessionMaterial(
        session_id=view.session.id,
        started_at=view.session.started_at,
        turns=tuple(turns),
        said_no=tuple(said_no),
        scale_values=tuple(scales),
        language=view.state.language or study.language,
        client_hash=facts.client_hash if facts else None,
        invite_id=facts.invite_id if facts else None,
        invite_label=facts.invite_label if facts else None,
    )
