"""The ``interviewer`` command. Thin: parse flags, wire services, print.

Each command group lives in its own module exposing ``register(subparsers)``; adding a command
means adding a module to ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from interviewer import __version__
from interviewer.cli.common import CliError
from interviewer.errors import InterviewerError

COMMAND_MODULES = (
    "interviewer.cli.study_commands",
    "interviewer.cli.chat_command",
    "interviewer.cli.session_commands",
    "interviewer.cli.score_commands",
    "interviewer.cli.report_commands",
    "interviewer.cli.import_command",
    "interviewer.cli.web_commands",
    "interviewer.cli.trust_commands",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interviewer",
        description="AI-moderated customer-research interviews, local-first.",
    )
    parser.add_argument("--version", action="version", version=f"interviewer {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    from interviewer.cli.session_commands import with_default_action

    args = parser.parse_args(with_default_action(sys.argv[1:] if argv is None else argv))
    try:
        return int(args.handler(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except InterviewerError as exc:
        # One of our typed errors that a command did not word itself: its message (which says
        # what to do) rather than a traceback.
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`interviewer sessions X | head`): not an error of ours, and
        # everything already stored stays stored. Point stdout at devnull so the interpreter's
        # final flush does not raise a second time (Python docs, "Note on SIGPIPE").
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
