"""``interviewer studies``, ``interviewer sessions`` and ``interviewer transcript``.

``interviewer sessions STUDY_ID`` lists a study's sessions (``sessions list STUDY_ID`` says
the same); ``sessions delete SESSION_ID…`` removes a respondent's data on request and
``sessions purge --older-than 90d`` applies a retention period, each leaving an audit entry
(``sessions audit``) that records counts, never content.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Sequence
from datetime import timedelta

from interviewer.cli.common import CliError, add_db_flag, open_store, settings_from
from interviewer.store import AuditRecord

ACTIONS = ("list", "delete", "purge", "audit")
"""Subcommands of ``sessions``; anything else after it is a study id (``sessions STUDY_ID``)."""
_AGE = re.compile(r"^(\d+)\s*([dwh])$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    studies = subparsers.add_parser("studies", help="list the studies in the store")
    add_db_flag(studies)
    studies.set_defaults(handler=run_studies)

    sessions = subparsers.add_parser(
        "sessions",
        help="list, delete or purge a study's sessions",
        description="`interviewer sessions STUDY_ID` lists the sessions; delete and purge "
        "remove respondents' data and leave an audit entry.",
    )
    actions = sessions.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list a study's sessions (the default)")
    listing.add_argument("study_id", metavar="STUDY_ID")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    add_db_flag(listing)
    listing.set_defaults(handler=run_sessions)

    delete = actions.add_parser(
        "delete", help="delete sessions on a respondent's request (turns, answers, scores)"
    )
    delete.add_argument("session_ids", nargs="+", metavar="SESSION_ID")
    add_db_flag(delete)
    delete.set_defaults(handler=run_delete)

    purge = actions.add_parser(
        "purge", help="delete sessions older than a retention period (e.g. --older-than 90d)"
    )
    purge.add_argument(
        "--older-than", required=True, metavar="AGE", help="e.g. 90d, 12w or 48h (by start)"
    )
    purge.add_argument("--study", metavar="STUDY_ID", help="only this study (default: all)")
    purge.add_argument("--dry-run", action="store_true", help="list what would be deleted")
    add_db_flag(purge)
    purge.set_defaults(handler=run_purge)

    audit = actions.add_parser("audit", help="list the deletions recorded")
    audit.add_argument("--study", metavar="STUDY_ID", help="only this study")
    add_db_flag(audit)
    audit.set_defaults(handler=run_audit)

    transcript = subparsers.add_parser("transcript", help="print one session's turns")
    transcript.add_argument("session_id", metavar="SESSION_ID")
    transcript.add_argument("--json", action="store_true", help="one JSON object per turn")
    add_db_flag(transcript)
    transcript.set_defaults(handler=run_transcript)


def with_default_action(argv: Sequence[str]) -> list[str]:
    """``sessions STUDY_ID …`` as ``sessions list STUDY_ID …``, so the listing keeps its
    short form next to the subcommands."""
    args = list(argv)
    command = next((i for i, a in enumerate(args) if not a.startswith("-")), None)
    if command is None or args[command] != "sessions":
        return args
    at = command + 1
    if at < len(args) and args[at] not in ACTIONS and args[at] not in ("-h", "--help"):
        args.insert(at, "list")
    return args


def parse_age(text: str) -> timedelta:
    """``90d`` / ``12w`` / ``48h`` as a duration; ``CliError`` saying the form otherwise."""
    match = _AGE.match(text.strip().lower())
    if match is None or int(match.group(1)) == 0:
        raise CliError(f"--older-than {text!r}: write a number and d, w or h, e.g. 90d")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def run_studies(args: argparse.Namespace) -> int:
    store = open_store(settings_from(args))
    rows = store.list_studies()
    if not rows:
        print("no studies yet — run `interviewer chat studies/<file>.yaml` to start one")
        return 0
    for row in rows:
        print(f"{row.id}\t{row.title}")
    return 0


def run_sessions(args: argparse.Namespace) -> int:
    store = open_store(settings_from(args))
    try:
        sessions = store.list_sessions(args.study_id)
    except KeyError as exc:
        raise CliError(exc.args[0] if exc.args else str(exc)) from exc
    if args.json:
        for s in sessions:
            row = s.model_dump(mode="json") | {"shown_status": s.shown_status}
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if not sessions:
        print(f"no sessions for {args.study_id} yet")
        return 0
    print(
        f"{'session':<14} {'status':<13} {'started':<17} {'turns':>5} {'depth':>5}  "
        f"{'trust':<8} engine"
    )
    for s in sessions:
        depth = "-" if s.depth_score is None else str(s.depth_score)
        started = s.started_at.strftime("%Y-%m-%d %H:%M")
        engine = s.engine + (" · preview" if s.kind == "preview" else "")
        status = s.shown_status
        trust = (s.trust or "-") + ("*" if s.trust_overridden else "")
        print(
            f"{s.id:<14} {status:<13} {started:<17} {s.turn_count:>5} {depth:>5}  "
            f"{trust:<8} {engine}"
        )
        if s.trust not in (None, "ok"):  # why, so nobody has to open the database to see
            for reason in s.trust_reasons:
                print(f"    · {reason}")
    if any(s.trust_overridden for s in sessions):
        print("* set by a researcher (`interviewer trust SESSION_ID --clear` gives it back)")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    store = open_store(settings_from(args))
    failed = 0
    for session_id in dict.fromkeys(args.session_ids):
        try:
            entry = store.delete_session(session_id, reason="respondent request via cli")
        except KeyError as exc:
            print(f"error: {exc.args[0] if exc.args else exc}")
            failed += 1
            continue
        print(_deleted(entry))
    return 1 if failed else 0


def run_purge(args: argparse.Namespace) -> int:
    age = parse_age(args.older_than)
    store = open_store(settings_from(args))
    entries = store.purge_sessions(age, study_id=args.study, dry_run=args.dry_run)
    for entry in entries:
        print(_deleted(entry, verb="would delete" if args.dry_run else "deleted"))
    scope = f"of {args.study} " if args.study else ""
    verb = "would be deleted" if args.dry_run else "deleted"
    print(f"{len(entries)} session(s) {scope}started over {args.older_than} ago {verb}")
    return 0


def run_audit(args: argparse.Namespace) -> int:
    store = open_store(settings_from(args))
    entries = store.audit_log(args.study)
    if not entries:
        print("no deletions recorded")
    for entry in entries:
        print(f"{entry.at:%Y-%m-%d %H:%M}  {entry.action:<7} {entry.session_id}  "
              f"{entry.study_id}  {entry.detail}")  # fmt: skip
    return 0


def _deleted(entry: AuditRecord, verb: str = "deleted") -> str:
    audit = f" (audit entry {entry.id})" if entry.id else ""
    return f"{verb} session {entry.session_id} of {entry.study_id}: {entry.detail}{audit}"


def run_transcript(args: argparse.Namespace) -> int:
    store = open_store(settings_from(args))
    try:
        view = store.load_session(args.session_id)
    except KeyError as exc:
        raise CliError(exc.args[0] if exc.args else str(exc)) from exc
    if args.json:
        for turn in view.turns:
            print(json.dumps(turn.model_dump(mode="json"), ensure_ascii=False))
        return 0
    session = view.session
    print(f"session {session.id} · study {session.study_id} · {session.status} · {session.engine}")
    for turn in view.turns:
        who = "Moderator" if turn.role == "moderator" else "Respondent"
        tag = f" [{turn.kind} {turn.question_id}]" if turn.question_id else f" [{turn.kind}]"
        print(f"\n{who}{tag}:")
        print(turn.text)
    return 0
