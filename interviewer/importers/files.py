"""``interviewer import``: interviews and feedback gathered elsewhere, stored like native ones.

Files become sessions (``source="import"``) and turns of a study, so reports treat them like
interviews run here. One transcript file is one session; one CSV row is one session. Each
respondent turn keeps its text exactly as in the file and records where it came from
(``file:line``) as its idempotency key; each interviewer turn records it in its decision.

The study is the one ``--study-id`` names, else one named after the files' folder
(``naming.py``: ``…/pdpilot_user_study/transcripts/*.txt`` → ``pdpilot-user-study``). An
existing study's questions are what the imported turns are matched to — an interviewer's line
that reads like a question of the study, a CSV column named like a question's id or text, or
one mapped with ``--column "Header=question_id"``; closed answers are read into typed values
with the same parser the moderator uses. When no study has that id, a new one is made for the
import: one open question per CSV column, and one open question ``conversation`` for
transcripts; its title is the name and the count (``Pdpilot user study (7 imported
interviews)``) and, unless ``--decision`` gives one, its decision is ``NO_DECISION``, so
``study.decision_recorded`` is false and nothing pretends to know what the research is for.
Importing again skips respondents already imported (``--again`` stores them once more) and
applies a new ``--title`` / ``--decision`` to the study as a new version.

Interviews are written in batches, one transaction each (``batches.py``: multi-row inserts,
depth scores computed alongside), so a 20,000-row CSV imports in well under a minute; nothing
is added to the file's turns, an interrupted import leaves no half-stored session (running it
again adds only the rest), and a batch the database refuses is stored row by row to name the
row at fault.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from interviewer.importers.batches import Pending, store_all
from interviewer.importers.naming import generated_title, refreshed_title, study_name, words
from interviewer.importers.surveys import Survey, parse_survey
from interviewer.importers.transcripts import (
    ParsedTranscript,
    assign_roles,
    parse_captions,
    parse_text,
)
from interviewer.interview import AnswerRecord, InterviewState, Status, TurnKind
from interviewer.parsing import parse_answer
from interviewer.scoring import score_stored_session
from interviewer.store import ImportedTurn, Store, UnknownStudyError
from interviewer.store.models import Role
from interviewer.study import OpenEnded, Study
from interviewer.study.schema import NO_DECISION

ENGINE = "import"
CONVERSATION = "conversation"
"""Question id that holds transcript answers in a study created by an import."""
QUESTION_MATCH = 85.0
"""rapidfuzz ``token_set_ratio`` from which an interviewer's line is taken to ask a question."""
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
CAPTION_SUFFIXES = (".vtt", ".srt")
SURVEY_SUFFIXES = (".csv", ".tsv")
MIN_TEXT = 3
"""The shortest title or decision a study accepts."""


@dataclass(frozen=True)
class ImportedInterview:
    source: str
    """File name."""
    respondent: str
    turns: tuple[ImportedTurn, ...]


@dataclass
class ImportResult:
    study: Study
    """The study as it is after the import (its latest version)."""
    created_study: bool
    id_from: str | None = None
    """Where the study id came from when none was given (``the folder pdpilot_user_study``)."""
    updated: list[str] = field(default_factory=list)
    """Fields of an existing study this import changed (``title``, ``decision``)."""
    sessions: list[tuple[str, str, int]] = field(default_factory=list)
    """(respondent, session id, turns) per stored session."""
    skipped: list[str] = field(default_factory=list)
    """Why interviews were not stored (already imported)."""
    already_imported: list[str] = field(default_factory=list)
    """Respondents left out because the study has them already (``--again`` imports them)."""
    notes: list[str] = field(default_factory=list)

    @property
    def study_id(self) -> str:
        return self.study.id


def import_files(
    store: Store,
    paths: Sequence[Path],
    *,
    study_id: str | None = None,
    title: str | None = None,
    decision: str | None = None,
    interviewers: Iterable[str] = (),
    columns: Mapping[str, str] | None = None,
    respondent_column: str | None = None,
    again: bool = False,
) -> ImportResult:
    """Parse ``paths`` and store them as sessions of ``study_id`` (created if unknown).

    Without ``study_id`` the files' folder names the study (:func:`naming.study_name`); an
    existing study of that id is imported into, as with ``study_id``. ``title`` and
    ``decision`` set those of the study, new or existing; a new study without them gets a
    title from its name and :data:`NO_DECISION`.

    Raises ``ValueError`` with a fix for unreadable files, unknown formats and columns that
    match no question of an existing study. Nothing is stored unless every file parses.
    """
    title, decision = _text("--title", title), _text("--decision", decision)
    transcripts, surveys = _parse(paths, respondent_column)
    kind = _kind(bool(transcripts), bool(surveys))
    named = study_name(paths, kind=kind) if study_id is None else None
    study_id = named.id if named is not None else str(study_id)
    try:
        existing: Study | None = store.get_study(study_id)
    except UnknownStudyError:
        existing = None
    study = existing or _new_study(study_id, transcripts, surveys)
    mapping = _column_questions(study, surveys, columns or {})
    interviews = [_from_transcript(study, t, interviewers) for t in transcripts]
    interviews += [i for s in surveys for i in _from_survey(s, mapping)]
    before = [s for s in store.list_sessions(study.id) if s.source == "import"] if existing else []
    imported = {s.respondent for s in before if s.respondent}
    fresh = [again or i.respondent not in imported for i in interviews]
    count = len(before) + sum(fresh)
    changes: dict[str, str] = {}
    if existing is None:
        name = named.name if named is not None else words(study_id)
        changes["title"] = title or generated_title(name, count, kind)
        changes["decision"] = decision or NO_DECISION
    else:
        wanted = {
            "title": title or refreshed_title(existing.title, count, _study_kind(existing)),
            "decision": decision,
        }
        changes = {k: v for k, v in wanted.items() if v and v != getattr(existing, k)}
    if changes:
        study = Study.model_validate(study.model_dump(mode="json", by_alias=True) | changes)
        store.save_study(study)
    result = ImportResult(
        study,
        existing is None,
        id_from=named.source if named is not None else None,
        updated=sorted(changes) if existing is not None else [],
    )
    pending: list[ImportedInterview] = []
    for interview, is_fresh in zip(interviews, fresh, strict=True):
        if not is_fresh:
            result.already_imported.append(interview.respondent)
            result.skipped.append(
                f"{interview.respondent} ({interview.source}): already imported; pass --again "
                "to import a second copy"
            )
            continue
        pending.append(interview)
    batch = [Pending(i.source, i.respondent, i.turns, _final_state(study, i)) for i in pending]
    for interview, session_id in zip(
        pending, store_all(store, study, batch, engine=ENGINE), strict=True
    ):
        result.sessions.append((interview.respondent, session_id, len(interview.turns)))
    for survey in surveys:
        if survey.skipped_columns:
            result.notes.append(
                f"{survey.name}: left out metadata columns {', '.join(survey.skipped_columns)}"
            )
    return result


def _parse(
    paths: Sequence[Path], respondent_column: str | None
) -> tuple[list[ParsedTranscript], list[Survey]]:
    transcripts: list[ParsedTranscript] = []
    surveys: list[Survey] = []
    for path in paths:
        suffix = path.suffix.lower()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"cannot read {path}: {exc}; files must be UTF-8 text") from exc
        if suffix in TEXT_SUFFIXES:
            transcripts.append(parse_text(text, path.name))
        elif suffix in CAPTION_SUFFIXES:
            transcripts.append(parse_captions(text, path.name))
        elif suffix in SURVEY_SUFFIXES:
            surveys.append(parse_survey(text, path.name, respondent_column=respondent_column))
        else:
            raise ValueError(
                f"{path}: unknown file type {suffix or '(none)'}; import .txt/.md transcripts, "
                ".vtt/.srt captions or .csv survey answers"
            )
    return transcripts, surveys


def _text(flag: str, value: str | None) -> str | None:
    """A ``--title``/``--decision`` value, stripped; ``ValueError`` when too short to mean much."""
    if value is None:
        return None
    value = " ".join(value.split())
    if len(value) < MIN_TEXT:
        example = '"Whether to …"' if flag == "--decision" else '"Onboarding calls, May"'
        raise ValueError(f"{flag} needs at least {MIN_TEXT} characters, e.g. {flag} {example}")
    return value


def _kind(transcripts: bool, surveys: bool) -> str:
    """What the sessions are, as a plural noun for titles and fallback ids."""
    if transcripts and surveys:
        return "sessions"
    return "responses" if surveys else "interviews"


def _study_kind(study: Study) -> str:
    conversation = _has(study, CONVERSATION)
    return _kind(conversation, len(study.questions) > int(conversation))


def store_interview(store: Store, study: Study, interview: ImportedInterview) -> str:
    """Store one interview in its own transaction, then score it from the store: the
    one-by-one path ``batches.store_all`` replaced (``benchmarks/import_speed.py`` compares)."""
    state = _final_state(study, interview)
    session_id = store.import_session(
        study, interview.turns, state=state, respondent=interview.respondent, engine=ENGINE
    )
    score_stored_session(store, session_id)  # so `interviewer sessions` shows its depth too
    return session_id


def _final_state(study: Study, interview: ImportedInterview) -> InterviewState:
    """The state an interview ends in: what it asked and the typed answers it gave."""
    answers: dict[str, AnswerRecord] = {}
    asked: list[str] = []
    for turn in interview.turns:
        qid = turn.question_id
        if qid is not None and qid not in asked:
            asked.append(qid)
        if turn.role == "respondent" and qid is not None:
            answers[qid] = _answer(study, answers.get(qid), qid, turn.text)
    return _state(study, InterviewState(study_id=study.id), asked, answers, Status.COMPLETED)


def _turn(role: Role, text: str, question_id: str | None, origin: str) -> ImportedTurn:
    """A turn as the file has it; interviewer lines are questions when they match one."""
    if role == "respondent":
        kind = TurnKind.ANSWER
    else:
        kind = TurnKind.ASK if question_id is not None else TurnKind.PROBE
    decision = {"action": "imported", "reasons": [origin]} if role == "moderator" else None
    return ImportedTurn(role, text, question_id, kind, origin, decision)


# -- building interviews -------------------------------------------------------------------------


def _from_transcript(
    study: Study, transcript: ParsedTranscript, interviewers: Iterable[str]
) -> ImportedInterview:
    roles = assign_roles(transcript.turns, interviewers)
    default = CONVERSATION if _has(study, CONVERSATION) else None
    current = default
    turns: list[ImportedTurn] = []
    for turn in transcript.turns:
        role: Role = "moderator" if roles[turn.speaker] == "moderator" else "respondent"
        if role == "moderator":
            current = _asked_question(study, turn.text) or current
        origin = f"{transcript.name}:{turn.line}"
        turns.append(_turn(role, turn.text, current or None, origin))
    named = [s for s, r in roles.items() if r == "respondent" and _is_name(s)]
    respondent = ", ".join(named) if named else Path(transcript.name).stem
    return ImportedInterview(transcript.name, respondent, tuple(turns))


def _from_survey(survey: Survey, mapping: Mapping[str, str]) -> list[ImportedInterview]:
    interviews = []
    for row in survey.rows:
        turns: list[ImportedTurn] = []
        origin = f"{survey.name}:{row.line}"
        for header, cell in row.cells:
            qid = mapping[header]
            turns.append(_turn("moderator", header, qid, origin))
            turns.append(_turn("respondent", cell, qid, origin + f" ({header})"))
        if turns:
            interviews.append(ImportedInterview(survey.name, row.respondent, tuple(turns)))
    return interviews


def _new_study(
    study_id: str,
    transcripts: Sequence[ParsedTranscript],
    surveys: Sequence[Survey],
) -> Study:
    """A study for the files; its title and decision are set once the sessions are counted."""
    questions: list[dict[str, object]] = []
    if transcripts:
        questions.append(
            {"id": CONVERSATION, "type": "open_ended", "text": "The imported conversation"}
        )
    taken = {CONVERSATION}
    for header in dict.fromkeys(h for s in surveys for h in s.questions):
        qid = _identifier(header, taken)
        taken.add(qid)
        questions.append(
            {
                "id": qid,
                "type": "open_ended",
                "text": header if len(header) >= 3 else f"{header} (column)",
            }
        )
    return Study.model_validate(
        {
            "id": study_id,
            "title": words(study_id),
            "decision": NO_DECISION,
            "consent": "Collected where these interviews and answers were gathered.",
            "questions": questions,
        }
    )


def _column_questions(
    study: Study, surveys: Sequence[Survey], explicit: Mapping[str, str]
) -> dict[str, str]:
    """Column header → question id, or ``ValueError`` naming the columns that fit nothing."""
    by_text = {_norm(q.text): q.id for q in study.questions}
    by_id = {_norm(q.id): q.id for q in study.questions}
    slugs = {_identifier(q.text, set()): q.id for q in study.questions}
    mapping: dict[str, str] = {}
    missing: list[str] = []
    for header in dict.fromkeys(h for s in surveys for h in s.questions):
        target = explicit.get(header)
        if target is not None and not _has(study, target):
            known = ", ".join(q.id for q in study.questions)
            raise ValueError(
                f"--column {header}={target}: study {study.id} has no question {target!r} ({known})"
            )
        found = (
            target
            or by_id.get(_norm(header))
            or by_text.get(_norm(header))
            or slugs.get(_identifier(header, set()))
        )
        if found is None:
            missing.append(header)
        else:
            mapping[header] = found
    if missing:
        raise ValueError(
            f"columns {', '.join(repr(m) for m in missing)} match no question of study {study.id}; "
            "map each with --column 'Header=question_id', or import into a new study id"
        )
    return mapping


def _asked_question(study: Study, text: str) -> str | None:
    best, best_score = None, QUESTION_MATCH
    for question in study.questions:
        score = fuzz.token_set_ratio(_norm(question.text), _norm(text))
        if score >= best_score:
            best, best_score = question.id, score
    return best


def _answer(study: Study, record: AnswerRecord | None, qid: str, text: str) -> AnswerRecord:
    record = record or AnswerRecord(question_id=qid)
    update: dict[str, object] = {"texts": [*record.texts, text]}
    question = study.question(qid)
    if not isinstance(question, OpenEnded) and record.value is None:
        parsed = parse_answer(question, text)
        if parsed.ok:
            update.update(value=parsed.value, other_text=parsed.other_text)
    return record.model_copy(update=update)


def _state(
    study: Study,
    state: InterviewState,
    asked: Sequence[str],
    answers: Mapping[str, AnswerRecord],
    status: Status,
) -> InterviewState:
    index = study.index_of(asked[-1]) if asked else -1
    return state.model_copy(
        update={
            "status": status,
            "asked": list(asked),
            "answers": dict(answers),
            "question_index": index,
            "awaiting": "done" if status is Status.COMPLETED else "answer",
        }
    )


def _has(study: Study, question_id: str) -> bool:
    return any(q.id == question_id for q in study.questions)


def _is_name(speaker: str) -> bool:
    return not re.fullmatch(
        r"(?i)(speaker|respondent|participant|interviewee|customer|user|guest|a|r|p)\s*[\w#]*",
        speaker,
    )


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _identifier(header: str, taken: set[str]) -> str:
    """A question id from a column header: letters, digits and underscores, unique."""
    base = re.sub(r"[^A-Za-z0-9]+", "_", header).strip("_").lower()[:48] or "column"
    if not base[0].isalpha():
        base = f"q_{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate
