"""Reading interview transcripts made elsewhere: plain text / Markdown with speaker labels,
WebVTT and SRT captions.

Recognised speaker labels, at the start of a line:

- ``Interviewer: text``, ``**Jane:** text``, ``Jane (00:12): text``, ``[00:12] Jane: text``;
- a name and a timestamp alone on a line, the words on the following lines (``Jane Doe  00:12``,
  as Zoom, Otter and Teams export them).

A label counts only if it names a role (Interviewer, Respondent, Q, A…) or occurs at least
twice, so "Honestly: it was chaos" inside an answer does not start a new turn. A turn's text is
one contiguous slice of the file, byte for byte (only surrounding whitespace is left out), so a
quote can always be found in the original. Captions are the exception: their timing lines and
markup tags are not speech, so a turn is the cue texts of one speaker joined by line breaks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MODERATOR_LABELS = frozenset(
    "interviewer moderator researcher facilitator host q question int i".split()
)
RESPONDENT_LABELS = frozenset(
    "respondent participant interviewee customer user guest a answer r p resp".split()
)
_NAME = r"[^\W\d_][\w .'’&-]{0,40}?"
_STAMP = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_INLINE = re.compile(
    rf"^[ \t]*(?:\[?(?P<ts1>{_STAMP})\]?[ \t]+)?(?:\*\*|__)?(?P<label>{_NAME})(?:\*\*|__)?"
    rf"[ \t]*(?:[(\[](?P<ts2>{_STAMP})[)\]])?[ \t]*(?:\*\*|__)?:(?:\*\*|__)?[ \t]*"
)
_HEADER = re.compile(rf"^[ \t]*(?P<label>{_NAME})[ \t]+[(\[]?(?P<ts>{_STAMP})[)\]]?[ \t]*$")
_DECORATION = re.compile(r"^[ \t]*(?:#{1,6}[ \t].*|[-*_=]{3,}[ \t]*)$")
_TIMING = re.compile(r"-->")
_TAG = re.compile(r"<[^>]*>")
_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?[ \t]+(?P<name>[^>]+)>")
_CUE_SPEAKER = re.compile(rf"^(?:-[ \t]*)?(?P<label>{_NAME}):[ \t]+")


@dataclass(frozen=True)
class SourceTurn:
    """One speaker turn as it appears in the file."""

    speaker: str
    """The label as written (``Interviewer``, ``Jane Doe``)."""
    text: str
    """What was said: a slice of the file (captions: cue texts joined by line breaks)."""
    line: int
    """1-based line of the file where the turn's text starts."""


@dataclass(frozen=True)
class ParsedTranscript:
    """A parsed transcript file."""

    name: str
    """The file's name, for provenance."""
    turns: tuple[SourceTurn, ...]


def parse_text(text: str, name: str) -> ParsedTranscript:
    """Parse a plain-text or Markdown transcript with speaker labels.

    Raises ``ValueError`` saying which label formats are expected when no turn is found.
    """
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    candidates = [_label_at(line) for line in lines]
    counts = Counter(_key(c[0]) for c in candidates if c is not None)
    speakers = {k for k, n in counts.items() if n >= 2 or role_of(k) is not None}

    turns: list[SourceTurn] = []
    current: tuple[str, int, int, int] | None = None  # speaker, start offset, end offset, line

    def close() -> None:
        if current is not None:
            speaker, start, end, line = current
            body = text[start:end]
            stripped = body.strip()
            if stripped:
                lead = len(body) - len(body.lstrip())
                turns.append(SourceTurn(speaker, stripped, line + body[:lead].count("\n")))

    for index, line in enumerate(lines):
        found = candidates[index]
        if found is not None and _key(found[0]) in speakers:
            close()
            speaker, column = found
            start = offsets[index] + column
            current = (speaker, start, offsets[index] + len(line.rstrip("\r\n")), index + 1)
            continue
        if _DECORATION.match(line):
            close()
            current = None
            continue
        if current is not None and line.strip():
            current = (
                current[0],
                current[1],
                offsets[index] + len(line.rstrip("\r\n")),
                current[3],
            )
    close()
    if not turns:
        raise ValueError(
            f"{name}: no speaker turns found. Start each turn with a label such as "
            "'Interviewer: …' / 'Respondent: …', '**Name:** …' or a line 'Name  00:12' "
            "followed by the words."
        )
    return ParsedTranscript(name, tuple(turns))


def parse_captions(text: str, name: str) -> ParsedTranscript:
    """Parse WebVTT or SRT captions; speakers from ``<v Name>`` tags or ``Name:`` prefixes."""
    blocks = _blocks(text)
    turns: list[SourceTurn] = []
    speaker, first_line = "", 0
    pieces: list[str] = []
    for line_number, block in blocks:
        timing = next((i for i, line in enumerate(block) if _TIMING.search(line)), None)
        if timing is None:
            continue  # header, NOTE, STYLE, REGION or a stray index
        payload = [line for line in block[timing + 1 :] if line.strip()]
        if not payload:
            continue
        who, words = _cue_speaker(payload, speaker)
        if who != speaker and pieces:
            turns.append(SourceTurn(speaker or "Speaker", "\n".join(pieces), first_line))
            pieces = []
        if not pieces:
            first_line = line_number + timing + 1
        speaker = who
        pieces.extend(words)
    if pieces:
        turns.append(SourceTurn(speaker or "Speaker", "\n".join(pieces), first_line))
    if not turns:
        raise ValueError(f"{name}: no caption cues found; is it a WebVTT or SRT file?")
    return ParsedTranscript(name, tuple(turns))


def role_of(label: str) -> str | None:
    """``moderator`` or ``respondent`` when a label names a role, else None."""
    key = _key(label)
    bare = re.sub(r"[\s\d#.]+$", "", key)  # "Participant 3", "P1", "R#2"
    if key in MODERATOR_LABELS or bare in MODERATOR_LABELS:
        return "moderator"
    if key in RESPONDENT_LABELS or bare in RESPONDENT_LABELS:
        return "respondent"
    return None


def assign_roles(turns: Sequence[SourceTurn], interviewers: Iterable[str] = ()) -> dict[str, str]:
    """Speaker → role. Named interviewers and role labels first; otherwise the speaker who
    asks the most questions is taken to be the interviewer (a lone speaker is a respondent)."""
    named = {_key(n) for n in interviewers if n.strip()}
    speakers = list(dict.fromkeys(t.speaker for t in turns))
    roles = {s: ("moderator" if _key(s) in named else role_of(s)) for s in speakers}
    unknown = [s for s in speakers if roles[s] is None]
    if unknown and "moderator" not in roles.values() and len(speakers) > 1:
        asks = {s: _question_share(t.text for t in turns if t.speaker == s) for s in unknown}
        roles[max(unknown, key=lambda s: asks[s])] = "moderator"
    return {s: roles[s] or "respondent" for s in speakers}


def _label_at(line: str) -> tuple[str, int] | None:
    """(speaker, column where the words start) when the line starts a turn."""
    header = _HEADER.match(line)
    if header:
        return header.group("label").strip(), len(line.rstrip("\r\n"))
    inline = _INLINE.match(line)
    if inline:
        return inline.group("label").strip(), inline.end()
    return None


def _key(label: str) -> str:
    return " ".join(label.casefold().split())


def _question_share(texts: Iterable[str]) -> float:
    items = [t.rstrip() for t in texts]
    return sum(1 for t in items if t.endswith("?")) / len(items) if items else 0.0


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks with the 1-based line number of their first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    return blocks


def _cue_speaker(payload: list[str], previous: str) -> tuple[str, list[str]]:
    """The speaker of a cue and its lines with voice tags and markup removed."""
    who = previous
    voice = _VOICE.match(payload[0])
    if voice:
        who = voice.group("name").strip()
    words = [_TAG.sub("", line).strip() for line in payload]
    if not voice:
        prefix = _CUE_SPEAKER.match(words[0])
        if prefix:
            who = prefix.group("label").strip()
            words[0] = words[0][prefix.end() :]
    return who, [w for w in words if w]
