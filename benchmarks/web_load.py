"""Load test of the web server on loopback. Prints one JSON object.

N simulated respondents (asyncio + httpx) run whole interviews of a seven-question study with
every question type (tests/support/mini_study.py, about ten messages per interview) against ``uvicorn --workers W`` started exactly as ``interviewer serve`` starts it, for each
combination of engine (offline; llm = the OpenAI stub with a fixed per-token latency, replies
streamed as SSE), worker count and database (SQLite; PostgreSQL when a URL is given). Each
respondent answers every control like the widget does (selections for closed questions, text
otherwise), waits a think time between messages, and retries like the widget (same idempotency
key on 409/429/5xx/network errors).

Reported per configuration: completed interviews per minute; server overhead per turn excluding
model time (p50/p95, from the server's own timing) and client-observed latency minus model
time (includes queueing); error responses by status; and a store audit afterwards: every
acknowledged message stored exactly once and answered exactly once.

Run: ``python benchmarks/web_load.py [--respondents 200] [--seconds 30] [--pg-url URL]``.
Target: 200 concurrent respondents on a 2-core machine, p95 overhead < 50 ms, zero errors and
zero lost or duplicated turns. Loops are bounded in count and time; only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from interviewer.store import Store  # noqa: E402
from tests.support.mini_study import MINI_STUDY  # noqa: E402
from tests.support.openai_stub import OpenAIStub  # noqa: E402

STUDY_ID = "mini"
MAX_MESSAGES = 60
"""Per interview: a runaway interview is abandoned, never looped forever."""
MAX_ATTEMPTS = 8
ANSWERS = [
    "Last Tuesday an invoice from Staples for $4,200 sat three days because our budget owner "
    "Dan was travelling; I chased him on Slack twice and we lost the 2% early-payment discount.",
    "It cost us about two hours of chasing and $84 in lost discount that week.",
]
PROBE = "When did that last happen, and what did you do about it?"


@dataclass
class Stats:
    overhead_ms: list[float] = field(default_factory=list)
    client_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: int = 0
    completed: int = 0
    sent: dict[str, list[str]] = field(default_factory=dict)
    """Session id → idempotency keys of the messages acknowledged with a reply."""
    unacknowledged: dict[str, str] = field(default_factory=dict)
    """Session id → key of a message still in flight when the run ended."""


def answer_for(control: dict[str, Any], probes: int) -> dict[str, Any]:
    kind = control["type"]
    options = control["options"]
    if kind == "consent":
        return {"text": "yes"}
    if kind == "single_choice":
        return {"selection": options[1] if len(options) > 1 else options[0]}
    if kind == "multiple_choice":
        return {"selection": options[:1]}
    if kind == "ranking":
        return {"selection": options[: control["min"]]}
    if kind == "scale":
        return {"selection": (control["min"] + control["max"]) // 2}
    if kind == "yes_no":
        return {"selection": True}
    return {"text": ANSWERS[min(probes, 1)]}


async def respondent(
    client: httpx.AsyncClient, stats: Stats, deadline: float, think: float, stream: bool
) -> None:
    base = f"/api/studies/{STUDY_ID}"
    while time.monotonic() < deadline:
        started = await request(client, "POST", f"{base}/sessions", {}, {}, stats)
        if started is None:
            return
        sid, token = started["session_id"], started["token"]
        headers = {"Authorization": f"Bearer {token}"}
        if stream:
            headers["Accept"] = "text/event-stream"
        snapshot, acknowledged = started["session"], stats.sent.setdefault(sid, [])
        probes, question = 0, None
        for _ in range(MAX_MESSAGES):
            if snapshot["finished"] or time.monotonic() > deadline:
                break
            await asyncio.sleep(think * random.uniform(0.5, 1.5))
            control = snapshot["control"]
            probes = probes + 1 if control["question_id"] == question else 0
            question = control["question_id"]
            key = secrets.token_hex(8)
            body = {"idempotency_key": key, **answer_for(control, probes)}
            stats.unacknowledged[sid] = key
            sent_at = time.perf_counter()
            reply = await request(
                client, "POST", f"{base}/sessions/{sid}/messages", body, headers, stats
            )
            if reply is None:
                return
            del stats.unacknowledged[sid]
            acknowledged.append(key)
            timing = reply["timing"]
            stats.overhead_ms.append(timing["server_ms"])
            stats.client_ms.append((time.perf_counter() - sent_at) * 1000 - timing["model_ms"])
            snapshot = reply["session"]
        if snapshot["finished"]:
            stats.completed += 1


async def request(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    body: dict[str, Any],
    headers: dict[str, str],
    stats: Stats,
) -> dict[str, Any] | None:
    """Like the widget: retry with the same body (and key) on 409/429/5xx/network errors."""
    for attempt in range(MAX_ATTEMPTS):
        try:
            response = await client.request(method, url, json=body, headers=headers)
            stats.statuses[response.status_code] += 1
            if response.status_code in (200, 201):
                if response.headers["content-type"].startswith("text/event-stream"):
                    return last_reply(response.text)
                data: dict[str, Any] = response.json()
                return data
            if response.status_code not in (409, 429) and response.status_code < 500:
                break
            wait = float(response.headers.get("retry-after", 0.5 * 2**attempt))
        except httpx.HTTPError:
            stats.statuses[0] += 1
            wait = 0.5 * 2**attempt
        await asyncio.sleep(min(wait, 5.0))
    stats.failures += 1
    return None


def last_reply(body: str) -> dict[str, Any]:
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        if lines["event"] == "reply":
            data: dict[str, Any] = json.loads(lines["data"])
            return data
        if lines["event"] == "error":
            raise httpx.HTTPError(lines["data"])
    raise httpx.HTTPError("the stream ended without a reply")


def audit(db_url: str, stats: Stats) -> dict[str, int]:
    """Compare what respondents were told with what the store holds."""
    lost = duplicated = unanswered = 0
    with Store(db_url) as store:
        for sid, keys in stats.sent.items():
            turns = store.transcript(sid)
            stored = [t.idempotency_key for t in turns if t.role == "respondent"]
            replied = Counter(t.reply_to for t in turns if t.role == "moderator")
            in_flight = stats.unacknowledged.get(sid)
            lost += len(set(keys) - set(stored))
            duplicated += len(stored) - len(set(stored))
            duplicated += len([k for k in stored if k not in keys and k != in_flight])
            duplicated += sum(n - 1 for n in replied.values() if n > 1)
            respondent_ids = {t.id: t.idempotency_key for t in turns if t.role == "respondent"}
            unanswered += len(
                [i for i, k in respondent_ids.items() if i not in replied and k != in_flight]
            )
    return {"lost_turns": lost, "duplicated_turns": duplicated, "unanswered_turns": unanswered}


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_schema_url(base_url: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    schema = f"bench_{secrets.token_hex(4)}"
    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def study_file() -> Path:
    import yaml

    path = Path(tempfile.mkdtemp(prefix="web-load-study-")) / "mini.yaml"
    path.write_text(yaml.safe_dump(MINI_STUDY, sort_keys=False), encoding="utf-8")
    return path


def start_server(
    db_url: str, workers: int, stub: OpenAIStub | None
) -> tuple[subprocess.Popen[bytes], str]:
    from interviewer.web.server import CONFIG_ENV, ServerConfig

    Store(db_url).close()  # migrate before the workers race to
    config = ServerConfig(
        db_url=db_url,
        study_paths=[str(study_file())],
        model="stub-model" if stub else None,
        base_url=stub.url if stub else None,
        api_key="x" if stub else None,
        # All simulated respondents share 127.0.0.1: lift the per-IP limits, and the
        # per-session one (they answer faster than people do).
        limits={"ip_requests": 1e9, "ip_sessions": 1e9, "session_messages": 1e6},
        worker_threads=256,
    )
    port = free_port()
    env = {**os.environ, CONFIG_ENV: config.model_dump_json()}
    command = [
        sys.executable, "-m", "uvicorn", "interviewer.web.server:app_from_environment",
        "--factory", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log", "--backlog", "4096",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                time.sleep(1.0 if workers > 1 else 0)  # let every worker finish importing
                return process, url
        except httpx.HTTPError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the server did not start within 60 s")


async def load(url: str, respondents: int, seconds: float, think: float, stream: bool) -> Stats:
    stats = Stats()
    limits = httpx.Limits(max_connections=respondents + 10, max_keepalive_connections=respondents)
    timeout = httpx.Timeout(60.0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) as client:
        deadline = time.monotonic() + seconds
        tasks = [respondent(client, stats, deadline, think, stream) for _ in range(respondents)]
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + 120)
    return stats


def run_config(args: argparse.Namespace, backend: str, workers: int, engine: str) -> dict[str, Any]:
    if backend == "sqlite":
        db_url = f"sqlite:///{tempfile.mkdtemp(prefix='web-load-')}/load.db"
    else:
        db_url = postgres_schema_url(args.pg_url)
    stub = (
        OpenAIStub(token_latency=args.token_latency, default_reply=PROBE)
        if engine == "llm"
        else None
    )
    if stub:
        stub.start()
    process, url = start_server(db_url, workers, stub)
    try:
        # Warm-up (not measured): first imports, connection pools, the stub's first call.
        asyncio.run(load(url, min(8, args.respondents), 4.0, 0.2, stream=bool(stub)))
        started = time.monotonic()
        stats = asyncio.run(
            load(url, args.respondents, args.seconds, args.think, stream=bool(stub))
        )
        elapsed = time.monotonic() - started
    finally:
        process.terminate()
        process.wait(timeout=30)
        if stub:
            stub.stop()
    errors = {str(code): n for code, n in sorted(stats.statuses.items()) if code not in (200, 201)}
    return {
        "backend": backend,
        "workers": workers,
        "engine": engine if not stub else f"llm-stub ({args.token_latency * 1000:g} ms/token, SSE)",
        "respondents": args.respondents,
        "seconds": round(elapsed, 1),
        "completed_interviews": stats.completed,
        "interviews_per_minute": round(stats.completed / args.seconds * 60, 1),
        "turns": len(stats.overhead_ms),
        "server_overhead_ms": {
            "p50": percentile(stats.overhead_ms, 0.5),
            "p95": percentile(stats.overhead_ms, 0.95),
        },
        "client_latency_minus_model_ms": {
            "p50": percentile(stats.client_ms, 0.5),
            "p95": percentile(stats.client_ms, 0.95),
        },
        "error_responses": errors,
        "failed_requests": stats.failures,
        **audit(db_url, stats),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0, help="duration per configuration")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between messages")
    parser.add_argument("--token-latency", type=float, default=0.02, help="stub seconds per token")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--engines", nargs="+", default=["offline", "llm"])
    parser.add_argument(
        "--pg-url", default=os.environ.get("INTERVIEWER_TEST_PG_URL"),
        help="PostgreSQL server (default $INTERVIEWER_TEST_PG_URL); SQLite only without one",
    )  # fmt: skip
    args = parser.parse_args()
    backends = ["sqlite", *(["postgres"] if args.pg_url else [])]
    results = [
        run_config(args, backend, workers, engine)
        for backend in backends
        for workers in args.workers
        for engine in args.engines
    ]
    print(
        json.dumps(
            {
                "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                "think_seconds": args.think,
                "target": "200 respondents, p95 server overhead < 50 ms, no errors or lost turns",
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
