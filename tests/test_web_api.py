"""The web API over HTTP (TestClient), on SQLite and — with INTERVIEWER_TEST_PG_URL — PostgreSQL.

Each test drives real requests through the real app and checks what the store holds afterwards.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.cli.common import CliError
from interviewer.cli.web_commands import _origins
from interviewer.llm.langchain import LangChainModel
from interviewer.report.qdpx import read_qdpx
from interviewer.store import Store
from interviewer.store.models import utcnow
from interviewer.store.web_store import TurnLimits, WebStore
from interviewer.web import Limits, WebSettings, reports
from interviewer.web.invites import mint_invites, parse_duration
from tests.support.mini_study import mini_study
from tests.support.openai_stub import OpenAIStub
from tests.support.web_api import RESEARCHER_KEY, Respondent, client_for, new_key

ROOT = Path(__file__).resolve().parents[1]
STUDY = mini_study()
SETTINGS = WebSettings(studies=(STUDY,), researcher_keys=(RESEARCHER_KEY,))
ADMIN = {"X-API-Key": RESEARCHER_KEY}


def respondent(store: Store, settings: WebSettings = SETTINGS, **start: object) -> Respondent:
    return Respondent(client_for(store, settings), STUDY.id).start(**start)


def test_full_interview_with_every_control_stores_exactly_what_was_picked(store: Store) -> None:
    person = respondent(store, respondent="P07")
    assert person.opening["session"]["control"]["type"] == "consent"
    assert person.opening["session"]["messages"][0]["text"].startswith("Invoice approvals")

    step = person.say("Yes, I agree")
    control = step["session"]["control"]
    assert (control["type"], control["options"]) == (
        "single_choice",
        ["Finance", "Operations", "Student"],
    )
    # The widget shows the options as a control, so the typed-answer hint is left out.
    assert step["reply"]["text"].endswith("What best describes your role?")
    step = person.pick("Finance")
    assert step["session"]["control"]["type"] == "text"
    step = person.say(
        "Last Tuesday our approver Dana was travelling, so a $4,000 invoice waited three days "
        "and we paid a late fee; I chased her on Slack twice because nobody else could sign."
    )
    while step["session"]["control"]["question_id"] == "last_time":  # probes, if any
        step = person.say("It cost us $120 in fees and two hours of chasing that week.")
    assert step["session"]["control"] == {
        "type": "scale",
        "question_id": "pain",
        "options": [],
        "allow_other": False,
        "min": 1,
        "max": 10,
        "min_label": "Not at all",
        "max_label": "Extremely",
        "skippable": True,
        "hint": None,
    }
    step = person.pick(7)
    assert step["session"]["control"]["type"] == "text"  # the "why" follow-up
    step = person.say("Because chasing approvers eats my Mondays.")
    assert step["session"]["control"]["type"] == "multiple_choice"
    step = person.pick(["Slack", "Other"], other_text="Teams")
    assert step["session"]["control"]["type"] == "ranking"
    ranked = ["Matching POs", "Chasing approvers", "Fixing coding errors"]
    step = person.pick(ranked)
    assert step["session"]["control"]["type"] == "yes_no"
    step = person.pick(False)
    assert step["session"]["finished"] and step["session"]["control"] is None
    assert step["session"]["status"] == "completed"

    answers = {a.question_id: a for a in store.answers(person.session_id)}
    assert answers["role"].value == "Finance"
    assert answers["pain"].value == 7
    assert (answers["tools"].value, answers["tools"].other_text) == (["Slack", "Other"], "Teams")
    assert answers["priority"].value == ranked
    assert answers["switched"].value is False
    view = store.load_session(person.session_id)
    assert (view.session.source, view.session.respondent) == ("web", "P07")
    said = [t.text for t in view.turns if t.role == "respondent"]
    assert said[:2] == ["Yes, I agree", "Finance"]
    assert "Slack, Other: Teams" in said and said[-1] == "No"
    assert len(view.turns) == 2 * len(said) + 1  # every message stored once, answered once
    # A fetched snapshot is the same conversation.
    snapshot = person.snapshot()
    assert [m["role"] for m in snapshot["messages"]] == [t.role for t in view.turns]
    assert person.post(text="one more thing").status_code == 409


def test_streamed_llm_reply_arrives_token_by_token(
    store: Store, stub_model: LangChainModel, openai_stub: OpenAIStub
) -> None:
    probe = "When did an approval last get stuck for you, and what happened?"
    openai_stub.script(probe)
    person = Respondent(client_for(store, SETTINGS, lambda _study: stub_model), STUDY.id).start()
    person.say("yes")
    person.pick("Operations")
    tokens, reply = person.stream("approvals are usually slow")
    assert len(tokens) > 3 and "".join(tokens) == probe == reply["reply"]["text"]
    assert reply["timing"]["model_ms"] > 0
    stored = store.transcript(person.session_id)[-1]
    assert (stored.text, stored.engine) == (probe, "llm:openai:stub-model")
    assert store.load_session(person.session_id).session.model == "openai:stub-model"


def test_researcher_endpoints_need_the_key(store: Store) -> None:
    client = client_for(store, SETTINGS)
    assert client.get("/api/researcher/studies").status_code == 401
    wrong = client.get("/api/researcher/studies", headers={"X-API-Key": "nope"})
    assert wrong.status_code == 403 and "wrong API key" in wrong.json()["detail"]
    ok = client.get("/api/researcher/studies", headers=ADMIN)
    assert ok.json() == [
        {"id": "mini", "title": "Invoice approvals", "versions": 1, "sessions": 0, "served": True}
    ]
    keyless = client_for(store, WebSettings(studies=(STUDY,)))
    refused = keyless.get("/api/researcher/studies", headers=ADMIN)
    assert refused.status_code == 403 and "--researcher-key" in refused.json()["detail"]


def test_a_respondent_token_opens_only_its_own_session(store: Store) -> None:
    alice, bob = respondent(store), respondent(store)
    assert alice.client.get(alice.url).status_code == 401
    stolen = alice.client.get(bob.url, headers=alice.auth)
    assert stolen.status_code == 403
    bob_token_on_alice = alice.client.post(
        f"{alice.url}/messages",
        json={"idempotency_key": new_key(), "text": "yes"},
        headers=bob.auth,
    )
    assert bob_token_on_alice.status_code == 403
    assert store.transcript(alice.session_id)[-1].role == "moderator"  # nothing stored
    wrong_study = alice.client.get(
        f"/api/studies/other/sessions/{alice.session_id}", headers=alice.auth
    )
    assert wrong_study.status_code == 404


def test_invites_are_single_use_expire_and_open_links_are_reusable(store: Store) -> None:
    client = client_for(store, SETTINGS)
    web = WebStore(store)
    single = mint_invites(
        web, STUDY.id, base_url="http://testserver", expires_in=parse_duration("14d")
    )
    token = single[0].url.rsplit("/", 1)[1]
    page = client.get(f"/i/{token}")
    assert page.status_code == 200 and f'data-invite="{token}"' in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    first = Respondent(client, STUDY.id).start(invite=token)
    again = client.post(f"/api/studies/{STUDY.id}/sessions", json={"invite": token})
    assert again.status_code == 410 and "already been used" in again.json()["detail"]
    [record] = web.list_invites(STUDY.id)
    assert (record.uses, record.session_id) == (1, first.session_id)

    expired = web.create_invites(STUDY.id, count=1, expires_at=utcnow() - timedelta(seconds=1))
    late = client.post(f"/api/studies/{STUDY.id}/sessions", json={"invite": expired[0].token})
    assert late.status_code == 410 and "expired" in late.json()["detail"]
    unknown = client.post(f"/api/studies/{STUDY.id}/sessions", json={"invite": "x" * 32})
    assert unknown.status_code == 404
    assert client.get(f"/i/{'x' * 32}").status_code == 404

    [open_link] = mint_invites(web, STUDY.id, base_url="http://testserver", kind="open")
    open_token = open_link.url.rsplit("/", 1)[1]
    for _ in range(2):
        Respondent(client, STUDY.id).start(invite=open_token)
    assert next(i for i in web.list_invites(STUDY.id) if i.kind == "open").uses == 2

    invite_only = client_for(store, WebSettings(studies=(STUDY,), invite_only=True))
    refused = invite_only.post(f"/api/studies/{STUDY.id}/sessions", json={})
    assert refused.status_code == 403 and "invitation only" in refused.json()["detail"]


def test_invites_over_the_researcher_api(store: Store) -> None:
    client = client_for(store, SETTINGS)
    made = client.post(
        f"/api/researcher/studies/{STUDY.id}/invites", json={"count": 3}, headers=ADMIN
    )
    assert made.status_code == 201
    links = made.json()
    assert len({link["url"] for link in links}) == 3
    assert all(link["url"].startswith("http://testserver/i/") for link in links)
    listed = client.get(f"/api/researcher/studies/{STUDY.id}/invites", headers=ADMIN).json()
    assert {i["id"] for i in listed} == {link["id"] for link in links}
    assert "token" not in json.dumps(listed) and all(i["uses"] == 0 for i in listed)


def test_rate_limits_per_session_and_per_ip(store: Store) -> None:
    limits = Limits(session_messages=2, ip_sessions=2)
    settings = WebSettings(studies=(STUDY,), limits=limits)
    person = respondent(store, settings)
    person.say("yes")
    person.pick("Finance")
    third = person.post(text="Last week an approval got stuck for days.")
    assert third.status_code == 429 and int(third.headers["retry-after"]) >= 1
    assert "too many messages in this session" in third.json()["detail"]
    respondent_turns = [t for t in store.transcript(person.session_id) if t.role == "respondent"]
    assert len(respondent_turns) == 2

    client = person.client  # one more start from the same IP is allowed, the next is not
    assert client.post(f"/api/studies/{STUDY.id}/sessions", json={}).status_code == 201
    refused = client.post(f"/api/studies/{STUDY.id}/sessions", json={})
    assert refused.status_code == 429 and "from your address" in refused.json()["detail"]


def test_body_and_message_size_limits(store: Store) -> None:
    limits = Limits(max_body_bytes=2_000, max_message_chars=500)
    person = respondent(store, WebSettings(studies=(STUDY,), limits=limits))
    big = person.post(text="x" * 3_000)
    assert big.status_code == 413 and "larger than 2000 bytes" in big.json()["detail"]
    long = person.post(text="y" * 600)
    assert long.status_code == 422
    assert long.json()["detail"].startswith("text is 600 characters long; the limit is 500")
    bad_key = person.post(key="no spaces allowed", text="yes")
    assert bad_key.status_code == 422 and "idempotency_key" in bad_key.json()["detail"]
    empty = person.post(text="   ")
    assert empty.status_code == 422 and "empty" in empty.json()["detail"]
    assert [t.role for t in store.transcript(person.session_id)] == ["moderator"]


def test_retries_are_stored_once_and_get_the_same_reply(store: Store) -> None:
    person = respondent(store)
    key = new_key()
    first = person.post(key, text="yes")
    retry = person.post(key, text="yes")
    assert first.status_code == retry.status_code == 200
    assert retry.json()["replayed"] is True
    assert retry.json()["reply"] == first.json()["reply"]
    assert retry.json()["session"] == first.json()["session"]
    assert [t.role for t in store.transcript(person.session_id)] == [
        "moderator",
        "respondent",
        "moderator",
    ]


def test_one_message_at_a_time_and_orphans_are_answered(store: Store) -> None:
    person = respondent(store)
    web = WebStore(store)
    limits = TurnLimits(max_turns=100, window_seconds=60, stale_after=180)
    # Another worker accepted a message and is still answering it.
    web.claim_turn(person.session_id, "yes", key="in-flight-1", limits=limits)
    busy = person.post(text="hello?")
    assert busy.status_code == 409 and busy.headers["retry-after"] == "1"
    assert person.snapshot()["busy"] is True
    # The client retried it (its connection dropped): answered now, stored once.
    retry = person.post("in-flight-1", text="yes")
    assert retry.status_code == 200 and retry.json()["session"]["status"] == "active"
    assert person.post("in-flight-1", text="yes").json()["replayed"] is True
    assert [t.role for t in store.transcript(person.session_id)] == [
        "moderator",
        "respondent",
        "moderator",
    ]
    # Another message left pending by a worker that died (no retry comes for it).
    web.claim_turn(person.session_id, "Finance", key="orphan-01", limits=limits)
    assert person.post(text="Operations").status_code == 409
    # The worker died: with a short stale limit the next request answers the orphan.
    impatient = WebSettings(studies=(STUDY,), stale_after_seconds=0)
    revived = Respondent(client_for(store, impatient), STUDY.id, person.session_id, person.token)
    snapshot = revived.snapshot()
    assert snapshot["busy"] is False and snapshot["control"]["type"] == "text"
    assert [(t.role, t.text) for t in store.transcript(person.session_id)][3:5] == [
        ("respondent", "Finance"),
        ("moderator", snapshot["messages"][-1]["text"]),
    ]
    assert store.answers(person.session_id)[0].value == "Finance"


def test_two_servers_share_one_database(store_url: str) -> None:
    """Like two uvicorn workers: each request loads the session from the store."""
    with Store(store_url) as first_store, Store(store_url) as second_store:
        first = respondent(first_store)
        second = Respondent(
            client_for(second_store, SETTINGS), STUDY.id, first.session_id, first.token
        )
        first.say("yes")
        step = second.pick("Operations")
        assert step["session"]["progress"]["question"] == 2
        again = first.snapshot()
        assert [m["text"] for m in again["messages"]][-2] == "Operations"


def test_cors_allows_only_listed_origins(store: Store) -> None:
    settings = WebSettings(studies=(STUDY,), allowed_origins={STUDY.id: ("https://shop.example",)})
    client = client_for(store, settings)
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization",
    }
    allowed = client.options(
        f"/api/studies/{STUDY.id}/sessions", headers={"Origin": "https://shop.example", **preflight}
    )
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == "https://shop.example"
    denied = client.post(
        f"/api/studies/{STUDY.id}/sessions", json={}, headers={"Origin": "https://evil.example"}
    )
    assert denied.status_code == 403 and "--allow-origin mini=https://evil.example" in denied.text
    own = client.post(
        f"/api/studies/{STUDY.id}/sessions", json={}, headers={"Origin": "http://testserver"}
    )
    assert own.status_code == 201
    started = client.post(
        f"/api/studies/{STUDY.id}/sessions", json={}, headers={"Origin": "https://shop.example"}
    )
    assert started.headers["access-control-allow-origin"] == "https://shop.example"


def test_sessions_transcripts_and_exports(store: Store) -> None:
    person = respondent(store, respondent="=HYPERLINK(evil)")
    person.say("yes")
    person.pick("Finance")
    client = person.client
    [summary] = client.get(f"/api/researcher/studies/{STUDY.id}/sessions", headers=ADMIN).json()
    assert (summary["id"], summary["turn_count"], summary["depth_score"]) == (
        person.session_id,
        5,
        None,
    )
    transcript = client.get(f"/api/researcher/sessions/{person.session_id}", headers=ADMIN).json()
    assert [t["role"] for t in transcript["turns"]][:2] == ["moderator", "respondent"]
    assert transcript["answers"][0]["value"] == "Finance"

    jsonl = client.get(f"/api/researcher/studies/{STUDY.id}/export.jsonl", headers=ADMIN)
    [line] = jsonl.text.splitlines()
    row = json.loads(line)
    assert row["answers"][0]["value"] == "Finance" and len(row["turns"]) == 5
    exported = client.get(f"/api/researcher/studies/{STUDY.id}/export.csv", headers=ADMIN)
    assert exported.headers["content-disposition"] == 'attachment; filename="mini.csv"'
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0][:8] == [
        "session_id",
        "status",
        "respondent",
        "started_at",
        "ended_at",
        "engine",
        "depth_score",
        "role",
    ]
    assert rows[1][2] == "'=HYPERLINK(evil)"  # a formula is defused
    assert rows[1][rows[0].index("role")] == "Finance"
    assert client.get("/api/researcher/studies/nope/export.csv", headers=ADMIN).status_code == 404


def test_report_is_501_with_a_reason_when_the_build_has_none(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reports, "_entry_points", lambda: None)
    response = client_for(store, SETTINGS).post(
        f"/api/researcher/studies/{STUDY.id}/report", headers=ADMIN
    )
    assert response.status_code == 501 and "interviewer.report" in response.json()["detail"]


@pytest.mark.slow  # the synthesis itself takes seconds
@pytest.mark.skipif(not reports.reports_available(), reason="this build has no report package")
def test_report_is_synthesized_from_the_stored_sessions(sqlite_store: Store) -> None:
    person = respondent(sqlite_store)
    person.say("yes")
    person.pick("Finance")
    client = person.client
    report = client.get(f"/api/researcher/studies/{STUDY.id}/report?format=json", headers=ADMIN)
    assert report.status_code == 200, report.text
    assert report.headers["content-disposition"] == 'attachment; filename="mini-report.json"'
    assert report.json()["study"]["id"] == STUDY.id
    assert client.get("/api/researcher/studies/nope/report", headers=ADMIN).status_code == 404
    project = client.get(f"/api/researcher/studies/{STUDY.id}/report?format=qdpx", headers=ADMIN)
    assert project.status_code == 200 and project.headers["content-type"] == "application/zip"
    assert project.headers["content-disposition"] == 'attachment; filename="mini-report.qdpx"'
    assert read_qdpx(project.content).name


def test_openapi_docs_and_widget_are_served(store: Store) -> None:
    client = client_for(store, SETTINGS)
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/api/studies/{study_id}/sessions",
        "/api/studies/{study_id}/sessions/{session_id}/messages",
        "/api/researcher/studies/{study_id}/export.{fmt}",
    } <= set(paths)
    assert client.get("/docs").status_code == 200
    widget = client.get("/widget.js")
    assert widget.headers["content-type"].startswith("text/javascript")
    assert 10_000 < len(widget.content) < 50_000
    assert "innerHTML" not in widget.text and "eval(" not in widget.text
    cached = client.get("/widget.js", headers={"If-None-Match": widget.headers["etag"]})
    assert cached.status_code == 304
    info = client.get(f"/api/studies/{STUDY.id}").json()
    assert info == {
        "id": "mini",
        "title": "Invoice approvals",
        "language": "en",
        "invite_only": False,
    }
    assert client.get("/api/studies/nope").status_code == 404


def test_invite_command_mints_links_and_serve_parses_origins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.db"
    study = str(ROOT / "studies" / "invoice-approvals.yaml")
    args = ["invite", study, "--n", "3", "--db", str(db), "--base-url", "https://x.example/"]
    assert main([*args, "--label-prefix", "P"]) == 0
    links = capsys.readouterr().out.split()
    assert len(links) == 3 and all(link.startswith("https://x.example/i/") for link in links)
    assert (
        main(["invite", "invoice-approvals", "--open", "--expires", "never", "--db", str(db)]) == 0
    )
    assert capsys.readouterr().out.startswith("http://127.0.0.1:8000/i/")
    with Store(f"sqlite:///{db}") as store:
        invites = WebStore(store).list_invites("invoice-approvals")
    assert sorted(i.label or "-" for i in invites) == ["-", "P1", "P2", "P3"]
    assert main(["invite", "nope", "--db", str(db)]) == 1
    assert "no study 'nope'" in capsys.readouterr().err
    assert main(["invite", "invoice-approvals", "--expires", "soon", "--db", str(db)]) == 1
    assert _origins(["https://a.example/", "mini=http://localhost:3000"]) == {
        "*": ["https://a.example"],
        "mini": ["http://localhost:3000"],
    }
    with pytest.raises(CliError, match="scheme://host"):
        _origins(["https://a.example/path"])


@pytest.mark.parametrize(
    "cell",
    ["=1+1", ' =HYPERLINK("http://x")', "\u00a0+1", "＝1+1", "＋SUM(A1)", "  @cmd", "\t=1", "－1"],
)
def test_csv_cells_a_spreadsheet_would_run_are_defused(cell: str) -> None:
    # Issue 11, item 5: leading spaces and fullwidth signs are read as formulas by spreadsheets.
    from interviewer.web.researchers import _defuse

    assert _defuse(cell) == f"'{cell}"
    assert _defuse("Fine, 14,200 euros") == "Fine, 14,200 euros"


def test_a_message_under_another_served_studys_path_is_404_and_not_stored(store: Store) -> None:
    # Issue 11, item 6: a valid token under OTHER's path gave 500, stored the message anyway and
    # blocked the session for 180 s, so the right path then got 409.
    other = mini_study(id="other-study", title="Another study")
    settings = WebSettings(studies=(STUDY, other), researcher_keys=(RESEARCHER_KEY,))
    alice = respondent(store, settings)
    before = len(store.transcript(alice.session_id))
    wrong = alice.client.post(
        f"/api/studies/{other.id}/sessions/{alice.session_id}/messages",
        json={"idempotency_key": new_key(), "text": "yes"},
        headers=alice.auth,
    )
    assert wrong.status_code == 404
    assert "does not belong to study 'other-study'" in wrong.json()["detail"]
    assert len(store.transcript(alice.session_id)) == before  # nothing stored
    right = alice.client.post(
        f"{alice.url}/messages",
        json={"idempotency_key": new_key(), "text": "yes"},
        headers=alice.auth,
    )
    assert right.status_code == 200, right.text
