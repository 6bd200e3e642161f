"""``interviewer studies``, ``interviewer sessions`` and ``interviewer transcript``."""

from __future__ import annotations

import argparse
import json

from interviewer.cli.common import CliError, add_db_flag, open_store, settings_from


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    studies = subparsers.add_parser("studies", help="list the studies in the store")
    add_db_flag(studies)
    studies.set_defaults(handler=run_studies)

    sessions = subparsers.add_parser("sessions", help="list a study's sessions")
    sessions.add_argument("study_id", metavar="STUDY_ID")
    sessions.add_argument("--json", action="store_true", help="one JSON object per line")
    add_db_flag(sessions)
    sessions.set_defaults(handler=run_sessions)

    transcript = subparsers.add_parser("transcript", help="print one session's turns")
    transcript.add_argument("session_id", metavar="SESSION_ID")
    transcript.add_argument("--json", action="store_true", help="one JSON object per turn")
    add_db_flag(transcript)
    transcript.set_defaults(handler=run_transcript)


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
            print(json.dumps(s.model_dump(mode="json"), ensure_ascii=False))
        return 0
    if not sessions:
        print(f"no sessions for {args.study_id} yet")
        return 0
    print(f"{'session':<14} {'status':<13} {'started':<17} {'turns':>5} {'depth':>5}  engine")
    for s in sessions:
        depth = "-" if s.depth_score is None else str(s.depth_score)
        started = s.started_at.strftime("%Y-%m-%d %H:%M")
        print(f"{s.id:<14} {s.status:<13} {started:<17} {s.turn_count:>5} {depth:>5}  {s.engine}")
    return 0


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
