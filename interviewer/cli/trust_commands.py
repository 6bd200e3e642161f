"""``interviewer check STUDY_ID`` and ``interviewer trust SESSION_ID VERDICT``.

``check`` runs the trust guard (``quality/``) over every session of a study and stores each
verdict beside the depth score; conversations check their own session when it ends, so this is
for re-checking (a duplicate of a later session) and for imported studies. ``trust`` records a
researcher's own verdict, which wins over the guard's until ``trust SESSION_ID --clear``.
"""

from __future__ import annotations

import argparse
import json

from interviewer.cli.common import CliError, add_db_flag, open_store, settings_from
from interviewer.quality import VERDICTS
from interviewer.quality.trust import check_study
from interviewer.store.trust_store import set_override


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = subparsers.add_parser(
        "check",
        help="check a study's sessions for pasted, machine-written, duplicate and bot answers",
        description="Store a trust verdict (ok / review / exclude) for every session of the "
        "study, each flag with a reason you can verify in the transcript.",
    )
    check.add_argument("study_id", metavar="STUDY_ID")
    check.add_argument("--json", action="store_true", help="one JSON object per session")
    add_db_flag(check)
    check.set_defaults(handler=run_check)

    trust = subparsers.add_parser(
        "trust",
        help="set your own trust verdict on a session (overrides the guard's)",
        description="`interviewer trust SESSION_ID ok --note 'called them, genuine'`; "
        "`--clear` gives the guard's verdict back.",
    )
    trust.add_argument("session_id", metavar="SESSION_ID")
    trust.add_argument(
        "verdict", nargs="?", choices=VERDICTS, metavar="VERDICT", help="ok, review or exclude"
    )
    trust.add_argument("--note", help="why (shown in `interviewer sessions` and the report)")
    trust.add_argument("--clear", action="store_true", help="remove your verdict")
    add_db_flag(trust)
    trust.set_defaults(handler=run_trust)


def run_check(args: argparse.Namespace) -> int:
    store = open_store(settings_from(args))
    try:
        store.get_study(args.study_id)
    except KeyError as exc:
        raise CliError(exc.args[0] if exc.args else str(exc)) from exc
    results = check_study(store, args.study_id)
    counts = {v: 0 for v in VERDICTS}
    for result in results:
        counts[result.verdict] += 1
        if args.json:
            row = {
                "session_id": result.session_id,
                "verdict": result.verdict,
                "signals": [s.as_json() for s in result.signals],
            }
            print(json.dumps(row, ensure_ascii=False))
            continue
        print(f"{result.session_id:<14} {result.verdict}")
        for signal in result.signals:
            where = f"{signal.question_id}: " if signal.question_id else ""
            print(f"    · {signal.flag.value} ({signal.severity}) {where}{signal.reason}")
    if not args.json:
        summary = ", ".join(f"{n} {v}" for v, n in counts.items())
        print(f"{len(results)} session(s) checked: {summary}")
    return 0


def run_trust(args: argparse.Namespace) -> int:
    if args.clear == (args.verdict is not None):
        raise CliError("give a verdict (ok, review or exclude) or --clear, not both or neither")
    store = open_store(settings_from(args))
    try:
        record = set_override(
            store, args.session_id, None if args.clear else args.verdict, args.note
        )
    except KeyError as exc:
        raise CliError(exc.args[0] if exc.args else str(exc)) from exc
    if args.clear:
        print(f"session {args.session_id}: your verdict cleared; the guard's is {record.verdict}")
    else:
        print(
            f"session {args.session_id}: trust set to {record.effective} (the guard said {record.verdict})"
        )
    return 0
