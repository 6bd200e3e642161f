"""The trust guard over real web sessions (TestClient, real store): telemetry stored per turn,
duplicate and repeat-respondent flags across two sessions, the live attention check, the
verdict in listings, the researcher API, the CLI and the report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from interviewer.cli import main
from interviewer.store import Store
from interviewer.store.trust_store import trust_of
from interviewer.synthesis.corpus import load_corpus
from interviewer.web import WebSettings
from tests.support.guard_study import GENUINE, MACHINE, guard_study, pasted, typed
from tests.support.web_api import RESEARCHER_KEY, Respondent, client_for

STUDY = guard_study()
SALT = "a-long-random-salt-for-tests"
SETTINGS = WebSettings(studies=(STUDY,), researcher_keys=(RESEARCHER_KEY,), fingerprint_salt=SALT)
ADMIN = {"X-API-Key": RESEARCHER_KEY}


def browser(
    store: Store, agent: str = "Firefox/130", settings: WebSettings = SETTINGS
) -> TestClient:
    client = client_for(store, settings)
    client.headers["User-Agent"] = agent
    return client


def interview(
    client: TestClient,
    answers: tuple[str, ...] = GENUINE,
    telemetry: Any = typed,
    **start: Any,
) -> Respondent:
    """Consent, then one message per question (no probes: max_follow_ups is 0)."""
    person = Respondent(client, STUDY.id).start(**start)
    person.say("yes")
    for answer in answers:
        if answer in ("yes", "no"):
            person.pick(answer == "yes")
        else:
            person.say(answer, telemetry=telemetry(answer))
    assert person.snapshot()["finished"]
    return person


def respondent_turns(store: Store, session_id: str) -> list[Any]:
    return [t for t in store.transcript(session_id) if t.role == "respondent" and t.question_id]


def test_telemetry_is_stored_per_turn_and_a_genuine_deep_session_is_ok(store: Store) -> None:
    person = interview(browser(store))
    turns = respondent_turns(store, person.session_id)
    typed_turns = [t for t in turns if t.telemetry is not None]
    assert [t.telemetry for t in typed_turns] == [typed(a) for a in GENUINE if a != "no"]
    [row] = store.list_sessions(STUDY.id)
    assert (row.trust, row.trust_reasons) == ("ok", [])
    # Nothing that was asked of this person was an attention check.
    moderator = [t for t in store.transcript(person.session_id) if t.role == "moderator"]
    assert all((t.decision or {}).get("focus") != "attention" for t in moderator)


def test_a_pasted_machine_written_session_is_asked_once_then_excluded(store: Store) -> None:
    answers = (MACHINE, "no", MACHINE.replace("Meal planning", "Planning"), MACHINE)
    person = Respondent(browser(store), STUDY.id).start()
    person.say("yes")
    first = person.say(answers[0], telemetry=pasted(answers[0]))
    check = first["reply"]["text"]
    assert "In your own words" in check or "in your own words" in check
    assert not any(w in check.lower() for w in ("paste", "copied", "bot", "suspicious", "chatgpt"))
    again = person.say(MACHINE, telemetry=pasted(MACHINE))  # answers the check, pasted again
    assert "own words" not in again["reply"]["text"]  # at most once
    person.pick(False)
    for answer in answers[2:]:
        person.say(answer, telemetry=pasted(answer))
    assert person.snapshot()["finished"]
    [row] = store.list_sessions(STUDY.id)
    assert row.trust == "exclude"
    reasons = " | ".join(row.trust_reasons)
    assert "100% pasted" in reasons and "reads machine-written" in reasons
    assert "open answers were mostly pasted" in reasons


def test_duplicate_answers_across_two_sessions_flag_the_second(store: Store) -> None:
    first = interview(browser(store, "Firefox/130"))
    second = interview(browser(store, "Safari/17"))  # another device, the same words
    verdicts = {s.id: s for s in store.list_sessions(STUDY.id)}
    assert verdicts[first.session_id].trust == "ok"
    copy = verdicts[second.session_id]
    assert copy.trust == "exclude"
    assert f"repeats the answer to last_week of session {first.session_id}" in " ".join(
        copy.trust_reasons
    )
    assert not any("same device" in r for r in copy.trust_reasons)


def test_repeat_respondent_same_device_and_same_open_invite(store: Store) -> None:
    admin = TestClient(client_for(store, SETTINGS).app, base_url="http://testserver")
    link = admin.post(
        f"/api/researcher/studies/{STUDY.id}/invites", json={"kind": "open"}, headers=ADMIN
    ).json()[0]
    token = link["url"].rsplit("/", 1)[-1]
    other_words = (
        "On Saturday I planned three lunches for work in a notes app and bought tofu at Lidl.",
        "no",
        "Thursday I worked late until 9pm and skipped the cooking, we had cereal instead.",
        "I started cooking double portions on Monday so Thursday is leftovers now.",
    )
    first = interview(browser(store, "Chrome/129"), invite=token)
    second = interview(browser(store, "Chrome/129"), other_words, invite=token)
    third = interview(browser(store, "Chrome/129"), (GENUINE[0] + " Really.", *GENUINE[1:]))
    rows = {s.id: s for s in store.list_sessions(STUDY.id)}
    assert rows[first.session_id].trust in ("ok", "review")
    repeat = rows[second.session_id]
    assert repeat.trust == "exclude"
    assert any(
        "same invite link and same device" in r and first.session_id in r
        for r in repeat.trust_reasons
    )
    same_device = rows[third.session_id]
    assert any("same device" in r for r in same_device.trust_reasons)
    # Only the salted hash is stored: no address, no user agent, and not a plain hash of them.
    with store.reading() as tx:
        stored = (
            tx.db.exec(  # type: ignore[call-overload]
                __import__("sqlalchemy").text("SELECT client_hash FROM sessions")
            )
            .scalars()
            .all()
        )
    assert len(set(stored)) == 1 and stored[0] and "testclient" not in stored[0]
    dump = json.dumps([s.model_dump(mode="json") for s in store.list_sessions(STUDY.id)])
    assert "Chrome/129" not in dump and "testclient" not in dump


def test_no_salt_stores_no_device_hash(store: Store) -> None:
    plain = WebSettings(studies=(STUDY,))
    interview(browser(store, "Chrome/129", plain))
    interview(browser(store, "Chrome/129", plain), (GENUINE[0] + " Truly.", *GENUINE[1:]))
    with store.reading() as tx:
        stored = (
            tx.db.exec(  # type: ignore[call-overload]
                __import__("sqlalchemy").text("SELECT client_hash FROM sessions")
            )
            .scalars()
            .all()
        )
    assert stored == [None, None]


def test_researcher_override_via_api_wins_and_is_shown(store: Store) -> None:
    first = interview(browser(store, "Firefox/130"))
    second = interview(browser(store, "Safari/17"))
    admin = browser(store)
    response = admin.put(
        f"/api/researcher/sessions/{second.session_id}/trust",
        json={"verdict": "ok", "note": "my colleague, same team wiki"},
        headers=ADMIN,
    )
    assert response.status_code == 200, response.text
    assert (response.json()["verdict"], response.json()["override"]) == ("exclude", "ok")
    listed = admin.get(f"/api/researcher/studies/{STUDY.id}/sessions", headers=ADMIN).json()
    row = next(s for s in listed if s["id"] == second.session_id)
    assert (row["trust"], row["trust_overridden"]) == ("ok", True)
    assert row["trust_reasons"] == ["set to ok by a researcher: my colleague, same team wiki"]
    transcript = admin.get(f"/api/researcher/sessions/{second.session_id}", headers=ADMIN).json()
    assert transcript["trust"]["override"] == "ok"
    bad = admin.put(
        f"/api/researcher/sessions/{first.session_id}/trust",
        json={"verdict": "maybe"},
        headers=ADMIN,
    )
    assert bad.status_code == 422
    missing = admin.put(
        "/api/researcher/sessions/nope/trust", json={"verdict": "ok"}, headers=ADMIN
    )
    assert missing.status_code == 404
    # A re-check keeps the researcher's verdict.
    checked = admin.post(f"/api/researcher/studies/{STUDY.id}/check", headers=ADMIN).json()
    assert next(s for s in checked if s["id"] == second.session_id)["trust"] == "ok"


def test_bad_telemetry_is_a_clear_422(store: Store) -> None:
    person = Respondent(browser(store), STUDY.id).start()
    person.say("yes")
    response = person.post(text="hello there", telemetry={"typing_ms": -5, "keys": "abc"})
    assert response.status_code == 422
    assert "telemetry" in response.text


def test_report_leaves_excluded_sessions_out_and_says_why(store: Store, tmp_path: Path) -> None:
    first = interview(browser(store, "Firefox/130"))
    second = interview(browser(store, "Safari/17"))
    corpus = load_corpus(store, STUDY.id)
    rows = {r.session_id: r for r in corpus.rows}
    assert rows[first.session_id].included and rows[first.session_id].trust == "ok"
    assert not rows[second.session_id].included
    assert rows[second.session_id].excluded_because == "untrusted (duplicate)"
    assert [(e.reason, e.count) for e in corpus.exclusions] == [("untrusted (duplicate)", 1)]
    assert load_corpus(store, STUDY.id, include_untrusted=True).rows[1].included


def test_cli_sessions_check_and_trust(
    store: Store, store_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    interview(browser(store, "Firefox/130"))
    second = interview(browser(store, "Safari/17"))
    db = ["--db", store_url]
    assert main(["check", STUDY.id, *db]) == 0
    out = capsys.readouterr().out
    assert f"{second.session_id:<14} exclude" in out and "duplicate (review)" in out
    assert "2 session(s) checked: 1 ok, 0 review, 1 exclude" in out
    assert main(["sessions", STUDY.id, *db]) == 0
    out = capsys.readouterr().out
    assert "trust" in out.splitlines()[0] and "exclude" in out and "· repeats the answer" in out
    assert main(["trust", second.session_id, "review", "--note", "checking", *db]) == 0
    assert "trust set to review (the guard said exclude)" in capsys.readouterr().out
    record = trust_of(store, second.session_id)
    assert record is not None and record.effective == "review"
    assert main(["trust", second.session_id, "--clear", *db]) == 0
    record = trust_of(store, second.session_id)
    assert record is not None and record.override is None
    assert main(["trust", second.session_id, *db]) == 1
    assert "give a verdict" in capsys.readouterr().err
