"""The README's two set-up commands are the ones CI and newcomers actually run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    return [block.strip() for block in blocks[:2]]


def test_readme_opens_with_two_setup_commands() -> None:
    run, test = readme_commands()
    assert run.startswith("pip install -e . && interviewer chat studies/")
    assert test == 'pip install -e ".[test]" && pytest'


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert f"TEST_COMMAND='{readme_commands()[1]}'" in ci


def test_the_readme_interview_command_names_a_real_study_and_runs(tmp_path: Path) -> None:
    run = readme_commands()[0]
    study = ROOT / run.split("interviewer chat ")[1].split()[0]
    assert study.is_file()
    result = subprocess.run(
        [sys.executable, "-m", "interviewer", "chat", str(study), "--db", str(tmp_path / "x.db")],
        input="yes\n",
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "engine: offline (no model configured" in result.stdout
    assert "Do you agree to take part?" in result.stdout
