"""The widget's telemetry in a real headless Chromium: one answer typed key by key, one pasted
from the real clipboard (Ctrl+V), and what the store holds for each — counts, never keys."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from interviewer.store import Store
from interviewer.web import WebSettings, create_app
from tests.support.guard_study import MACHINE, guard_study
from tests.support.web_live import LiveServer, host_page_app
from tests.test_web_browser import CHROMIUM, CHROMIUM_ARGS, Widget

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
STUDY = guard_study()


@dataclass
class Site:
    server: str
    host: str
    store: Store


@pytest.fixture
def site(store_url: str) -> Iterator[Site]:
    store = Store(store_url)
    server, host = LiveServer(), LiveServer()
    server_url, host_url = server.bind(), host.bind()
    settings = WebSettings(
        studies=(STUDY,), allowed_origins={STUDY.id: (host_url,)}, fingerprint_salt="salt-salt"
    )
    server.app = create_app(store, None, settings)
    host.app = host_page_app(server_url, STUDY.id)
    with server, host:
        yield Site(server_url, host_url, store)
    store.close()


@pytest.fixture
def page(site: Site) -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.host)
        yield context.new_page()
        browser.close()


def test_typed_and_pasted_answers_are_measured_and_stored(site: Site, page: Any) -> None:
    widget = Widget(page)
    page.goto(site.host)
    widget.q(".launcher").click()
    widget.wait_turn(0)
    widget.act(lambda: widget.q("button:has-text('Yes, I agree')").click())

    typed = "Last Sunday at 6pm I wrote five dinners on an envelope for the week."
    box = widget.q("#answer")
    widget.act(lambda: (box.press_sequentially(typed, delay=70), box.press("Enter")))
    assert widget.control() == ("yes_no", "used_app"), widget.texts("moderator")[-1]
    widget.act(lambda: widget.q(".row button:has-text('No')").click())

    # A real paste: the text goes onto the system clipboard, then Ctrl+V into the answer box.
    page.evaluate("text => navigator.clipboard.writeText(text)", MACHINE)
    box.focus()
    before = widget.replies()
    page.keyboard.press("Control+V")
    assert box.input_value() == MACHINE
    box.press("End")
    page.keyboard.type(" ok")
    box.press("Enter")
    widget.wait_turn(before)

    [session] = site.store.list_sessions(STUDY.id)
    turns = [
        t for t in site.store.transcript(session.id) if t.role == "respondent" and t.question_id
    ]
    first, second = turns[0], turns[2]  # turns[1] is the "No" button
    assert first.text == typed
    assert first.telemetry is not None and first.telemetry["pastes"] == 0
    assert first.telemetry["pasted_chars"] == 0
    # One key every 70 ms (a person's pace): about that long was measured.
    assert len(typed) * 70 * 0.8 <= first.telemetry["typing_ms"] < 60_000
    assert second.text == MACHINE + " ok"
    assert second.telemetry is not None
    assert (second.telemetry["pastes"], second.telemetry["pasted_chars"]) == (1, len(MACHINE))
    assert set(second.telemetry) == {"typing_ms", "pastes", "pasted_chars"}  # nothing else
    # The mostly pasted, machine-styled answer got the one gentle attention check.
    reply = widget.texts("moderator")[-1]
    assert "own words" in reply
    assert widget.problems == []
