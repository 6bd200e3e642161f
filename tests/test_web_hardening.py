"""Web hardening (issue 11 items 4, 7, 13): pinned host names, text no database can store,
oversized chunked bodies, a landing page, and a refused embedding site that is told why."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator

import pytest

from interviewer.cli.web_commands import _where, allowed_hosts
from interviewer.store import Store
from interviewer.web import WebSettings
from tests.support.mini_study import mini_study
from tests.support.web_api import Respondent, client_for

STUDY = mini_study()


# -- item 4: the Host header is pinned ------------------------------------------------------------


def test_a_request_for_another_host_name_is_refused_with_the_flag_to_add_it(store: Store) -> None:
    settings = WebSettings(studies=(STUDY,), allowed_hosts=("127.0.0.1", "localhost", "::1"))
    client = client_for(store, settings)
    for host in ("127.0.0.1:8000", "localhost", "LOCALHOST:8000", "[::1]:8000"):
        assert client.get("/healthz", headers={"Host": host}).status_code == 200, host
    refused = client.post(
        f"/api/studies/{STUDY.id}/sessions",
        json={},
        headers={"Host": "evil.example", "Origin": "http://evil.example"},
    )
    assert refused.status_code == 421
    assert refused.json()["detail"] == (
        "this server answers for 127.0.0.1, ::1, localhost, not 'evil.example'; if that is a "
        "name of this server, restart it with `interviewer serve --allow-host evil.example` "
        "(or --public-url https://evil.example)"
    )
    assert store.list_sessions(STUDY.id) == []  # the rebinding page started nothing


def test_serve_pins_the_bound_names_the_public_url_and_allow_host() -> None:
    assert allowed_hosts("127.0.0.1", None, []) == ["127.0.0.1", "::1", "localhost"]
    assert allowed_hosts("127.0.0.1", "https://interviews.example/", ["lab.local"]) == [
        "127.0.0.1",
        "::1",
        "interviews.example",
        "lab.local",
        "localhost",
    ]
    assert allowed_hosts("10.0.0.5", None, []) == ["10.0.0.5"]
    # Every interface and no name: nothing to pin (serve prints a note saying so).
    assert allowed_hosts("0.0.0.0", None, []) == []
    assert allowed_hosts("0.0.0.0", None, ["box.lan"]) == [
        "127.0.0.1",
        "::1",
        "box.lan",
        "localhost",
    ]


# -- item 7: text no database can store, bodies over the limit ---------------------------------


def _raw_message(respondent: Respondent, body: bytes):  # type: ignore[no-untyped-def]
    return respondent.client.post(
        f"{respondent.url}/messages",
        content=body,
        headers={**respondent.auth, "Content-Type": "application/json"},
    )


def test_a_lone_surrogate_in_a_message_is_stored_as_a_replacement_character(store: Store) -> None:
    respondent = Respondent(client_for(store, WebSettings(studies=(STUDY,))), STUDY.id).start()
    reply = _raw_message(
        respondent, b'{"idempotency_key": "key-surrogate-1", "text": "yes \\ud800"}'
    )
    assert reply.status_code == 200, reply.text
    turns = store.transcript(respondent.session_id)
    assert [t.text for t in turns if t.role == "respondent"] == ["yes \ufffd"]
    assert reply.json()["session"]["status"] == "active"  # read as the consent it is


def test_a_nul_in_a_message_is_dropped_and_the_rest_kept(store: Store) -> None:
    respondent = Respondent(client_for(store, WebSettings(studies=(STUDY,))), STUDY.id).start()
    reply = _raw_message(respondent, b'{"idempotency_key": "key-nul-00001", "text": "ye\\u0000s"}')
    assert reply.status_code == 200, reply.text
    assert [t.text for t in store.transcript(respondent.session_id) if t.role == "respondent"] == [
        "yes"
    ]


@pytest.mark.parametrize("label", ["P1 \\ud800", "P1\\u0000"], ids=["surrogate", "nul"])
def test_an_unstorable_respondent_label_is_a_clear_422(store: Store, label: str) -> None:
    client = client_for(store, WebSettings(studies=(STUDY,)))
    response = client.post(
        f"/api/studies/{STUDY.id}/sessions",
        content=('{"respondent": "' + label + '"}').encode(),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("invalid request — respondent: ") and "cannot be stored" in detail
    assert store.list_sessions(STUDY.id) == []


def test_a_chunked_body_over_the_limit_is_413(store: Store) -> None:
    respondent = Respondent(client_for(store, WebSettings(studies=(STUDY,))), STUDY.id).start()

    def chunks() -> Iterator[bytes]:
        yield b'{"idempotency_key": "key-chunked-1", "text": "'
        for _ in range(20):
            yield b"x" * 1024
        yield b'"}'

    response = respondent.client.post(
        f"{respondent.url}/messages",
        content=chunks(),
        headers={**respondent.auth, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert "larger than 16384 bytes" in response.json()["detail"]
    assert [t for t in store.transcript(respondent.session_id) if t.role == "respondent"] == []


# -- item 13: a landing page, start-up lines, a refused site told why ----------------------------


def test_the_servers_address_shows_what_it_is_not_a_json_404(store: Store) -> None:
    client = client_for(store, WebSettings(studies=(STUDY,), public_url="https://i.example"))
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    text = page.text
    assert "interviewer server" in text and STUDY.title in text
    assert f"interviewer invite {STUDY.id} --base-url https://i.example" in text
    assert f'&lt;script src="https://i.example/widget.js" data-study="{STUDY.id}"&gt;' in text
    assert "disabled: start the server with <code>--researcher-key-file</code>" in text
    assert "http://" not in text.replace("https://i.example", "")  # no external URL at all


def test_serve_prints_where_everything_is() -> None:
    args = argparse.Namespace(host="127.0.0.1", port=8000, allow_origin=[])
    assert _where(args, None, studies=["invoice-approvals"], keys=[]) == "\n".join(
        [
            "interviewer serve: 1 study (invoice-approvals) at http://127.0.0.1:8000",
            "  this server      http://127.0.0.1:8000/   (what it is and where its pages are)",
            "  invite links     interviewer invite invoice-approvals --base-url http://127.0.0.1:8000",
            '  embed the widget <script src="http://127.0.0.1:8000/widget.js" '
            'data-study="invoice-approvals"></script>   (allow the site with --allow-origin)',
            "  researcher API   http://127.0.0.1:8000/api/researcher/studies  (header X-API-Key)"
            "  — disabled",
            "  API reference    http://127.0.0.1:8000/openapi.json  · guide: docs/web.md",
        ]
    )


def test_a_site_not_allowed_to_embed_is_told_why_and_the_log_says_which_flag(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    client = client_for(store, WebSettings(studies=(STUDY,)))
    origin = {"Origin": "https://shop.example"}
    preflight = client.options(
        f"/api/studies/{STUDY.id}/sessions",
        headers={**origin, "Access-Control-Request-Method": "POST"},
    )
    # The preflight passes so that the browser lets the page read the refusal below.
    assert preflight.status_code == 204
    with caplog.at_level(logging.WARNING, logger="interviewer.web"):
        refused = client.post(f"/api/studies/{STUDY.id}/sessions", json={}, headers=origin)
    assert refused.status_code == 403
    assert refused.headers["access-control-allow-origin"] == "https://shop.example"
    assert refused.json() == {
        "detail": f"the page at https://shop.example may not embed study {STUDY.id!r}; allow it "
        f"with `interviewer serve --allow-origin {STUDY.id}=https://shop.example`",
        "code": "origin_not_allowed",
        "message": "This website is not allowed to show this interview. Please let the site's "
        "owner know.",
    }
    assert f"add `--allow-origin {STUDY.id}=https://shop.example`" in caplog.text
    assert store.list_sessions(STUDY.id) == []
