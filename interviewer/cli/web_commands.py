"""``interviewer serve`` (the web server) and ``interviewer invite`` (invite links)."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from interviewer import pip_install
from interviewer.cli.common import (
    CliError,
    add_db_flag,
    add_model_flags,
    load_model,
    open_store,
    read_study,
    settings_from,
)
from interviewer.config import read_secret_file
from interviewer.llm.local import is_local

RESEARCHER_KEY_ENV = "INTERVIEWER_RESEARCHER_KEY"
RESEARCHER_KEY_FILE_ENV = "INTERVIEWER_RESEARCHER_KEY_FILE"
PUBLIC_URL_ENV = "INTERVIEWER_PUBLIC_URL"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = subparsers.add_parser(
        "serve",
        help="run the web server: hosted interview pages, the embeddable widget, researcher API",
    )
    serve.add_argument("studies", metavar="STUDY.yaml", nargs="+", help="studies to serve")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes (they share only the database)"
    )
    serve.add_argument(
        "--researcher-key",
        action="append",
        metavar="KEY",
        help=f"API key for researcher endpoints; repeatable (default: ${RESEARCHER_KEY_ENV}); "
        "visible in `ps`, so prefer --researcher-key-file",
    )
    serve.add_argument(
        "--researcher-key-file",
        metavar="FILE",
        help=f"read researcher keys from FILE, one per line (default: ${RESEARCHER_KEY_FILE_ENV})",
    )
    serve.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="[STUDY=]ORIGIN",
        help="a site that may embed the widget, e.g. mystudy=https://shop.example "
        "(without STUDY=: every study); repeatable",
    )
    serve.add_argument(
        "--invite-only", action="store_true", help="sessions start only from invite links"
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help=f"base URL of invite links (default: ${PUBLIC_URL_ENV}, else the request's URL)",
    )
    serve.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name this server is reached by (besides the bound address and "
        "--public-url's host); requests for any other name are refused; repeatable",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="trust X-Forwarded-For from these proxies (for per-IP limits behind a proxy)",
    )
    serve.add_argument(
        "--threads", type=int, default=64, help="threads for blocking work per worker"
    )
    add_model_flags(serve)
    add_db_flag(serve)
    serve.set_defaults(handler=run_serve)

    invite = subparsers.add_parser("invite", help="mint invite links for a study")
    invite.add_argument("study", metavar="STUDY_ID|STUDY.yaml")
    invite.add_argument("--n", type=int, default=1, help="number of single-use links (default 1)")
    invite.add_argument(
        "--expires", default="14d", help="lifetime: 14d, 12h, 2w, or 'never' (default 14d)"
    )
    invite.add_argument(
        "--open", action="store_true", help="one reusable link for everyone instead"
    )
    invite.add_argument("--label-prefix", metavar="P", help="label respondents P01, P02, …")
    invite.add_argument(
        "--base-url",
        metavar="URL",
        help=f"the server's public URL (default: ${PUBLIC_URL_ENV}, else http://127.0.0.1:8000)",
    )
    invite.add_argument("--json", action="store_true", help="one JSON object per link")
    add_db_flag(invite)
    invite.set_defaults(handler=run_invite)


def run_serve(args: argparse.Namespace) -> int:
    try:  # FastAPI loads only for this command
        from interviewer.web.server import ServerConfig, run
    except ImportError as exc:
        raise CliError(
            f"interviewer serve needs the web extra ({exc.name} is missing): {pip_install('web')}"
        ) from exc

    settings = settings_from(args)
    for path in args.studies:
        read_study(path)  # fail here, with line numbers, rather than in every worker
    keys = researcher_keys(args)
    public_url = args.public_url or os.environ.get(PUBLIC_URL_ENV)
    hosts = allowed_hosts(args.host, public_url, args.allow_host)
    if args.workers < 1 or args.threads < 1:
        raise CliError("--workers and --threads must be at least 1")
    config = ServerConfig(
        db_url=settings.db_url,
        study_paths=[str(Path(p).resolve()) for p in args.studies],
        model=settings.model,
        base_url=settings.base_url,
        api_key=settings.api_key,
        timeout=settings.timeout,
        researcher_keys=keys,
        allowed_origins=_origins(args.allow_origin),
        invite_only=args.invite_only,
        public_url=public_url,
        worker_threads=args.threads,
        allowed_hosts=hosts,
        fingerprint_salt=os.environ.get("INTERVIEWER_FINGERPRINT_SALT") or None,
    )
    open_store(settings).close()  # migrate once, and report a bad --db before forking
    if settings.model and is_local(settings.model):
        load_model(settings)  # a missing file or extra is one line here, not one per worker
    print(_where(args, public_url, studies=[read_study(p).id for p in args.studies], keys=keys))
    if not keys:
        print("note: no --researcher-key given, so the researcher API is disabled")
    if not os.environ.get("INTERVIEWER_FINGERPRINT_SALT"):
        print(
            "note: $INTERVIEWER_FINGERPRINT_SALT is not set, so no device hash is stored and "
            "repeat respondents are recognised by invite links only; set it to a long random "
            "secret (the same in every worker) to enable it"
        )
    if not hosts:
        print(
            f"note: bound to every interface ({args.host}) with no --allow-host or --public-url, "
            "so the Host header is not checked (a DNS-rebinding page could reach the server); "
            "add --allow-host NAME for each name it is reached by"
        )
    run(
        config,
        host=args.host,
        port=args.port,
        workers=args.workers,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    return 0


_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _where(
    args: argparse.Namespace, public_url: str | None, *, studies: list[str], keys: list[str]
) -> str:
    """Where everything is, printed when the server starts."""
    host = "127.0.0.1" if args.host in ("0.0.0.0", "::", "") else args.host
    host = f"[{host}]" if ":" in host else host
    base = (public_url or f"http://{host}:{args.port}").rstrip("/")
    first = studies[0] if studies else "STUDY_ID"
    lines = [
        f"interviewer serve: {len(studies)} stud{'y' if len(studies) == 1 else 'ies'} "
        f"({', '.join(studies)}) at {base}",
        f"  this server      {base}/   (what it is and where its pages are)",
        f"  invite links     interviewer invite {first} --base-url {base}",
        f'  embed the widget <script src="{base}/widget.js" data-study="{first}"></script>'
        + ("" if args.allow_origin else "   (allow the site with --allow-origin)"),
        f"  researcher API   {base}/api/researcher/studies  (header X-API-Key)"
        + ("" if keys else "  — disabled"),
        f"  API reference    {base}/openapi.json  · guide: docs/web.md",
    ]
    return "\n".join(lines)


def allowed_hosts(bind: str, public_url: str | None, extra: list[str]) -> list[str]:
    """The host names requests may be addressed to: the bound address (all loopback names
    when it is a loopback one), the host of ``public_url``, and ``extra``. Empty — nothing
    checked — only when bound to every interface with no name given."""
    names = [h.strip().lower().strip("[]") for h in extra if h.strip()]
    if public_url:
        parsed = urlsplit(public_url)
        if parsed.hostname:
            names.append(parsed.hostname.lower())
    bound = bind.strip().lower().strip("[]")
    if bound in _LOOPBACK or bound.startswith("127."):
        names += [*_LOOPBACK, bound]
    elif bound not in ("0.0.0.0", "::", ""):
        names.append(bound)
    elif names:
        names += list(_LOOPBACK)
    return sorted(set(names))


def researcher_keys(args: argparse.Namespace) -> list[str]:
    """Flags, then the key file, then the environment (a variable, then a file it names)."""
    keys = list(args.researcher_key or [])
    if args.researcher_key_file:
        keys += read_secret_file(
            args.researcher_key_file, "researcher key", "--researcher-key-file"
        )
    if keys:
        return keys
    if os.environ.get(RESEARCHER_KEY_ENV):
        return [os.environ[RESEARCHER_KEY_ENV]]
    if os.environ.get(RESEARCHER_KEY_FILE_ENV):
        return read_secret_file(
            os.environ[RESEARCHER_KEY_FILE_ENV], "researcher key", f"${RESEARCHER_KEY_FILE_ENV}"
        )
    return []


def _origins(values: list[str]) -> dict[str, list[str]]:
    origins: dict[str, list[str]] = {}
    for value in values:
        study, _, origin = value.rpartition("=")  # no "=": study is "" (every study)
        origin = origin.rstrip("/")
        if not origin.startswith(("http://", "https://")) or origin.count("/") > 2:
            raise CliError(
                f"--allow-origin {value!r}: an origin is scheme://host[:port] with no path, "
                "e.g. https://shop.example"
            )
        origins.setdefault(study or "*", []).append(origin)
    return origins


def run_invite(args: argparse.Namespace) -> int:
    from interviewer.store.web_store import WebStore
    from interviewer.web.invites import mint_invites, parse_duration

    if args.n < 1:
        raise CliError("--n must be at least 1")
    try:
        expires = None if args.expires == "never" else parse_duration(args.expires)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    store = open_store(settings_from(args))
    study_id = args.study
    if args.study.endswith((".yaml", ".yml")):
        study = read_study(args.study)
        store.save_study(study, Path(args.study).read_text(encoding="utf-8"))
        study_id = study.id
    base_url = args.base_url or os.environ.get(PUBLIC_URL_ENV) or "http://127.0.0.1:8000"
    try:
        links = mint_invites(
            WebStore(store),
            study_id,
            base_url=base_url,
            count=args.n,
            kind="open" if args.open else "single",
            expires_in=expires,
            label_prefix=args.label_prefix,
        )
    except KeyError as exc:
        raise CliError(
            f"{exc.args[0]}. Serve or chat the study once, or pass its YAML file instead of its id"
        ) from exc
    finally:
        store.close()
    for link in links:
        if args.json:
            print(json.dumps(link.model_dump(mode="json")))
        else:
            print(link.url)
    return 0
