"""What researchers can read over the API: studies, sessions, transcripts and exports.

Exports stream session by session, so a study with thousands of sessions never sits in memory
whole. CSV cells that a spreadsheet would run as a formula are prefixed with an apostrophe:
respondents' words must never execute in the researcher's Excel.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from interviewer.quality.trust import check_study
from interviewer.store import AuditRecord, SessionSummary, Store, StoredAnswer
from interviewer.store.models import TrustLevel, TrustRecord
from interviewer.store.trust_store import set_override, trust_of
from interviewer.study import Study
from interviewer.web.errors import NotFound
from interviewer.web.schemas import StudySummary, Transcript
from interviewer.web.settings import WebSettings

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ResearchService:
    """Read-only researcher operations over the store."""

    def __init__(self, store: Store, settings: WebSettings) -> None:
        self.store = store
        self.settings = settings

    def studies(self) -> list[StudySummary]:
        grouped: dict[str, list[Any]] = defaultdict(list)
        for record in self.store.list_studies():  # newest version first per id
            grouped[record.id].append(record)
        return [
            StudySummary(
                id=study_id,
                title=versions[0].title,
                versions=len(versions),
                sessions=sum(v.session_count for v in versions),
                served=self.settings.study(study_id) is not None,
            )
            for study_id, versions in grouped.items()
        ]

    def sessions(self, study_id: str) -> list[SessionSummary]:
        try:
            return self.store.list_sessions(study_id)
        except KeyError as error:
            raise NotFound(str(error)) from error

    def transcript(self, session_id: str) -> Transcript:
        try:
            view = self.store.load_session(session_id)
        except KeyError as error:
            raise NotFound(str(error)) from error
        return Transcript(
            session=view.session,
            turns=view.turns,
            answers=self.store.answers(session_id),
            scores=self.store.scores(session_id),
            trust=trust_of(self.store, session_id),
        )

    def override_trust(
        self, session_id: str, verdict: TrustLevel | None, note: str | None
    ) -> TrustRecord:
        try:
            return set_override(self.store, session_id, verdict, note)
        except KeyError as error:
            raise NotFound(str(error)) from error

    def check(self, study_id: str) -> list[SessionSummary]:
        self.sessions(study_id)  # 404 for an unknown study
        check_study(self.store, study_id)
        return self.sessions(study_id)

    # -- exports -----------------------------------------------------------------------------

    def delete_session(self, session_id: str) -> AuditRecord:
        """Delete a respondent's session on request; the audit entry says so (counts only)."""
        try:
            return self.store.delete_session(session_id, reason="respondent request via api")
        except KeyError as error:
            raise NotFound(str(error)) from error

    def _exported(self, study_id: str) -> list[SessionSummary]:
        # Previews, declines and consent-screen quits are not study data (is_study_data).
        return [s for s in self.sessions(study_id) if s.is_study_data]

    def export_jsonl(self, study_id: str) -> Iterator[str]:
        """One JSON object per session: its row, answers and transcript."""
        sessions = self._exported(study_id)
        answers = self._answers_by_session(study_id)
        for session in reversed(sessions):  # oldest first, like the CLI's exports
            row = session.model_dump(mode="json")
            row["answers"] = [a.model_dump(mode="json") for a in answers.get(session.id, [])]
            row["turns"] = [
                t.model_dump(mode="json", include={"seq", "role", "text", "question_id", "kind"})
                for t in self.store.transcript(session.id)
            ]
            yield json.dumps(row, ensure_ascii=False) + "\n"

    def export_csv(self, study_id: str) -> Iterator[str]:
        """One row per session; per question its value and the respondent's words."""
        sessions = self._exported(study_id)
        answers = self._answers_by_session(study_id)
        study = self.store.get_study(study_id)
        question_ids = _question_ids(study, answers.values())
        header = [
            "session_id",
            "status",
            "respondent",
            "started_at",
            "ended_at",
            "engine",
            "depth_score",
        ]
        for qid in question_ids:
            header += [qid, f"{qid}__text"]
        yield _csv_line(header)
        for session in reversed(sessions):
            by_question = {a.question_id: a for a in answers.get(session.id, [])}
            row = [
                session.id,
                str(session.status),
                session.respondent or "",
                session.started_at.isoformat(),
                session.ended_at.isoformat() if session.ended_at else "",
                session.engine,
                "" if session.depth_score is None else f"{session.depth_score:g}",
            ]
            for qid in question_ids:
                answer = by_question.get(qid)
                row += [_cell_value(answer), " | ".join(answer.texts) if answer else ""]
            yield _csv_line(row)

    def _answers_by_session(self, study_id: str) -> dict[str, list[StoredAnswer]]:
        grouped: dict[str, list[StoredAnswer]] = defaultdict(list)
        for answer in self.store.answers_for_study(study_id):
            grouped[answer.session_id].append(answer)
        return grouped


def _question_ids(study: Study, answers: Iterable[list[StoredAnswer]]) -> list[str]:
    """The latest version's questions in order, then any only older versions asked."""
    ids = [q.id for q in study.questions]
    for session_answers in answers:
        ids += [a.question_id for a in session_answers if a.question_id not in ids]
    return ids


def _cell_value(answer: StoredAnswer | None) -> str:
    if answer is None:
        return ""
    if answer.skipped:
        return "(skipped)"
    value = answer.value
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, list):
        text = "; ".join(value)
    else:
        text = str(value)
    return f"{text} ({answer.other_text})" if answer.other_text else text


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_defuse(cell) for cell in cells])
    return buffer.getvalue()


def _defuse(cell: str) -> str:
    """Keep spreadsheets from running a respondent's text as a formula (CSV injection).

    Spreadsheets skip leading spaces and read fullwidth signs ("＝", "＋") as their ASCII forms,
    so the check looks past both: " =HYPERLINK(…)" and "＝1+1" are defused too.
    """
    probe = unicodedata.normalize("NFKC", cell)
    if probe.startswith(_FORMULA_START) or probe.lstrip().startswith(_FORMULA_START):
        return f"'{cell}"
    return cell
