"""``interviewer report``: synthesis to HTML / Markdown / JSON."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from interviewer.cli.common import (
    CliError,
    add_db_flag,
    add_model_flags,
    load_model,
    open_store,
    settings_from,
)
from interviewer.config import Settings
from interviewer.depth import MIN_DEPTH as DEFAULT_MIN_DEPTH
from interviewer.llm.base import ChatModel, ModelError
from interviewer.report.model import Report
from interviewer.report.render import FORMATS, SUFFIXES, Format, export


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = subparsers.add_parser(
        "report",
        help="synthesize a study: themes, verbatim quotes, insights (HTML, Markdown, JSON)",
        description="Synthesize the completed sessions of STUDY_ID into themes with verbatim "
        "quotes, 'We believe X because Y, so we will Z' insights, hypothesis verdicts and "
        "charts of the closed answers. Without a model the offline engine runs (no network).",
    )
    report.add_argument("study_id", metavar="STUDY_ID")
    report.add_argument(
        "--format",
        "-f",
        default="html",
        metavar="FMT",
        help="html (default), md, json, or qdpx (a REFI-QDA project for NVivo, ATLAS.ti, "
        "MAXQDA and QualCoder: themes as codes, quotes as coded segments); several "
        "comma-separated, e.g. html,md,json",
    )
    report.add_argument(
        "--out",
        "-o",
        metavar="PATH",
        help="file to write (default: STUDY_ID-report.<ext>); with several formats the "
        "extension is replaced per format; '-' prints one format to stdout",
    )
    report.add_argument(
        "--engine",
        choices=("auto", "offline", "llm"),
        default="auto",
        help="auto (default): llm when a model is configured, else offline",
    )
    add_model_flags(report)
    report.add_argument(
        "--context-window",
        type=int,
        metavar="N",
        help="tokens the model accepts (prompt and reply), when the server does not say; "
        "llama.cpp and vLLM report theirs, Ollama's num_ctx must be given here",
    )
    report.add_argument(
        "--min-depth",
        type=int,
        default=DEFAULT_MIN_DEPTH,
        metavar="N",
        help=f"leave out sessions with depth below N, 1-5 (default {DEFAULT_MIN_DEPTH})",
    )
    report.add_argument(
        "--include-partial", action="store_true", help="also use stopped and abandoned sessions"
    )
    report.add_argument(
        "--include-untrusted",
        action="store_true",
        help="also use sessions whose trust verdict is exclude (see `interviewer check`)",
    )
    report.add_argument(
        "--redact",
        action="store_true",
        help="redact emails, phone numbers and URLs with tokens before any model or report",
    )
    report.add_argument(
        "--redact-names",
        metavar='"A,B"',
        default="",
        help="comma-separated names to redact as well (switches redaction on)",
    )
    report.add_argument("--seed", type=int, default=0, help="offline engine seed (default 0)")
    report.add_argument(
        "--embedding",
        choices=("auto", "sentence", "tfidf-svd"),
        default="auto",
        help="offline engine text representation: the local sentence model when installed "
        "(auto), or TF-IDF + SVD (no extra packages)",
    )
    report.add_argument("--quiet", "-q", action="store_true", help="no progress on stderr")
    add_db_flag(report)
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    formats = _formats(args.format)
    if args.out == "-" and len(formats) > 1:
        raise CliError("--out - prints one format; pick one with --format")
    if not 1 <= args.min_depth <= 5:
        raise CliError(f"--min-depth must be 1-5 (depth scores run 1-5), got {args.min_depth}")
    # numpy / scikit-learn load only for this command: every other one starts fast.
    from interviewer.synthesis.pipeline import SynthesisOptions, synthesize

    settings = settings_from(args)
    model = _model(args, settings)
    store = open_store(settings)
    say = _progress(args.quiet)
    options = SynthesisOptions(
        min_depth=args.min_depth,
        include_partial=args.include_partial,
        include_untrusted=args.include_untrusted,
        redact=args.redact,
        redact_names=tuple(n.strip() for n in args.redact_names.split(",") if n.strip()),
        seed=args.seed,
        embedding=args.embedding,
    )
    started = time.monotonic()
    try:
        report = synthesize(store, args.study_id, model=model, options=options, progress=say)
    except KeyError as exc:
        raise CliError(exc.args[0] if exc.args else str(exc)) from exc
    except ModelError as exc:
        raise CliError(
            f"{exc}\nThe offline engine needs no model: rerun with --engine offline."
        ) from exc
    except ValueError as exc:  # e.g. a context window too small for any chunk
        raise CliError(str(exc)) from exc
    for fmt in formats:
        data = export(report, fmt)
        if args.out == "-":
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            continue
        path = _path(args.out, args.study_id, fmt, several=len(formats) > 1)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path}", file=sys.stderr)
    for stage in report.methodology.stages:
        if stage.written_by != "llm":  # the model failed (part of) a stage: say so
            print(f"note: {stage.stage}: {stage.detail}", file=sys.stderr)
    _print_cost(report, time.monotonic() - started)
    return 0


_FORMAT_NAMES: dict[str, Format] = {
    "html": "html",
    "md": "md",
    "markdown": "md",
    "json": "json",
    "qdpx": "qdpx",
    "refi-qda": "qdpx",
}


def _formats(value: str) -> list[Format]:
    chosen: list[Format] = []
    for raw in value.split(","):
        fmt = _FORMAT_NAMES.get(raw.strip().lower())
        if fmt is None:
            raise CliError(f"unknown format {raw!r}; use {', '.join(FORMATS)} (comma-separated)")
        if fmt not in chosen:
            chosen.append(fmt)
    return chosen


def _model(args: argparse.Namespace, settings: Settings) -> ChatModel | None:
    if args.engine == "offline":
        return None
    model = load_model(settings)
    if model is None and args.engine == "llm":
        raise CliError("--engine llm needs a model: pass --model (e.g. openai:gpt-4.1-mini)")
    if model is not None and args.context_window:
        model.context_window = args.context_window
    return model


def _path(out: str | None, study_id: str, fmt: Format, *, several: bool) -> Path:
    if out is None:
        return Path(f"{study_id}-report{SUFFIXES[fmt]}")
    path = Path(out)
    return path.with_suffix(SUFFIXES[fmt]) if several or not path.suffix else path


def _progress(quiet: bool) -> Callable[[str], None]:
    def say(line: str) -> None:
        if not quiet:
            print(f"… {line}", file=sys.stderr, flush=True)

    return say


def _print_cost(report: Report, seconds: float) -> None:
    usage = report.methodology.usage
    if report.methodology.engine == "offline":
        print(f"done in {seconds:.1f}s · offline engine: no tokens, no network", file=sys.stderr)
        return
    cost = (
        f"estimated cost ${usage.estimated_cost_usd:.4f}"
        if usage.estimated_cost_usd is not None
        else "cost unknown for this model (local models cost nothing per token)"
    )
    print(
        f"done in {seconds:.1f}s · {usage.prompt_tokens:,} prompt + {usage.completion_tokens:,} "
        f"completion tokens in {usage.calls} calls · {cost}",
        file=sys.stderr,
    )
