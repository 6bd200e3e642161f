"""The widget in a real headless Chromium: embedded on another origin under a strict CSP, it
runs the example invoice-approvals study to the end, clicking every control type, survives a
reload mid-interview, and shows a respondent's HTML as text.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright from PyPI; `playwright install`
is never needed. Screenshots land in tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from interviewer.presenter import session_view
from interviewer.store import Store
from interviewer.store.web_store import WebStore
from interviewer.study import Study
from interviewer.study.file import load_study
from interviewer.web import WebSettings, create_app
from interviewer.web.invites import mint_invites
from tests.support.web_live import LiveServer, host_page_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
XSS = "<img src=x onerror=alert(1)>"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
    pytest.skip(
        f"no Chromium at {CHROMIUM}: install Debian's (apt-get install chromium) to run "
        "the browser tests",
        allow_module_level=True,
    )

RICH_ANSWER = (
    "Last Tuesday an invoice from Staples for $4,200 sat for three days because our budget "
    "owner Dan was travelling. I chased him twice on Slack and by email, and we lost the 2% "
    "early-payment discount, which annoyed our controller."
)
OPEN_ANSWERS = {
    "role": f"I run accounts payable. {XSS} Last week approvals took most of Monday.",
}


@dataclass
class Site:
    server: str
    host: str
    store: Store
    study: Study


@pytest.fixture
def site(store_url: str) -> Iterator[Site]:
    """The server on each backend (SQLite, and PostgreSQL when configured), plus a host page."""
    study = load_study(ROOT / "studies" / "invoice-approvals.yaml")
    store = Store(store_url)
    server, host = LiveServer(), LiveServer()
    server_url, host_url = server.bind(), host.bind()
    settings = WebSettings(studies=(study,), allowed_origins={study.id: (host_url,)})
    server.app = create_app(store, None, settings)
    host.app = host_page_app(server_url, study.id)
    with server, host:
        yield Site(server_url, host_url, store, study)
    store.close()


@pytest.fixture
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Widget:
    """Drives the widget inside its (open) shadow root."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on(
            "console",
            lambda m: self.problems.append(f"console: {m.text}") if m.type == "error" else None,
        )

    def q(self, selector: str) -> Any:
        return self.page.locator(f"interviewer-chat >> {selector}")

    def replies(self) -> int:
        return int(self.page.evaluate(_JS_COUNT))

    def wait_turn(self, before: int) -> None:
        self.page.wait_for_function(_JS_READY, arg=before, timeout=15_000)

    def act(self, action: Any) -> None:
        before = self.replies()
        action()
        self.wait_turn(before)

    def control(self) -> tuple[str | None, str | None]:
        controls = self.q(".controls")
        return controls.get_attribute("data-control"), controls.get_attribute("data-question")

    def type_answer(self, text: str) -> None:
        self.q("#answer").fill(text)
        self.q("#answer").press("Enter")

    def choose(self, *labels: str, other: str | None = None) -> None:
        for label in labels:
            self.q(f".option:has-text({label!r})").click()
        if other is not None:
            self.q(".option:has-text('Other…')").click()
            self.q(".other").fill(other)
        self.q(".send-choice").click()

    def rank_items(self) -> list[str]:
        return self.q(".rank li[data-item]").evaluate_all("rows => rows.map(r => r.dataset.item)")

    def texts(self, role: str) -> list[str]:
        return self.q(f".msg.{role} .text").all_text_contents()


_JS_ROOT = "document.querySelector('interviewer-chat').shadowRoot"
_JS_COUNT = (
    f"() => {_JS_ROOT}.querySelectorAll('.msg.moderator:not(.typing):not(.streaming)').length"
)
_JS_READY = f"""(before) => {{
  const r = {_JS_ROOT};
  const done = r.querySelector('.done');
  const n = r.querySelectorAll('.msg.moderator:not(.typing):not(.streaming)').length;
  return n > before && (done || (r.querySelector('.controls[data-control]') && !r.querySelector('#answer').disabled));
}}"""


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_widget_completes_the_example_study_under_strict_csp(site: Site, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    widget = Widget(page)
    page.goto(site.host)
    widget.q(".launcher").click()
    widget.wait_turn(0)
    assert widget.control() == ("consent", None)
    _shot(page, "desktop-consent")
    widget.act(lambda: widget.q("button:has-text('Yes, I agree')").click())

    reloaded = xss_checked = False
    open_answers = dict(OPEN_ANSWERS)  # consumed as the questions come; fresh per backend
    shot_types: set[str] = set()
    for _step in range(60):
        kind, question = widget.control()
        if kind is None:
            break
        if kind not in shot_types and kind != "text":
            _shot(page, f"desktop-{kind}")
            shot_types.add(kind)
        if question == "involvement":
            widget.act(lambda: widget.choose("I processed invoices (accounts payable)"))
        elif question == "company_size":
            widget.act(lambda: widget.choose("200–2,000"))
        elif question == "volume":
            widget.act(lambda: widget.choose("100–500"))
        elif question == "wait_impact" and kind == "scale":
            widget.act(lambda: widget.q(".scale button[aria-label^='4']").click())
            if not reloaded:
                _reload_and_resume(page, widget)
                reloaded = True
        elif question == "tools":
            assert widget.q(".hint").text_content() == "Pick all that apply · 0 selected"
            # The widget shows the same progress line the terminal app shows on this state.
            [row] = site.store.list_sessions(site.study.id)
            loaded = site.store.load_session(row.id)
            terminal = session_view(loaded.study, loaded.state).progress_label
            assert widget.q(".titles p").text_content() == terminal
            widget.act(lambda: widget.choose("Email", other="Teams"))
        elif question == "delay_causes":
            _rank(page, widget)
            _shot(page, "desktop-ranking-sorted")
            widget.act(lambda: widget.q(".send-choice").click())
        elif question == "late_payment" and kind == "yes_no":
            widget.act(lambda: widget.q(".row button:has-text('Yes')").click())
        elif kind == "text":
            text = open_answers.pop(question, RICH_ANSWER) if question else RICH_ANSWER
            widget.act(lambda text=text: widget.type_answer(text))
            if XSS in text:
                assert XSS in widget.texts("respondent")[-1]
                assert page.locator("interviewer-chat >> img").count() == 0
                xss_checked = True
        else:
            pytest.fail(f"unexpected control {kind} for {question}")
    else:
        pytest.fail("the interview did not finish within 60 turns")

    assert widget.q(".done").is_visible()
    _shot(page, "desktop-complete")
    assert reloaded and xss_checked
    assert shot_types == {"single_choice", "scale", "multiple_choice", "ranking", "yes_no"}
    assert widget.problems == []

    sessions = site.store.list_sessions(site.study.id)
    assert len(sessions) == 1 and sessions[0].status == "completed"
    assert sessions[0].source == "web"
    answers = {a.question_id: a for a in site.store.answers(sessions[0].id)}
    assert answers["involvement"].value == "I processed invoices (accounts payable)"
    assert answers["company_size"].value == "200–2,000"
    assert answers["volume"].value == "100–500"
    assert answers["wait_impact"].value == 4
    assert (answers["tools"].value, answers["tools"].other_text) == (["Email", "Other"], "Teams")
    assert answers["delay_causes"].value == [
        "It was unclear who should approve",
        "The approver was away or busy",
        "Cost centre or GL coding was missing",
    ]
    assert answers["late_payment"].value is True
    assert XSS in answers["role"].texts[0]
    turns = site.store.transcript(sessions[0].id)
    respondent = [t.text for t in turns if t.role == "respondent"]
    # Every message stored once and answered once (the opening needs no message).
    assert len(turns) - len(respondent) == len(respondent) + 1
    assert "Email, Other: Teams" in respondent
    # Mobile width: the same conversation, full-screen panel.
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "mobile-complete")


def _reload_and_resume(page: Any, widget: Widget) -> None:
    before = widget.texts("moderator") + widget.texts("respondent")
    storage = page.evaluate("() => ({...localStorage})")
    page.reload()
    widget.q(".launcher").click()
    widget.page.wait_for_function(
        f"() => {_JS_ROOT}.querySelector('.controls[data-control]') !== null", timeout=10_000
    )
    assert page.evaluate("() => ({...localStorage})") == storage  # same session, same token
    assert widget.texts("moderator") + widget.texts("respondent") == before
    assert widget.control() == ("text", "wait_impact")  # the "why" after the scale answer


def _rank(page: Any, widget: Widget) -> None:
    assert widget.rank_items()[:3] == [
        "The approver was away or busy",
        "The invoice didn't match the purchase order",
        "It was unclear who should approve",
    ]
    # Drag "unclear" (third) above the first item with the mouse (pointer events).
    source = widget.q(".rank li[data-item='It was unclear who should approve'] .label")
    target = widget.q(".rank li[data-item]").first
    src, dst = source.bounding_box(), target.bounding_box()
    page.mouse.move(src["x"] + 10, src["y"] + src["height"] / 2)
    page.mouse.down()
    page.mouse.move(dst["x"] + 10, dst["y"] + 4, steps=6)
    page.mouse.up()
    assert widget.rank_items()[0] == "It was unclear who should approve"
    # Keyboard: Alt+ArrowUp moves the focused item up one place.
    coding = widget.q(".rank li[data-item='Cost centre or GL coding was missing']")
    coding.focus()
    coding.press("Alt+ArrowUp")
    # Buttons: move "more context" up one place.
    widget.q("button[aria-label='Move The approver asked for more context up']").click()
    assert widget.rank_items() == [
        "It was unclear who should approve",
        "The approver was away or busy",
        "Cost centre or GL coding was missing",
        "The approver asked for more context",
        "The invoice didn't match the purchase order",
    ]
    assert "moved to position" in widget.q(".sr-only[aria-live]").last.text_content()


def test_invite_page_runs_full_page_on_mobile(site: Site, browser: Any) -> None:
    link = mint_invites(WebStore(site.store), site.study.id, base_url=site.server)[0]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    widget = Widget(page)
    page.goto(link.url)
    widget.wait_turn(0)
    _shot(page, "mobile-invite-consent")
    widget.act(lambda: widget.q("button:has-text('Yes, I agree')").click())
    widget.act(lambda: widget.choose("I managed the AP or finance team"))
    _shot(page, "mobile-invite-single-choice")
    assert widget.problems == []
    # The link is spent: a second browser cannot start with it; this one resumes.
    other = browser.new_context().new_page()
    other.goto(link.url)
    other.wait_for_selector("interviewer-chat >> .status:has-text('already been used')")
    page.reload()
    widget.page.wait_for_function(
        f"() => {_JS_ROOT}.querySelector('.controls[data-control=single_choice]') !== null"
    )
    sessions = site.store.list_sessions(site.study.id)
    assert len(sessions) == 1


def test_a_site_not_allowed_to_embed_shows_why_instead_of_reconnecting(
    store_url: str, browser: Any
) -> None:
    """Issue 11 item 13: the refusal reaches the page (CORS headers on the 403) and the widget
    says, in the study's language, that this site may not show the interview — once, with no
    "Reconnecting…" and no retry button."""
    study = load_study(ROOT / "studies" / "invoice-approvals.yaml")
    store = Store(store_url)
    server, host = LiveServer(), LiveServer()
    server_url = server.bind()
    host.bind()
    server.app = create_app(store, None, WebSettings(studies=(study,)))  # no --allow-origin
    host.app = host_page_app(server_url, study.id)
    try:
        with server, host:
            page = browser.new_page()
            widget = Widget(page)
            page.goto(host.url)
            widget.q(".launcher").click()
            status = widget.q(".status")
            status.get_by_text("This website is not allowed to show this interview").wait_for(
                timeout=15_000
            )
            assert "Reconnecting" not in status.inner_text()
            assert widget.q(".status button").count() == 0
            assert store.list_sessions(study.id) == []
            _shot(page, "origin-refused")
    finally:
        store.close()
