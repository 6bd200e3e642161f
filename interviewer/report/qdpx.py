"""A :class:`Report` as a REFI-QDA project (``.qdpx``), the exchange format of NVivo, ATLAS.ti,
MAXQDA and QualCoder.

A ``.qdpx`` is a zip of ``project.qde`` (XML in the ``urn:QDA-XML:project:1.0`` namespace,
REFI-QDA 1.5) and ``sources/<guid>.txt``, one plain-text file per transcript. Here:

- every transcript the report carries is a ``TextSource`` ("Interviewer: …" / "R03: …" lines,
  turns separated by a blank line), and each respondent a ``Case`` pointing at it;
- every theme is a ``Code`` named with its report id ("T2 Invoices to purchase", sub-themes
  nested), every hypothesis a code with "supports" and
  "contradicts" below it, and every insight a ``Note`` referenced from its theme's code;
- every quote in the report is a ``PlainTextSelection`` coded with the codes it stands for, one
  selection per verbatim fragment, at character offsets (Unicode code points, as the standard
  counts them) into the source text — so a researcher opening the project in a QDA tool sees
  exactly the words the report cites, highlighted in their context.

GUIDs are derived from the study and the report's own ids (UUID 5), so exporting the same
report again gives the same project. :func:`read_qdpx` reads such a file back; the tests use it
to check every quote lands on its words.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from xml.etree import ElementTree as ET

from interviewer import __version__
from interviewer.errors import InterviewerError
from interviewer.report.model import HypothesisVerdict, Quote, Report, Theme, Transcript

NAMESPACE = "urn:QDA-XML:project:1.0"
PROJECT_FILE = "project.qde"
SOURCES = "sources"
_NS = {"q": NAMESPACE}
_INTERVIEWER = "Interviewer"
_PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1")
_SUPPORTS, _CONTRADICTS = "#59a14f", "#e15759"


class QdpxError(InterviewerError):
    """A ``.qdpx`` file that cannot be read as a REFI-QDA project."""


def build_qdpx(report: Report) -> bytes:
    """The report as a ``.qdpx`` file's bytes."""
    return _Builder(report).build()


@dataclass
class _Segment:
    start: int
    end: int
    codes: list[str] = field(default_factory=list)


class _Builder:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.root_id = uuid.uuid5(uuid.NAMESPACE_URL, f"interviewer:study:{report.study.id}")
        self.when = _datetime(report.methodology.generated_at)
        self.user = self.guid("user", "interviewer")
        # Where each turn's text starts in its source, so a quote's fragment offsets (into the
        # turn) become offsets into the source file.
        self.turn_at: dict[int, tuple[str, int]] = {}
        self.texts: dict[str, str] = {}
        for transcript in report.transcripts:
            self.texts[transcript.session_id] = self._text(transcript)
        self.segments: dict[str, dict[tuple[int, int], _Segment]] = {}

    def guid(self, *parts: str) -> str:
        return str(uuid.uuid5(self.root_id, "/".join(parts)))

    def build(self) -> bytes:
        project = ET.Element(
            "Project",
            {
                "xmlns": NAMESPACE,
                "name": self.report.study.title or self.report.study.id,
                "origin": f"interviewer {__version__}",
                "creatingUserGUID": self.user,
                "creationDateTime": self.when,
            },
        )
        users = ET.SubElement(project, "Users")
        ET.SubElement(users, "User", {"guid": self.user, "name": "interviewer"})
        codebook = ET.SubElement(ET.SubElement(project, "CodeBook"), "Codes")
        for n, theme in enumerate(self.report.themes):
            self._theme_code(codebook, theme, _PALETTE[n % len(_PALETTE)])
        if self.report.hypotheses:
            self._hypothesis_codes(codebook, self.report.hypotheses)
        for insight in self.report.insights:  # its evidence, coded with the theme it is about
            for quote in insight.quotes:
                self._code_quote(quote, [self.guid("theme", insight.theme_id)])
        for quote in self.report.verbatims:
            self._code_quote(quote, [])  # shown in the report: a selection without a code
        if not list(codebook):
            del project[-1]  # CodesType needs one Code at least: leave the codebook out
        self._cases(project)
        sources = ET.SubElement(project, "Sources")
        files: dict[str, str] = {}
        for transcript in self.report.transcripts:
            files[self._source(sources, transcript)] = self.texts[transcript.session_id]
        if not list(sources):
            project.remove(sources)
        self._notes(project)
        ET.indent(project)
        xml = ET.tostring(project, encoding="unicode", xml_declaration=False)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(PROJECT_FILE, '<?xml version="1.0" encoding="utf-8"?>\n' + xml)
            for guid, text in files.items():
                archive.writestr(f"{SOURCES}/{guid}.txt", text)
        return buffer.getvalue()

    # -- codes ------------------------------------------------------------------------------

    def _theme_code(self, parent: ET.Element, theme: Theme, color: str) -> None:
        guid = self.guid("theme", theme.id)
        code = ET.SubElement(
            parent,
            "Code",
            # The report's id first: codes then sort as the report does, and two themes
            # labelled alike stay apart in the QDA tool's code tree.
            {"guid": guid, "name": f"{theme.id} {theme.name}", "isCodable": "true", "color": color},
        )
        share = theme.prevalence
        ET.SubElement(
            code, "Description"
        ).text = (
            f"{theme.id}: {theme.definition} ({share.respondents} of {share.total} respondents)"
        )
        for insight in self.report.insights:
            if insight.theme_id == theme.id:
                ET.SubElement(code, "NoteRef", {"targetGUID": self.guid("insight", insight.id)})
        for quote in theme.quotes:
            self._code_quote(quote, [guid])
        for sub in theme.sub_themes:
            self._theme_code(code, sub, color)

    def _hypothesis_codes(self, parent: ET.Element, verdicts: Iterable[HypothesisVerdict]) -> None:
        group = ET.SubElement(
            parent,
            "Code",
            {"guid": self.guid("hypotheses"), "name": "Hypotheses", "isCodable": "false"},
        )
        for verdict in verdicts:
            code = ET.SubElement(
                group,
                "Code",
                {
                    "guid": self.guid("hypothesis", verdict.hypothesis_id),
                    "name": f"{verdict.hypothesis_id}: {verdict.text}",
                    "isCodable": "false",
                },
            )
            ET.SubElement(code, "Description").text = f"{verdict.verdict}: {verdict.rationale}"
            for side, quotes, color in (
                ("supports", verdict.supporting, _SUPPORTS),
                ("contradicts", verdict.contradicting, _CONTRADICTS),
            ):
                guid = self.guid("hypothesis", verdict.hypothesis_id, side)
                ET.SubElement(
                    code,
                    "Code",
                    {
                        "guid": guid,
                        "name": f"{verdict.hypothesis_id} {side}",
                        "isCodable": "true",
                        "color": color,
                    },
                )
                for quote in quotes:
                    self._code_quote(quote, [guid])

    def _code_quote(self, quote: Quote, codes: list[str]) -> None:
        where = self.turn_at.get(quote.turn_id)
        if where is None:
            return  # its transcript is not in the report: nothing to point into
        session_id, offset = where
        segments = self.segments.setdefault(session_id, {})
        for fragment in quote.fragments:
            span = (offset + fragment.start, offset + fragment.end)
            segment = segments.setdefault(span, _Segment(*span))
            segment.codes += [c for c in codes if c not in segment.codes]

    # -- sources, cases, notes ----------------------------------------------------------------

    def _text(self, transcript: Transcript) -> str:
        parts: list[str] = []
        at = 0
        for turn in transcript.turns:
            speaker = transcript.respondent if turn.role == "respondent" else _INTERVIEWER
            prefix = f"{speaker}: "
            self.turn_at[turn.id] = (transcript.session_id, at + len(prefix))
            parts.append(prefix + turn.text)
            at += len(prefix) + len(turn.text) + 2  # the blank line between turns
        return "\n\n".join(parts) + "\n"

    def _source(self, parent: ET.Element, transcript: Transcript) -> str:
        guid = self.guid("source", transcript.session_id)
        source = ET.SubElement(
            parent,
            "TextSource",
            {
                "guid": guid,
                "name": f"{transcript.respondent} ({transcript.session_id})",
                "plainTextPath": f"internal://{guid}.txt",
                "creatingUser": self.user,
                "creationDateTime": self.when,
            },
        )
        text = self.texts[transcript.session_id]
        for span, segment in sorted(self.segments.get(transcript.session_id, {}).items()):
            selection = ET.SubElement(
                source,
                "PlainTextSelection",
                {
                    "guid": self.guid("selection", transcript.session_id, *map(str, span)),
                    "name": _label(text[segment.start : segment.end]),
                    "startPosition": str(segment.start),
                    "endPosition": str(segment.end),
                    "creatingUser": self.user,
                    "creationDateTime": self.when,
                },
            )
            for code in segment.codes:
                coding = ET.SubElement(
                    selection,
                    "Coding",
                    {
                        "guid": self.guid("coding", *map(str, span), code),
                        "creatingUser": self.user,
                        "creationDateTime": self.when,
                    },
                )
                ET.SubElement(coding, "CodeRef", {"targetGUID": code})
        return guid

    def _cases(self, project: ET.Element) -> None:
        if not self.report.transcripts:
            return
        cases = ET.SubElement(project, "Cases")
        for transcript in self.report.transcripts:
            case = ET.SubElement(
                cases,
                "Case",
                {"guid": self.guid("case", transcript.session_id), "name": transcript.respondent},
            )
            ET.SubElement(
                case, "SourceRef", {"targetGUID": self.guid("source", transcript.session_id)}
            )

    def _notes(self, project: ET.Element) -> None:
        if not self.report.insights:
            return
        notes = ET.SubElement(project, "Notes")
        for insight in self.report.insights:
            note = ET.SubElement(
                notes,
                "Note",
                {
                    "guid": self.guid("insight", insight.id),
                    "name": f"{insight.id} ({insight.confidence} confidence)",
                    "creatingUser": self.user,
                    "creationDateTime": self.when,
                },
            )
            ET.SubElement(note, "PlainTextContent").text = insight.statement


def _label(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _datetime(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat().replace("+00:00", "Z")


# -- reading a project back --------------------------------------------------------------------


@dataclass(frozen=True)
class CodedSegment:
    """A coded span of a source, as a QDA tool reads it."""

    source: str
    """The source's name."""
    start: int
    end: int
    text: str
    """``source text[start:end]``."""
    codes: tuple[str, ...]
    """Names of the codes applied to it."""


@dataclass(frozen=True)
class Project:
    name: str
    codes: dict[str, str]
    """Code GUID → name, nested codes included."""
    code_parents: dict[str, str | None]
    """Code name → its parent's name (``None`` at the top)."""
    sources: dict[str, str]
    """Source name → its plain text."""
    segments: list[CodedSegment]
    cases: dict[str, list[str]]
    """Case name → the names of its sources."""
    notes: dict[str, str]
    """Note name → its text."""


def read_qdpx(data: bytes) -> Project:
    """Read a ``.qdpx`` file (ours or another tool's plain-text sources)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        root = ET.fromstring(archive.read(PROJECT_FILE))
    except (zipfile.BadZipFile, KeyError, ET.ParseError) as exc:
        raise QdpxError(f"not a REFI-QDA project ({exc}); export it again as .qdpx") from exc
    if root.tag != f"{{{NAMESPACE}}}Project":
        raise QdpxError(f"the root element is {root.tag}, not a {NAMESPACE} Project")
    codes: dict[str, str] = {}
    parents: dict[str, str | None] = {}

    def walk(element: ET.Element, parent: str | None) -> None:
        for code in element.findall("q:Code", _NS):
            codes[code.attrib["guid"]] = code.attrib["name"]
            parents[code.attrib["name"]] = parent
            walk(code, code.attrib["name"])

    for book in root.findall("q:CodeBook/q:Codes", _NS):
        walk(book, None)
    sources: dict[str, str] = {}
    source_names: dict[str, str] = {}
    segments: list[CodedSegment] = []
    for source in root.findall("q:Sources/q:TextSource", _NS):
        name = source.attrib.get("name", source.attrib["guid"])
        source_names[source.attrib["guid"]] = name
        text = _source_text(archive, source)
        sources[name] = text
        for selection in source.findall("q:PlainTextSelection", _NS):
            start, end = (
                int(selection.attrib["startPosition"]),
                int(selection.attrib["endPosition"]),
            )
            applied = tuple(
                codes[ref.attrib["targetGUID"]]
                for ref in selection.findall("q:Coding/q:CodeRef", _NS)
            )
            segments.append(CodedSegment(name, start, end, text[start:end], applied))
    cases = {
        case.attrib.get("name", case.attrib["guid"]): [
            source_names[ref.attrib["targetGUID"]] for ref in case.findall("q:SourceRef", _NS)
        ]
        for case in root.findall("q:Cases/q:Case", _NS)
    }
    notes = {
        note.attrib.get("name", note.attrib["guid"]): "".join(
            note.findtext("q:PlainTextContent", "", _NS)
        )
        for note in root.findall("q:Notes/q:Note", _NS)
    }
    return Project(root.attrib["name"], codes, parents, sources, segments, cases, notes)


def _source_text(archive: zipfile.ZipFile, source: ET.Element) -> str:
    inline = source.find("q:PlainTextContent", _NS)
    if inline is not None:
        return inline.text or ""
    path = source.attrib.get("plainTextPath", "")
    name = path.removeprefix("internal://")
    try:
        return archive.read(f"{SOURCES}/{name}").decode("utf-8")
    except KeyError as exc:
        raise QdpxError(f"source {path!r} is missing from the archive") from exc


def iter_guids(root: ET.Element) -> Iterator[str]:
    """Every GUID-typed attribute value in a project tree (the tests check their form)."""
    for element in root.iter():
        for key, value in element.attrib.items():
            if key in {"guid", "targetGUID", "creatingUser", "creatingUserGUID"}:
                yield value
