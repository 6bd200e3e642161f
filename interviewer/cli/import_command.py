"""``interviewer import``: transcripts and survey answers gathered elsewhere, as sessions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.cli.common import CliError, add_db_flag, open_store, settings_from

if TYPE_CHECKING:
    from interviewer.importers.files import ImportResult

SHOWN_NAMES = 5
"""Respondents named in the "already imported" note before it says "…"."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imported = subparsers.add_parser(
        "import",
        help="store transcripts (.txt .md .vtt .srt) and survey answers (.csv) as sessions",
        description="Import interviews and feedback gathered elsewhere. Each transcript file "
        "and each CSV row becomes a session of a study: the one --study-id names, else one "
        "named after the files' folder (created when it does not exist). Every turn keeps its "
        "text exactly as in the file. Importing the same files again adds only what is new, "
        "and updates the title or decision given with --title / --decision.",
    )
    imported.add_argument("files", nargs="+", metavar="FILE")
    imported.add_argument(
        "--study-id",
        metavar="ID",
        help="study to import into (default: from the files' folder, e.g. "
        "pdpilot_user_study/transcripts/*.txt → pdpilot-user-study)",
    )
    imported.add_argument(
        "--title", metavar="TEXT", help="title of the study (default: from its name)"
    )
    imported.add_argument(
        "--decision",
        metavar="TEXT",
        help='the decision this research feeds, e.g. "Whether to build X first"; '
        "insights are phrased as actions on it",
    )
    imported.add_argument(
        "--interviewer",
        action="append",
        default=[],
        metavar="NAME",
        help="speaker label of the interviewer in transcripts (repeatable); default: the "
        "Interviewer/Moderator/Q label, else the speaker who asks the most questions",
    )
    imported.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="HEADER=QUESTION_ID",
        help="map a CSV column to a question of an existing study (repeatable)",
    )
    imported.add_argument(
        "--respondent-column", metavar="HEADER", help="CSV column that names the respondent"
    )
    imported.add_argument(
        "--again", action="store_true", help="import interviews already imported once more"
    )
    add_db_flag(imported)
    imported.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from interviewer.importers.files import import_files  # only this command needs it

    columns: dict[str, str] = {}
    for pair in args.column:
        header, sep, question = pair.partition("=")
        if not sep or not header.strip() or not question.strip():
            raise CliError(f"--column {pair!r}: write it as 'Column header=question_id'")
        columns[header.strip()] = question.strip()
    paths = [Path(f) for f in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise CliError(f"no such file: {', '.join(missing)}")
    store = open_store(settings_from(args), writing=True)
    try:
        result = import_files(
            store,
            paths,
            study_id=args.study_id,
            title=args.title,
            decision=args.decision,
            interviewers=args.interviewer,
            columns=columns,
            respondent_column=args.respondent_column,
            again=args.again,
        )
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    for line in _study_lines(result):
        print(line)
    for respondent, session_id, turns in result.sessions:
        print(f"{session_id}  {respondent}  {turns} turns")
    if result.already_imported:
        names = ", ".join(result.already_imported[:SHOWN_NAMES])
        more = ", …" if len(result.already_imported) > SHOWN_NAMES else ""
        print(
            f"note: {len(result.already_imported)} already imported ({names}{more}); "
            "pass --again to import a second copy",
            file=sys.stderr,
        )
    for line in result.notes:
        print(f"note: {line}", file=sys.stderr)
    print(
        f"imported {len(result.sessions)} session(s) into {result.study_id}; next: "
        f"`interviewer report {result.study_id}`"
    )
    return 0


def _study_lines(result: ImportResult) -> list[str]:
    """Which study, where its id came from, and its title and decision when they are news."""
    study = result.study
    head = (
        f"created study {study.id}"
        if result.created_study
        else f"adding to existing study {study.id}"
    )
    if result.id_from is not None:
        head += f" (id from {result.id_from}; choose another with --study-id ID)"
    lines = [head]
    if result.created_study or "title" in result.updated:
        lines.append(f"  title:    {study.title}")
    if result.created_study or "decision" in result.updated or not study.decision_recorded:
        if study.decision_recorded:
            lines.append(f"  decision: {study.decision}")
        else:
            lines.append(
                "  decision: none recorded, so insights cannot say what to do about it; "
                'run this import again with --decision "Whether to …" (nothing is imported twice)'
            )
    return lines
