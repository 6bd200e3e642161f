"""``interviewer chat``: run an interview in the terminal.

A terminal gets the Textual app when it is installed and usable; a pipe, ``--plain`` or a
non-TTY stdin gets a plain line-by-line dialogue, so a whole interview can be scripted:
``printf 'yes\\n…' | interviewer chat studies/x.yaml --plain``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TextIO

from interviewer.cli.common import (
    CliError,
    add_db_flag,
    add_model_flags,
    load_model,
    open_store,
    read_study,
    settings_from,
)
from interviewer.config import Settings
from interviewer.conversation import Conversation, MessageNotStoredError, ReplyNotStoredError
from interviewer.interview import Reply, describe_decision
from interviewer.moderator import Moderator
from interviewer.store import Store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    chat = subparsers.add_parser("chat", help="interview a respondent in the terminal")
    chat.add_argument("study", metavar="STUDY.yaml")
    add_model_flags(chat)
    add_db_flag(chat)
    chat.add_argument("--plain", action="store_true", help="plain line-by-line dialogue")
    chat.add_argument("--resume", metavar="SESSION_ID", help="continue a stopped session")
    chat.add_argument(
        "--preview",
        action="store_true",
        help="walk the study as a researcher: show each moderator decision",
    )
    chat.set_defaults(handler=run_chat)


def run_chat(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    study = read_study(args.study)
    model = load_model(settings)
    store = open_store(settings, writing=True)
    moderator = Moderator(study, model)
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        tui = _tui_runner()
        if tui is not None:
            return int(
                tui(
                    store,
                    moderator,
                    settings,
                    resume=args.resume,
                    preview=args.preview,
                    study_path=args.study,
                )
            )
    return plain_chat(
        store,
        moderator,
        settings,
        resume=args.resume,
        preview=args.preview,
        study_path=args.study,
    )


def _tui_runner() -> Callable[..., int] | None:
    """The Textual app's entry point, or None where it cannot be imported."""
    try:
        from interviewer.tui.app import run_tui
    except ImportError:
        return None
    return run_tui


def plain_chat(
    store: Store,
    moderator: Moderator,
    settings: Settings,
    *,
    resume: str | None = None,
    preview: bool = False,
    study_path: str = "STUDY.yaml",
    stdin: TextIO | None = None,
    out: TextIO | None = None,
) -> int:
    """The line-by-line dialogue. Every line read is stored before the reply is generated."""
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    interactive = stdin.isatty()
    stream = interactive and out.isatty()
    print(f"interviewer · {moderator.study.title}", file=out)
    print(
        f"engine: {_engine_label(moderator, settings)} · store: {store.url}",
        file=out,
    )

    if resume:
        try:
            conversation = Conversation.resume(store, moderator, resume)
        except KeyError as exc:
            raise CliError(exc.args[0] if exc.args else str(exc)) from exc
        print(f"session: {conversation.session_id} (resumed)\n", file=out)
        _say(conversation.last_text, out)
    else:
        conversation = Conversation.begin(
            store, moderator, model=settings.model, kind="preview" if preview else "interview"
        )
        print(f"session: {conversation.session_id}\n", file=out)
        _say(conversation.last_text, out)

    resume_hint = f"interviewer chat {study_path} --resume {conversation.session_id}"
    while not conversation.finished:
        if interactive:
            print("You: ", end="", file=out, flush=True)
        try:
            line = _read_line(stdin)
        except UnicodeDecodeError:
            print(
                "error: that line is not UTF-8 text, so it was not stored; set the terminal or "
                "the file to UTF-8 (e.g. LANG=C.UTF-8)"
                + (" and type it again" if interactive else f", then resume with: {resume_hint}"),
                file=sys.stderr,
            )
            if interactive:
                continue
            return 1
        if not line:  # EOF: the session stays resumable
            conversation.pause()
            print(
                f"\n(paused — everything so far is saved. Resume with: {resume_hint})",
                file=out,
            )
            return 0
        message = line.rstrip("\r\n")
        if not message.strip():
            continue
        if not interactive:
            print(f"You: {message}", file=out)
        streamed: list[str] = []

        def on_token(chunk: str, _streamed: list[str] = streamed) -> None:
            if not _streamed:
                print("\nModerator: ", end="", file=out)
            _streamed.append(chunk)
            print(chunk, end="", file=out, flush=True)

        try:
            reply = conversation.send(message, on_token=on_token if stream else None)
        except MessageNotStoredError as exc:
            if interactive:  # the respondent is there to type it again once the fault clears
                print(f"error: {exc}; type it again", file=sys.stderr)
                continue
            print(f"error: {exc}; then resume with: {resume_hint}", file=sys.stderr)
            return 1
        except ReplyNotStoredError as exc:
            print(f"error: {exc}; resume to get the reply: {resume_hint}", file=sys.stderr)
            return 1
        if stream and "".join(streamed).strip() == reply.text.strip():
            print("\n", file=out)
        else:
            if streamed:
                print("\n(rephrased)", file=out)
            _say(reply.text, out)
        if preview:
            _print_decision(reply, out)
    print(f"(session {conversation.session_id} {conversation.state.status.value})", file=out)
    return 0


def _read_line(stdin: TextIO) -> str:
    """One line of input, decoded strictly: a line that is not UTF-8 raises rather than being
    stored as replacement characters or lone surrogates the database cannot hold."""
    raw = getattr(stdin, "buffer", None)
    if raw is None:  # already text (a StringIO in tests, an embedding program's stream)
        return stdin.readline()
    data: bytes = raw.readline()
    return data.decode(stdin.encoding or "utf-8")


def _say(text: str, out: TextIO) -> None:
    print(f"Moderator: {text}\n", file=out, flush=True)


def _print_decision(reply: Reply, out: TextIO) -> None:
    for line in describe_decision(reply.decision, reply.engine):
        print(f"  | {line}", file=out)
    print(file=out)


def _engine_label(moderator: Moderator, settings: Settings) -> str:
    label = moderator.engine_description(settings.base_url)
    if moderator.engine == "offline":
        return f"{label}; pass --model or set INTERVIEWER_MODEL for an LLM"
    return f"{label} (falls back to offline per turn on errors)"
