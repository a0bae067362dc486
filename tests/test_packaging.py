"""A built wheel carries the templates: a non-editable install drafts without the checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True, capture_output=True,
    )
    return next(out.glob("*.whl"))


def test_wheel_ships_the_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("annual/report.md.j2", "annual/kind.yaml", "macros.j2", "themes.yaml",
                     "reference.docx", "fonts.yaml", "fonts.conf", "shufa/report.md.j2",
                     "shufa/topics.j2", "shufa/kind.yaml", "summary/report.md.j2", "summary/kind.yaml",
                     "README.md", "starter.yaml.j2"):
        assert f"fazhi_writer/templates/{template}" in names


def test_the_console_script_starts_at_the_fast_entry(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    name = next(n for n in archive.namelist() if n.endswith(".dist-info/entry_points.txt"))
    assert "fazhi-write = fazhi_writer.commands.entry:main" in archive.read(name).decode("utf-8")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_installed_package_drafts_outside_the_checkout(
    wheel: Path, tmp_path: Path, example: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    out = tmp_path / "out"
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "import fazhi_writer; assert fazhi_writer.__file__.startswith(sys.argv[1]); "
        "sys.argv = ['fazhi-write', 'draft', sys.argv[2], '-o', sys.argv[3]]; "
        "from fazhi_writer.commands.cli import main; main()"
    )
    result = subprocess.run([sys.executable, "-c", code, str(site), str(example), str(out)],
                            cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.suffix for p in out.iterdir() if not p.name.startswith(".")) == [".docx", ".txt"]


def test_installed_package_lists_and_exports_its_kinds(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "sys.argv = ['fazhi-write', *sys.argv[2:]]; "
        "from fazhi_writer.commands.cli import main; main()"
    )
    listed = subprocess.run([sys.executable, "-c", code, str(site), "templates"],
                            cwd=tmp_path, capture_output=True, text=True, check=False)
    assert listed.returncode == 0, listed.stderr
    assert str(site / "fazhi_writer" / "templates" / "shufa") in listed.stdout
    exported = subprocess.run([sys.executable, "-c", code, str(site), "templates", "export",
                               "summary", str(tmp_path / "mine")],
                              cwd=tmp_path, capture_output=True, text=True, check=False)
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "mine" / "annual" / "report.md.j2").is_file()


def test_installed_package_writes_a_starter(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "sys.argv = ['fazhi-write', 'init', '-o', sys.argv[2]]; "
        "from fazhi_writer.commands.cli import main; main()"
    )
    starter = tmp_path / "new" / "facts.yaml"
    result = subprocess.run([sys.executable, "-c", code, str(site), str(starter)],
                            cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "单位: 待填" in starter.read_text(encoding="utf-8")
    assert (starter.parent / "fazhi-write.schema.json").is_file()
