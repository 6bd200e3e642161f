"""One session's trust verdict from its answers, its timings and the other sessions of its study.

Pure: the caller (``trust.py``, or the report when a session was never checked) gathers a
:class:`SessionMaterial` per session; nothing here reads the store. Every signal names what a
researcher can verify — the answer, the counts, the other session it repeats.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

from interviewer.depth import score_answer
from interviewer.quality import duplicates, effort
from interviewer.quality.effort import AnswerTurn
from interviewer.quality.fingerprint import REPEAT_WINDOW_SECONDS
from interviewer.quality.signals import Flag, Signal, Verdict, verdict_of
from interviewer.quality.style import read_style

CHECKER = "trust-v1"
"""Stored with each verdict, so verdicts of different versions can be told apart."""


@dataclass(frozen=True)
class SessionMaterial:
    """What the guard reads of one session."""

    session_id: str
    started_at: datetime
    turns: tuple[AnswerTurn, ...]
    """Respondent messages after consent, in order."""
    said_no: tuple[tuple[str, str], ...] = ()
    """Yes/no questions answered "no": ``(question_id, question_text)``."""
    scale_values: tuple[tuple[str, int], ...] = ()
    """Scale answers: ``(question_id, value)``."""
    language: str | None = None
    client_hash: str | None = None
    invite_id: str | None = None
    invite_label: str | None = None

    @property
    def open_turns(self) -> list[AnswerTurn]:
        return [t for t in self.turns if t.open and t.text.strip()]


@dataclass(frozen=True)
class Assessment:
    session_id: str
    signals: tuple[Signal, ...]
    checker: str = CHECKER

    @property
    def verdict(self) -> Verdict:
        return verdict_of(list(self.signals))


@dataclass
class StudyIndex:
    """Everything of a study's other sessions the guard compares against, built once."""

    signatures: duplicates.SignatureIndex = field(default_factory=duplicates.SignatureIndex)
    open_words: list[int] = field(default_factory=list)
    sessions: dict[str, SessionMaterial] = field(default_factory=dict)

    @classmethod
    def of(cls, materials: Sequence[SessionMaterial]) -> StudyIndex:
        index = cls()
        for material in materials:
            index.add(material)
        return index

    def add(self, material: SessionMaterial) -> None:
        self.sessions[material.session_id] = material
        for turn in material.open_turns:
            self.open_words.append(len(turn.text.split()))
            sig = duplicates.signature(turn.text)
            if sig is not None:
                self.signatures.add(material.session_id, turn.question_id, sig)

    @property
    def norm_words(self) -> float | None:
        """The study's median open-answer length, once there are enough answers to say."""
        return float(median(self.open_words)) if len(self.open_words) >= 10 else None


def answer_signals(
    turn: AnswerTurn, lang: str | None, norm_words: float | None = None
) -> list[Signal]:
    """Signals one answer raises on its own (what the moderator checks live)."""
    found = [effort.pasted(turn), effort.speeding(turn)]
    if turn.open and turn.text.strip():
        # One depth reading serves both checks that need one.
        signals = score_answer(turn.text, None, lang).signals
        found.append(effort.gibberish(turn, lang, signals))
        style = read_style(turn.text, lang, norm_words=norm_words, signals=signals)
        if style.flagged:
            found.append(
                Signal(
                    Flag.MACHINE_STYLE,
                    "review",
                    "reads machine-written: " + "; ".join(style.reasons),
                    turn.question_id,
                )
            )
    return [s for s in found if s is not None]


def assess(material: SessionMaterial, index: StudyIndex | None = None) -> Assessment:
    """The session's signals against the rest of its study (``index`` may include it)."""
    index = index or StudyIndex()
    lang = material.language
    norm = index.norm_words
    signals: list[Signal] = []
    for turn in material.turns:
        signals.extend(answer_signals(turn, lang, norm))
    signals = _one_speeding(signals)
    if (timing := effort.identical_timing(material.turns)) is not None:
        signals.append(timing)
    if (lining := effort.straight_lining(material.scale_values)) is not None:
        signals.append(lining)
    signals.extend(effort.contradictions(material.said_no, material.turns, lang))
    signals.extend(_duplicates(material, index))
    signals.extend(_repeats(material, index))
    return Assessment(material.session_id, tuple(_escalate(signals, material)))


def _duplicates(material: SessionMaterial, index: StudyIndex) -> list[Signal]:
    # Only sessions started before this one: the copy is flagged, never the original it
    # copies, so checking at the end of a session and re-checking the study agree.
    mine_key = (material.started_at, material.session_id)
    earlier = {sid for sid, other in index.sessions.items() if (other.started_at, sid) < mine_key}
    mine = [(t.question_id, t.text) for t in material.open_turns]
    found = []
    allowed = index.signatures.mask(earlier)
    for match in index.signatures.near_duplicates(mine, allowed):
        where = f"{match.other_question} of " if match.other_question else ""
        found.append(
            Signal(
                Flag.DUPLICATE,
                "review",
                f"repeats the answer to {where}session {match.other_session} "
                f"({match.overlap:.0%} of word triples shared)",
                match.question_id,
            )
        )
    return found


def _repeats(material: SessionMaterial, index: StudyIndex) -> list[Signal]:
    found: list[Signal] = []
    earlier = [
        other
        for other in index.sessions.values()
        if other.session_id != material.session_id
        and (other.started_at, other.session_id) < (material.started_at, material.session_id)
    ]
    for other in sorted(earlier, key=lambda o: o.started_at, reverse=True):
        minutes = (material.started_at - other.started_at).total_seconds() / 60
        same_device = material.client_hash is not None and other.client_hash == material.client_hash
        same_invite = material.invite_id is not None and other.invite_id == material.invite_id
        if same_device and same_invite:
            found.append(
                Signal(
                    Flag.REPEAT_RESPONDENT,
                    "exclude",
                    f"same invite link and same device (salted hash of address and browser) as "
                    f"session {other.session_id}, {minutes:.0f} min earlier",
                )
            )
        elif same_device and minutes * 60 <= REPEAT_WINDOW_SECONDS:
            found.append(
                Signal(
                    Flag.REPEAT_RESPONDENT,
                    "review",
                    f"same device (salted hash of address and browser) as session "
                    f"{other.session_id}, {minutes:.0f} min earlier",
                )
            )
        elif same_invite and material.invite_label:
            found.append(
                Signal(
                    Flag.REPEAT_RESPONDENT,
                    "review",
                    f"the invite for {material.invite_label} also started session {other.session_id}",
                )
            )
        else:
            continue
        break  # one repeat is enough to say; the earliest is in the other's own verdict
    return found


def _one_speeding(signals: list[Signal]) -> list[Signal]:
    """Speed is one story per session: the fastest answer as the example, the rest counted."""
    fast = [s for s in signals if s.flag is Flag.SPEEDING]
    if len(fast) <= 1:
        return signals
    rest = [s for s in signals if s.flag is not Flag.SPEEDING]
    where = ", ".join(dict.fromkeys(s.question_id or "?" for s in fast))
    summary = Signal(
        Flag.SPEEDING,
        "review",
        f"{len(fast)} answers faster than anyone types ({where}); e.g. {fast[0].reason}",
        fast[0].question_id,
    )
    return [*rest, summary]


def _escalate(signals: list[Signal], material: SessionMaterial) -> list[Signal]:
    """Per-answer hints become an exclusion when they describe most of the interview: a
    session whose open answers are mostly pasted, machine-written, mashed or copied."""
    open_count = len(material.open_turns)
    escalated = list(signals)
    for flag in (Flag.PASTED, Flag.MACHINE_STYLE, Flag.GIBBERISH, Flag.DUPLICATE):
        answers = [s for s in signals if s.flag is flag]  # one per flagged answer
        # Half the answers pasted or mashed is a session nobody answered; for copies it takes
        # most of them: people in one team describe the same process in the same words.
        share = _EXCLUDE_SHARE[flag]
        if open_count and len(answers) >= 2 and len(answers) >= share * open_count:
            escalated.append(
                Signal(
                    flag,
                    "exclude",
                    f"{len(answers)} of {open_count} open answers {_DESCRIBED[flag]}",
                )
            )
    return escalated


_EXCLUDE_SHARE = {
    Flag.PASTED: 0.5,
    Flag.MACHINE_STYLE: 0.5,
    Flag.GIBBERISH: 0.5,
    Flag.DUPLICATE: 0.8,
}
_DESCRIBED = {
    Flag.PASTED: "were mostly pasted",
    Flag.MACHINE_STYLE: "read machine-written",
    Flag.GIBBERISH: "were gibberish",
    Flag.DUPLICATE: "repeat another session's answers",
}
