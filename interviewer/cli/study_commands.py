"""``interviewer validate`` and ``interviewer init``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from interviewer.cli.common import CliError
from interviewer.study.authoring import summary, write_template
from interviewer.study.file import StudyFileError, load_study
from interviewer.study.lint import lint_study


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    validate = subparsers.add_parser(
        "validate", help="check study files; print FILE:LINE:COL errors or a summary"
    )
    validate.add_argument("paths", nargs="+", metavar="STUDY.yaml")
    validate.add_argument(
        "--strict",
        action="store_true",
        help="treat Mom Test warnings (hypothetical, leading, double-barrelled…) as errors",
    )
    validate.set_defaults(handler=run_validate)

    init = subparsers.add_parser("init", help="write a new study from the Mom Test template")
    init.add_argument("path", metavar="PATH", help="where to write the study (e.g. studies/x.yaml)")
    init.add_argument("--topic", help='what the research is about, e.g. "expense reports"')
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    init.set_defaults(handler=run_init)


def run_validate(args: argparse.Namespace) -> int:
    failed = 0
    strict = bool(getattr(args, "strict", False))
    level = "error" if strict else "warning"
    for index, path in enumerate(args.paths):
        try:
            study = load_study(Path(path))
        except StudyFileError as exc:
            failed += 1
            print(exc, file=sys.stderr)
            continue
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        problems = lint_study(study, text, str(path))
        for problem in problems:
            print(
                f"{problem.file}:{problem.line}:{problem.col}: {level}: {problem.message}",
                file=sys.stderr,
            )
        if strict and problems:
            failed += 1
            continue
        if index:
            print()
        note = f" ({len(problems)} Mom Test warning{'s' if len(problems) != 1 else ''})"
        print(f"{path}: ok" + (note if problems else ""))
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
