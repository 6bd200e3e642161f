"""``interviewer import`` as a new user types it: no ``--study-id``, then title and decision.

Driven through the command with whole outputs compared, and the rows stored checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.importers.naming import (
    generated_title,
    refreshed_title,
    slugify,
    study_name,
    words,
)
from interviewer.importers.transcripts import parse_text
from interviewer.store import Store
from interviewer.study.schema import NO_DECISION

ROOT = Path(__file__).resolve().parent.parent
PDPILOT = ROOT.parent / "shared" / "eval" / "pdpilot_user_study" / "transcripts"
SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{12}(?=  )", re.M)
NO_DECISION_LINE = (
    "  decision: none recorded, so insights cannot say what to do about it; run this import "
    'again with --decision "Whether to …" (nothing is imported twice)\n'
)
CALL = """Interviewer: Tell me about the last time you onboarded a new hire.

{name}: Last Monday. {answer}

Interviewer: What was the hardest part?

{name}: {hardest}
"""
CALLS = {
    "call-1.md": CALL.format(
        name="Dana",
        answer="I spent the morning requesting laptop access by email.",
        hardest="Waiting three days for IT to create the accounts.",
    ),
    "call-2.md": CALL.format(
        name="Eli",
        answer="The contract was still unsigned when she arrived.",
        hardest="Nobody owned the checklist, so steps were skipped.",
    ),
    "call-3.md": CALL.format(
        name="Fay",
        answer="We shipped the badge to the wrong office.",
        hardest="Chasing facilities for a desk.",
    ),
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def calls_folder(tmp_path: Path, names: tuple[str, ...] = ("call-1.md", "call-2.md")) -> Path:
    folder = tmp_path / "acme_onboarding" / "transcripts"
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(CALLS[name], encoding="utf-8")
    return folder


def stored(db: Path, study_id: str) -> tuple[list[str], list[str]]:
    """(respondents of the imported sessions, oldest first; their session ids)."""
    with Store(f"sqlite:///{db}") as store:
        sessions = [s for s in store.list_sessions(study_id) if s.source == "import"][::-1]
    return [s.respondent or "" for s in sessions], [s.id for s in sessions]


def test_import_without_study_id_names_the_study_after_its_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = calls_folder(tmp_path)
    db = tmp_path / "db.sqlite"
    files = [str(folder / "call-1.md"), str(folder / "call-2.md")]
    code, out, err = run(capsys, "import", *files, "--db", str(db))
    assert (code, err) == (0, "")
    assert SESSION_ID.sub("<id>", out) == (
        "created study acme-onboarding (id from the folder acme_onboarding; choose another "
        "with --study-id ID)\n"
        "  title:    Acme onboarding (2 imported interviews)\n"
        + NO_DECISION_LINE
        + "<id>  Dana  4 turns\n"
        "<id>  Eli  4 turns\n"
        "imported 2 session(s) into acme-onboarding; next: `interviewer report acme-onboarding`\n"
    )
    respondents, ids = stored(db, "acme-onboarding")
    assert respondents == ["Dana", "Eli"]
    assert SESSION_ID.findall(out) == ids
    with Store(f"sqlite:///{db}") as store:
        study = store.get_study("acme-onboarding")
    assert (study.title, study.decision) == ("Acme onboarding (2 imported interviews)", NO_DECISION)
    assert not study.decision_recorded


def test_importing_again_adds_only_new_files_and_keeps_the_count_in_the_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = calls_folder(tmp_path)
    db = str(tmp_path / "db.sqlite")
    assert run(capsys, "import", *map(str, sorted(folder.iterdir())), "--db", db)[0] == 0

    # The same command again: nothing stored twice, and the decision is still asked for.
    code, out, err = run(capsys, "import", *map(str, sorted(folder.iterdir())), "--db", db)
    assert code == 0
    assert out == (
        "adding to existing study acme-onboarding (id from the folder acme_onboarding; choose "
        "another with --study-id ID)\n"
        + NO_DECISION_LINE
        + "imported 0 session(s) into acme-onboarding; next: `interviewer report acme-onboarding`\n"
    )
    assert err == "note: 2 already imported (Dana, Eli); pass --again to import a second copy\n"

    # A new file in the folder: only it is stored, and the generated title counts it.
    calls_folder(tmp_path, ("call-3.md",))
    code, out, err = run(capsys, "import", *map(str, sorted(folder.iterdir())), "--db", db)
    assert code == 0
    assert SESSION_ID.sub("<id>", out) == (
        "adding to existing study acme-onboarding (id from the folder acme_onboarding; choose "
        "another with --study-id ID)\n"
        "  title:    Acme onboarding (3 imported interviews)\n"
        + NO_DECISION_LINE
        + "<id>  Fay  4 turns\n"
        "imported 1 session(s) into acme-onboarding; next: `interviewer report acme-onboarding`\n"
    )
    assert stored(tmp_path / "db.sqlite", "acme-onboarding")[0] == ["Dana", "Eli", "Fay"]

    # The decision, given later: the study gets it, nothing else changes.
    code, out, _ = run(
        capsys, "import", *map(str, sorted(folder.iterdir())), "--db", db,
        "--decision", "Whether to automate IT account requests first",
    )  # fmt: skip
    assert code == 0
    assert out == (
        "adding to existing study acme-onboarding (id from the folder acme_onboarding; choose "
        "another with --study-id ID)\n"
        "  decision: Whether to automate IT account requests first\n"
        "imported 0 session(s) into acme-onboarding; next: `interviewer report acme-onboarding`\n"
    )
    with Store(f"sqlite:///{db}") as store:
        study = store.get_study("acme-onboarding")
    assert study.decision_recorded
    assert (study.title, study.decision) == (
        "Acme onboarding (3 imported interviews)",
        "Whether to automate IT account requests first",
    )

    # --again stores every file once more, as before.
    code, out, _ = run(capsys, "import", *map(str, sorted(folder.iterdir())), "--db", db, "--again")
    assert code == 0 and "imported 3 session(s) into acme-onboarding" in out
    assert "  title:    Acme onboarding (6 imported interviews)\n" in out
    assert stored(tmp_path / "db.sqlite", "acme-onboarding")[0] == ["Dana", "Eli", "Fay"] * 2


def test_title_and_decision_flags_name_a_new_study_and_a_written_title_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = calls_folder(tmp_path)
    db = str(tmp_path / "db.sqlite")
    code, out, err = run(
        capsys, "import", str(folder / "call-1.md"), "--study-id", "onboarding", "--db", db,
        "--title", "  Onboarding calls,\n May ", "--decision", "Whether to build an IT checklist",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert SESSION_ID.sub("<id>", out) == (
        "created study onboarding\n"
        "  title:    Onboarding calls, May\n"
        "  decision: Whether to build an IT checklist\n"
        "<id>  Dana  4 turns\n"
        "imported 1 session(s) into onboarding; next: `interviewer report onboarding`\n"
    )
    # A title someone wrote is never rewritten by a later import.
    code, out, _ = run(
        capsys, "import", str(folder / "call-2.md"), "--study-id", "onboarding", "--db", db
    )
    assert SESSION_ID.sub("<id>", out) == (
        "adding to existing study onboarding\n"
        "<id>  Eli  4 turns\n"
        "imported 1 session(s) into onboarding; next: `interviewer report onboarding`\n"
    )
    with Store(f"sqlite:///{db}") as store:
        study = store.get_study("onboarding")
        versions = [r for r in store.list_studies() if r.id == "onboarding"]
    assert (study.title, study.decision) == (
        "Onboarding calls, May",
        "Whether to build an IT checklist",
    )
    assert len(versions) == 1  # nothing changed, so no new version of the study


def test_an_explicit_new_study_id_without_a_title_reads_as_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = calls_folder(tmp_path)
    db = str(tmp_path / "db.sqlite")
    code, out, _ = run(
        capsys, "import", str(folder / "call-1.md"), "--study-id", "it_onboarding", "--db", db
    )
    assert code == 0
    assert out.splitlines()[:2] == [
        "created study it_onboarding",
        "  title:    It onboarding (1 imported interview)",
    ]


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--decision", " x "], '--decision needs at least 3 characters, e.g. --decision "Whether'),
        (["--title", ""], "--title needs at least 3 characters"),
    ],
)
def test_too_short_titles_and_decisions_are_refused_before_anything_is_stored(
    flags: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = calls_folder(tmp_path)
    db = tmp_path / "db.sqlite"
    code, out, err = run(capsys, "import", str(folder / "call-1.md"), "--db", str(db), *flags)
    assert (code, out) == (1, "")
    assert err.startswith("error: ") and message in err
    with Store(f"sqlite:///{db}") as store:
        assert store.list_studies() == []


def test_the_report_says_no_decision_was_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = calls_folder(tmp_path, tuple(CALLS))
    db = str(tmp_path / "db.sqlite")
    assert run(capsys, "import", *map(str, sorted(folder.iterdir())), "--db", db)[0] == 0
    code, out, err = run(
        capsys, "report", "acme-onboarding", "--db", db, "--format", "json", "--out", "-",
        "--embedding", "tfidf-svd", "-q",
    )  # fmt: skip
    assert code == 0, err
    assert '"title": "Acme onboarding (3 imported interviews)"' in out
    assert '"decision": "None recorded — re-import with --decision \\"…\\""' in out


# -- naming ---------------------------------------------------------------------------------------


def test_folder_and_file_names_become_ids_and_title_words(tmp_path: Path) -> None:
    assert [slugify(n) for n in ("pdpilot_user_study", "Señal: entrevistas", "2024 calls")] == [
        "pdpilot-user-study",
        "senal-entrevistas",
        "study-2024-calls",
    ]
    assert slugify("日本語") == ""  # nothing to spell it with: a fallback names the study
    assert len(slugify("word-" * 30)) <= 64 and not slugify("word-" * 30).endswith("-")
    assert [words(n) for n in ("pdpilot_user_study", "PDPilot-user-study", "iOS beta")] == [
        "Pdpilot user study",
        "PDPilot user study",
        "iOS beta",
    ]

    deep = tmp_path / "data" / "exports" / "transcripts"
    deep.mkdir(parents=True)
    paths = [deep / "a.vtt", deep / "b.vtt"]
    # Every folder within reach only says what the files are: a plain fallback, and one file
    # names the study itself.
    assert study_name(paths, kind="interviews").id == "imported-interviews"
    assert study_name(paths[:1], kind="interviews").id == "a"
    named = study_name([tmp_path / "Q3 churn" / "raw" / "x.csv"], kind="responses")
    assert (named.id, named.name, named.source) == ("q3-churn", "Q3 churn", "the folder Q3 churn")


def test_only_generated_titles_are_refreshed() -> None:
    assert generated_title("Acme", 1, "interviews") == "Acme (1 imported interview)"
    assert generated_title(None, 4, "responses") == "4 imported responses"
    assert refreshed_title("Acme (1 imported interview)", 2, "interviews") == (
        "Acme (2 imported interviews)"
    )
    assert refreshed_title("4 imported responses", 5, "responses") == "5 imported responses"
    assert refreshed_title("Acme onboarding calls", 2, "interviews") is None
    assert refreshed_title("Acme (onboarding calls)", 2, "interviews") is None


# -- the PDPilot user study, as the issue tried it ------------------------------------------------


@pytest.mark.skipif(not PDPILOT.is_dir(), reason=f"evaluation data not present at {PDPILOT}")
def test_the_pdpilot_transcripts_import_as_a_new_user_types_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = sorted(PDPILOT.glob("*.txt"))
    db = tmp_path / "db.sqlite"
    code, out, err = run(capsys, "import", *map(str, files), "--db", str(db))
    assert (code, err) == (0, "")
    turns = [len(parse_text(f.read_text(encoding="utf-8-sig"), f.name).turns) for f in files]
    assert SESSION_ID.sub("<id>", out) == (
        "created study pdpilot-user-study (id from the folder pdpilot_user_study; choose "
        "another with --study-id ID)\n"
        "  title:    Pdpilot user study (7 imported interviews)\n"
        + NO_DECISION_LINE
        + "".join(f"<id>  {f.stem}  {n} turns\n" for f, n in zip(files, turns, strict=True))
        + "imported 7 session(s) into pdpilot-user-study; next: "
        "`interviewer report pdpilot-user-study`\n"
    )
    respondents, ids = stored(db, "pdpilot-user-study")
    assert respondents == [f.stem for f in files] == [f"P{n}" for n in range(1, 8)]
    with Store(f"sqlite:///{db}") as store:
        for path, session_id in zip(files, ids, strict=True):
            text = path.read_text(encoding="utf-8-sig")
            stored_turns = store.transcript(session_id)
            assert all(t.text in text for t in stored_turns)  # verbatim, turn for turn
            said = [t for t in stored_turns if t.role == "respondent"]
            assert said and all((t.idempotency_key or "").startswith(f"{path.name}:") for t in said)
