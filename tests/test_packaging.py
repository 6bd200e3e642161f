"""The wheel ships everything the package reads at run time: prompts, templates, assets."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    [built] = out.glob("interviewer-*.whl")
    return built


def test_the_wheel_ships_every_prompt_template_and_asset(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    prompts = {f"interviewer/_prompts/{p.name}" for p in (ROOT / "prompts").glob("*.j2")}
    assert prompts and prompts <= names
    package = ROOT / "interviewer"
    assets = {
        f"interviewer/{p.relative_to(package).as_posix()}"
        for pattern in (
            "data/*",
            "**/*.tcss",
            "**/*.json",
            "report/templates/*",
            "web/static/*",
            "web/templates/*",
            "i18n/*.yaml",
        )
        for p in package.glob(pattern)
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert assets - names == set()


def test_the_installed_wheel_renders_prompts_without_the_source_tree(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    probe = (
        "import interviewer.prompts as p; "
        f"assert p.prompts_dir().is_relative_to(__import__('pathlib').Path(r'{target}')); "
        "print(' '.join(p.template_names()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    expected = sorted(p.name.removesuffix(".j2") for p in (ROOT / "prompts").glob("*.j2"))
    assert result.stdout.split() == expected
