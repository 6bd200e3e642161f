"""The REFI-QDA export (issue 13): a ``.qdpx`` a QDA tool can open, with every quote of the
report a coded segment at the offsets of its words.

The REFI-QDA XSD is not shipped here, so the project is checked against the rules of its
Project schema that matter to importers (root namespace, element order, required attributes,
GUID and dateTime forms, integer positions) and read back with our own parser."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from interviewer.cli import main
from interviewer.report.model import Report
from interviewer.report.qdpx import NAMESPACE, QdpxError, build_qdpx, iter_guids, read_qdpx
from interviewer.store import Store
from interviewer.synthesis.pipeline import SynthesisOptions, synthesize
from tests.support.synthesis_data import SCRIPT_TAG, load_example, run_interviews

STUDY_ID = "invoice-approvals"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)$")
Q = f"{{{NAMESPACE}}}"
# ProjectType's sequence, and what each element requires (Project-mrt2019.xsd).
PROJECT_ORDER = ["Users", "CodeBook", "Variables", "Cases", "Sources", "Notes", "Links", "Sets"]
REQUIRED = {
    "Project": {"name"},
    "User": {"guid"},
    "Code": {"guid", "name", "isCodable"},
    "Case": {"guid"},
    "SourceRef": {"targetGUID"},
    "TextSource": {"guid"},
    "PlainTextSelection": {"guid", "startPosition", "endPosition"},
    "Coding": {"guid"},
    "CodeRef": {"targetGUID"},
    "NoteRef": {"targetGUID"},
    "Note": {"guid"},
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    with Store(f"sqlite:///{tmp_path_factory.mktemp('qdpx') / 'db.sqlite'}") as store:
        run_interviews(store, load_example(STUDY_ID), 7, seed=2, lazy=(5,))
        yield synthesize(store, STUDY_ID, options=SynthesisOptions(embedding="tfidf-svd"))


def test_every_quote_is_a_coded_segment_at_its_words(report: Report) -> None:
    project = read_qdpx(build_qdpx(report))
    assert report.all_quotes(), "the fixture must produce quotes"
    by_source = {(s.source, s.text) for s in project.segments}
    respondent = {t.session_id: t.respondent for t in report.transcripts}
    for quote in report.all_quotes():
        source = f"{respondent[quote.session_id]} ({quote.session_id})"
        for fragment in quote.fragments:
            assert (source, fragment.text) in by_source, (quote.id, fragment.text)
    for segment in project.segments:  # and the offsets are the words, in their turn's line
        text = project.sources[segment.source]
        assert text[segment.start : segment.end] == segment.text and segment.text.strip()


def test_themes_are_codes_and_their_quotes_carry_them(report: Report) -> None:
    project = read_qdpx(build_qdpx(report))
    names = set(project.codes.values())
    for theme in report.themes:
        code = f"{theme.id} {theme.name}"
        assert code in names
        coded = {s.text for s in project.segments if code in s.codes}
        assert {f.text for q in theme.quotes for f in q.fragments} <= coded
        for sub in theme.sub_themes:
            assert project.code_parents[f"{sub.id} {sub.name}"] == code
    for verdict in report.hypotheses:
        assert project.code_parents[f"{verdict.hypothesis_id} supports"].startswith(
            verdict.hypothesis_id
        )
    assert {n.split(" ")[0] for n in project.notes} == {i.id for i in report.insights}
    assert all(len(sources) == 1 for sources in project.cases.values())
    assert len(project.sources) == len(report.transcripts)


def test_the_project_follows_the_refi_qda_schema_rules(report: Report) -> None:
    with zipfile.ZipFile(__import__("io").BytesIO(build_qdpx(report))) as archive:
        names = archive.namelist()
        root = ET.fromstring(archive.read("project.qde"))
        assert archive.read("project.qde").startswith(b'<?xml version="1.0" encoding="utf-8"?>')
        for source in root.iter(f"{Q}TextSource"):
            path = source.attrib["plainTextPath"]
            assert path.startswith("internal://")
            assert f"sources/{path.removeprefix('internal://')}" in names
    assert root.tag == f"{Q}Project"
    children = [child.tag.removeprefix(Q) for child in root]
    assert children == sorted(children, key=PROJECT_ORDER.index)
    for element in root.iter():
        tag = element.tag.removeprefix(Q)
        assert element.tag.startswith(Q), f"{tag} is outside the REFI-QDA namespace"
        assert REQUIRED.get(tag, set()) <= set(element.attrib), tag
        for key in ("creationDateTime",):
            if key in element.attrib:
                assert DATETIME.match(element.attrib[key]), element.attrib[key]
        if tag == "PlainTextSelection":
            start, end = int(element.attrib["startPosition"]), int(element.attrib["endPosition"])
            assert 0 <= start < end
            assert [c.tag.removeprefix(Q) for c in element] == ["Coding"] * len(element)
        if tag == "Code":
            assert element.attrib["isCodable"] in {"true", "false"}
    for guid in iter_guids(root):
        assert GUID.match(guid), guid
    guids = [e.attrib["guid"] for e in root.iter() if "guid" in e.attrib]
    assert len(guids) == len(set(guids)), "GUIDs must be unique"
    targets = {e.attrib["targetGUID"] for e in root.iter() if "targetGUID" in e.attrib}
    assert targets <= set(guids), "every reference points at something in the project"


def test_the_same_report_exports_the_same_project(report: Report) -> None:
    assert build_qdpx(report) == build_qdpx(report)


def test_respondent_markup_stays_text(report: Report) -> None:
    project = read_qdpx(build_qdpx(report))
    typed = [t for t in report.transcripts for turn in t.turns if SCRIPT_TAG in turn.text]
    assert typed, "the fixture has a respondent who typed a script tag"
    assert any(SCRIPT_TAG in text for text in project.sources.values())


def test_a_file_that_is_not_a_project_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(QdpxError, match="not a REFI-QDA project"):
        read_qdpx(b"PK not really a zip")


def test_report_cli_writes_a_qdpx_of_real_interviews(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """PDPilot's 7 real transcripts: imported, reported as qdpx and json in one run."""
    transcripts = Path(__file__).resolve().parents[1].parent / "shared/eval/pdpilot_user_study"
    if not (transcripts / "transcripts").is_dir():
        pytest.skip("the shared evaluation data is not here")
    monkeypatch.chdir(tmp_path)
    db = ["--db", f"sqlite:///{tmp_path / 'db.sqlite'}"]
    files = sorted(str(p) for p in (transcripts / "transcripts").glob("*.txt"))
    assert main(["import", *files, "--study-id", "pdpilot", *db]) == 0
    assert main(["report", "pdpilot", "--format", "qdpx,json", "--out", "pd", *db]) == 0
    assert "wrote pd.qdpx" in capsys.readouterr().err
    data = json.loads(Path("pd.json").read_text("utf-8"))
    project = read_qdpx(Path("pd.qdpx").read_bytes())
    coded = {s.text for s in project.segments}
    quotes = [q for t in data["themes"] for q in t["quotes"]]
    assert quotes and all(f["text"] in coded for q in quotes for f in q["fragments"])
    assert len(project.sources) == len(data["transcripts"]) >= 7
