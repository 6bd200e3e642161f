"""Helpers for web API tests: an app over a test store, and a respondent driving it."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from interviewer.store import Store
from interviewer.web import WebSettings, create_app
from interviewer.web.settings import ModelFactory

RESEARCHER_KEY = "researcher-key-for-tests"
_keys = itertools.count(1)


def client_for(
    store: Store, settings: WebSettings, model_factory: ModelFactory | None = None
) -> TestClient:
    return TestClient(create_app(store, model_factory, settings), base_url="http://testserver")


def new_key() -> str:
    return f"key-{next(_keys):08d}"


@dataclass
class Respondent:
    """One browser: starts a session and sends messages with fresh idempotency keys."""

    client: TestClient
    study_id: str
    session_id: str = ""
    token: str = ""
    opening: dict[str, Any] = field(default_factory=dict)

    def start(self, **body: Any) -> Respondent:
        response = self.client.post(f"/api/studies/{self.study_id}/sessions", json=body)
        assert response.status_code == 201, response.text
        data = response.json()
        self.session_id, self.token, self.opening = data["session_id"], data["token"], data
        return self

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def url(self) -> str:
        return f"/api/studies/{self.study_id}/sessions/{self.session_id}"

    def post(self, key: str | None = None, **body: Any) -> Any:
        payload = {"idempotency_key": key or new_key(), **body}
        return self.client.post(f"{self.url}/messages", json=payload, headers=self.auth)

    def say(self, text: str = "", **body: Any) -> dict[str, Any]:
        response = self.post(text=text, **body)
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        return data

    def pick(self, selection: Any, other_text: str | None = None) -> dict[str, Any]:
        return self.say(selection=selection, other_text=other_text)

    def stream(self, text: str) -> tuple[list[str], dict[str, Any]]:
        """Send with ``Accept: text/event-stream``; return the token chunks and the reply."""
        headers = {**self.auth, "Accept": "text/event-stream"}
        payload = {"idempotency_key": new_key(), "text": text}
        with self.client.stream(
            "POST", f"{self.url}/messages", json=payload, headers=headers
        ) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            events = parse_sse(response.read().decode())
        tokens = [data["text"] for name, data in events if name == "token"]
        replies = [data for name, data in events if name == "reply"]
        assert len(replies) == 1, events
        return tokens, replies[0]

    def snapshot(self) -> dict[str, Any]:
        response = self.client.get(self.url, headers=self.auth)
        assert response.status_code == 200, response.text
        data: dict[str, Any] = response.json()
        return data


def parse_sse(body: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events
