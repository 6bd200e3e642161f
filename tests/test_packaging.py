"""The wheel ships everything the package reads at run time: prompts, templates, assets."""

from __future__ import annotations

import argparse
import email
import importlib.util
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import interviewer
from interviewer.cli.common import CliError
from interviewer.cli.web_commands import run_serve
from interviewer.store import db

ROOT = Path(__file__).resolve().parent.parent
# `interviewer` on PyPI is an unrelated project (versions 0.1-0.3 there); ours is published
# under a free name, and keeps the `interviewer` import package and command.
DISTRIBUTION = "interviewer-research"


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
    [built] = out.glob("interviewer_research-*.whl")
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
        # The cl100k vocabulary ships too, so counts are exact from an installed wheel.
        "from interviewer.llm.tokens import count_tokens, encoding_name; "
        "assert (encoding_name(), count_tokens('tiktoken is great!')) == ('cl100k_base', 6); "
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


def test_the_distribution_is_named_interviewer_research_everywhere() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == DISTRIBUTION == interviewer.DISTRIBUTION
    assert project["scripts"] == {"interviewer": "interviewer.cli:main"}
    # Nowhere may tell a user to `pip install 'interviewer[web]'`: that installs someone else's
    # package. Docs, error messages and tests name the extra on our distribution.
    stale = re.compile(r"(?<![\w-])interviewer\[(web|postgres|embeddings|test)")
    files = [ROOT / "README.md", *(ROOT / "docs").glob("*.md"), ROOT / ".ci" / "run"]
    files += [*(ROOT / "interviewer").rglob("*.py"), *(ROOT / "tests").glob("*.py")]
    files.remove(Path(__file__))  # it quotes the stale form to forbid it
    offenders = [str(f.relative_to(ROOT)) for f in files if stale.search(f.read_text())]
    assert offenders == []


def test_the_wheel_is_the_interviewer_research_distribution_with_the_interviewer_command(
    wheel: Path,
) -> None:
    archive = zipfile.ZipFile(wheel)
    info = f"interviewer_research-{interviewer.__version__}.dist-info"
    metadata = email.message_from_string(archive.read(f"{info}/METADATA").decode())
    assert metadata["Name"] == DISTRIBUTION
    assert "interviewer = interviewer.cli:main" in archive.read(f"{info}/entry_points.txt").decode()
    assert "interviewer/__init__.py" in archive.namelist()
    assert f"{info}/licenses/interviewer/data/LICENSE-cl100k_base.txt" in archive.namelist()


def test_the_missing_web_extra_error_names_the_distribution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "interviewer.web.server", None)  # import fails like no FastAPI

    with pytest.raises(CliError) as raised:
        run_serve(argparse.Namespace())

    message = str(raised.value)
    assert "pip install 'interviewer-research[web]'" in message
    assert "'interviewer[web]'" not in message
    assert "\n" not in message


def test_the_missing_postgres_driver_error_names_the_distribution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        db.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "psycopg" else real_find_spec(name, *a),
    )

    with pytest.raises(ValueError, match=r"pip install 'interviewer-research\[postgres\]'"):
        db.normalise_url("postgresql://bob@127.0.0.1:1/db")
