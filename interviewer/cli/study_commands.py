"""``interviewer validate`` and ``interviewer init``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from interviewer.authoring import summary, write_template
from interviewer.cli.common import CliError
from interviewer.studyfile import StudyFileError, load_study


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    validate = subparsers.add_parser(
        "validate", help="check study files; print FILE:LINE:COL errors or a summary"
    )
    validate.add_argument("paths", nargs="+", metavar="STUDY.yaml")
    validate.set_defaults(handler=run_validate)

    init = subparsers.add_parser("init", help="write a new study from the Mom Test template")
    init.add_argument("path", metavar="PATH", help="where to write the study (e.g. studies/x.yaml)")
    init.add_argument("--topic", help='what the research is about, e.g. "expense reports"')
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    init.set_defaults(handler=run_init)


def run_validate(args: argparse.Namespace) -> int:
    failed = 0
    for index, path in enumerate(args.paths):
        try:
            study = load_study(Path(path))
        except StudyFileError as exc:
            failed += 1
            print(exc, file=sys.stderr)
            continue
        if index:
            print()
        print(f"{path}: ok")
        print(summary(study))
    return 1 if failed else 0


def run_init(args: argparse.Namespace) -> int:
    try:
        path = write_template(Path(args.path), args.topic, force=args.force)
    except FileExistsError as exc:
        raise CliError(str(exc)) from exc
    print(f"wrote {path}")
    print(f"next: edit it, then `interviewer validate {path}` and `interviewer chat {path}`")
    return 0
