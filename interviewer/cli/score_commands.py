"""``interviewer score``: depth scores for stored sessions, or for answers in a JSONL file."""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack

from interviewer.cli.common import (
    CliError,
    add_db_flag,
    add_model_flags,
    load_model,
    open_store,
    settings_from,
)
from interviewer.depth import score_answers_jsonl
from interviewer.scoring import SCORABLE, score_stored_session


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    score = subparsers.add_parser(
        "score",
        help="(re)score sessions' response depth 1-5, or score answers in a JSONL file",
        description="Score every finished session of STUDY_ID with the feature scorer "
        "(and the LLM judge with --judge), or score arbitrary answers with --answers.",
    )
    score.add_argument("study_id", nargs="?", metavar="STUDY_ID")
    score.add_argument("--session", metavar="SESSION_ID", help="score only this session")
    score.add_argument(
        "--answers",
        metavar="FILE.jsonl",
        help="score answers instead: one JSON object per line with 'question' and 'answer'; "
        "writes the objects with 'depth' and 'reasons' added ('-' reads stdin)",
    )
    score.add_argument("--out", metavar="FILE", help="with --answers: write here, not stdout")
    score.add_argument(
        "--judge", action="store_true", help="also ask the LLM judge (needs --model)"
    )
    add_model_flags(score)
    add_db_flag(score)
    score.set_defaults(handler=run_score)


def run_score(args: argparse.Namespace) -> int:
    if args.answers:
        return _score_file(args.answers, args.out)
    if not args.study_id and not args.session:
        raise CliError("name a STUDY_ID, a --session, or an --answers FILE.jsonl to score")
    settings = settings_from(args)
    judge = load_model(settings) if args.judge else None
    if args.judge and judge is None:
        raise CliError("--judge needs a model: pass --model (e.g. openai:gpt-4.1-mini)")
    store = open_store(settings)
    try:
        if args.session:
            ids = [args.session]
        else:
            ids = [
                s.id
                for s in store.list_sessions(args.study_id)
                if s.status in SCORABLE and s.is_study_data  # previews are not scored
            ]
    except KeyError as exc:
        raise CliError(exc.args[0] if exc.args else str(exc)) from exc
    if not ids:
        print(f"no finished sessions to score in {args.study_id}")
        return 0
    for session_id in ids:
        try:
            scored = score_stored_session(store, session_id, judge=judge)
        except KeyError as exc:
            raise CliError(exc.args[0] if exc.args else str(exc)) from exc
        line = f"{session_id}  depth {scored.features.score}  {'; '.join(scored.features.reasons)}"
        print(line)
        if scored.judge is not None:
            agree = "agrees" if scored.judge.score == scored.features.score else "DISAGREES"
            print(f"{'':14}judge {scored.judge.score} ({agree})  {'; '.join(scored.judge.reasons)}")
        elif scored.judge_error:
            print(f"{'':14}judge failed: {scored.judge_error}")
    return 0


def _score_file(path: str, out_path: str | None) -> int:
    with ExitStack() as files:
        try:
            source = sys.stdin if path == "-" else files.enter_context(open(path, encoding="utf-8"))
            out = (
                files.enter_context(open(out_path, "w", encoding="utf-8"))
                if out_path
                else sys.stdout
            )
        except OSError as exc:
            raise CliError(f"cannot open {exc.filename}: {exc.strerror}") from exc
        try:
            for line in score_answers_jsonl(source):
                out.write(line + "\n")
        except ValueError as exc:
            raise CliError(f"{path}: {exc}") from exc
    return 0
