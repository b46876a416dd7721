"""The app people install: the one-folder build (packaging/build.py), its desktop entry and icon.

The built app's own tests need a build. They run when one of these is set, and are skipped
otherwise:
  COAUTHOR_BUILD_APP=1       build the app afresh into a temporary folder first (about 25-40 s;
                             needs PyInstaller: pip install -e '.[package]')
  COAUTHOR_BUILT_APP=PATH    test an app already built (the program inside its folder, e.g.
                             packaging/dist/coauthor-desk/coauthor-desk)
The rest (the window's check-and-close path, the desktop entry, the icon) always run.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
BUILD_SCRIPT = ROOT / "packaging" / "build.py"


def _build_module():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("coauthor_desk_build", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _plain_environment(home: Path, path: str) -> dict[str, str]:
    """What a person's session has: no virtual environment, no Python variables, a fresh home."""
    environment = {"HOME": str(home), "PATH": path, "LANG": "C.UTF-8",
                   "QT_QPA_PLATFORM": "offscreen"}
    for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        environment[name] = str(home / name.lower())
    return environment


# The window, opened on a book and closed again (what the built app is checked with) ------------

def test_the_window_opens_a_book_and_closes(example_book: Path, tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "coauthor_desk.cli", "open", str(example_book), "--smoke-test"],
        capture_output=True, text=True, timeout=120,
        env=_plain_environment(tmp_path / "home", os.environ["PATH"]))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Opened the book in the window: Our Words, Our Care" in done.stdout


def test_the_window_says_plainly_when_git_is_missing(example_book: Path, tmp_path: Path):
    nothing = tmp_path / "no-programs"
    nothing.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "coauthor_desk.cli", "open", str(example_book), "--smoke-test"],
        capture_output=True, text=True, timeout=120,
        env=_plain_environment(tmp_path / "home", str(nothing)))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Could not open the book" in done.stdout
    assert "Git, the program that keeps the book's history, cannot be found" in done.stdout
    assert "git-scm.com" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


# The desktop entry, the icon, and what the build takes in ----------------------------------------

def test_desktop_entry_starts_the_installed_command_with_its_icon():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(RESOURCES / "coauthor-desk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == "CoAuthor Desk"
    assert desktop["Exec"].split()[0] == "coauthor-desk"  # the command pyproject installs
    assert desktop["Terminal"] == "false"
    assert (RESOURCES / "icons" / f"{desktop['Icon']}.svg").exists()
    assert (RESOURCES / "icons" / f"{desktop['Icon']}.png").exists()
    assert desktop["Categories"].endswith(";")


def test_icon_is_a_square_svg_and_png():
    svg = ElementTree.parse(RESOURCES / "icons" / "coauthor-desk.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("viewBox") == "0 0 256 256"
    data = (RESOURCES / "icons" / "coauthor-desk.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (256, 256)


def test_build_takes_in_the_resources_pandoc_typst_and_only_the_qt_it_uses(tmp_path: Path):
    build = _build_module()
    arguments = build.pyinstaller_arguments(tmp_path / "launcher.py", tmp_path / "dist",
                                            tmp_path / "work")
    pairs = set(zip(arguments, arguments[1:], strict=False))
    assert ("--collect-all", "pypandoc") in pairs
    assert ("--collect-all", "typst") in pairs
    assert any(a == "--add-data" and b.endswith("resources") for a, b in pairs)
    assert ("--exclude-module", "PySide6.QtWebEngineCore") in pairs
    assert ("--hidden-import", "PySide6.QtWidgets") in pairs
    assert "from coauthor_desk.cli import main" in build.LAUNCHER
    ignored = (ROOT / ".gitignore").read_text("utf-8").splitlines()
    assert "/packaging/dist/" in ignored and "/build/" in ignored


# The built app -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("COAUTHOR_BUILT_APP")
    if given:
        program = Path(given).resolve()
        assert program.is_file(), f"COAUTHOR_BUILT_APP names no program: {program}"
        return program
    if os.environ.get("COAUTHOR_BUILD_APP") != "1":
        pytest.skip("the app is not built (set COAUTHOR_BUILD_APP=1 to build it first)")
    folder = tmp_path_factory.mktemp("app")
    done = subprocess.run([sys.executable, str(BUILD_SCRIPT), "--dist", str(folder / "dist"),
                           "--work", str(folder / "work")],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    return _build_module().program(folder / "dist")


def _run_app(program: Path, home: Path, *arguments: str,
             path: str = "/usr/local/bin:/usr/bin:/bin") -> subprocess.CompletedProcess[str]:
    # Started from an empty folder, with PATH holding the system's programs only: no Python from
    # the virtual environment, no coauthor_desk from the checkout.
    home.mkdir(exist_ok=True)
    return subprocess.run([str(program), *arguments], capture_output=True, text=True,
                          timeout=300, cwd=home, env=_plain_environment(home, path))


def test_built_app_carries_pandoc_and_typst(built_app: Path):
    inside = built_app.parent / "_internal"
    pandoc = "pandoc.exe" if sys.platform == "win32" else "pandoc"
    assert (inside / "pypandoc" / "files" / pandoc).is_file()
    assert list((inside / "typst").glob("_typst*"))
    assert (inside / "resources" / "example_book").is_dir()
    assert (inside / "docs" / "getting-started.md").is_file()  # Help, Getting started
    assert not list(inside.rglob("*WebEngine*"))


def test_built_app_makes_a_word_file_and_a_pdf_and_opens_the_window(built_app: Path,
                                                                      tmp_path: Path):
    home = tmp_path / "home"
    book = tmp_path / "book"
    done = _run_app(built_app, home, "--version")
    assert done.returncode == 0 and "CoAuthor Desk" in done.stdout, done.stderr

    done = _run_app(built_app, home, "example", str(book))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Made the example book" in done.stdout

    done = _run_app(built_app, home, "export", str(book), "--to", "docx",
                    "-o", str(tmp_path / "book.docx"), "--draft")
    assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(tmp_path / "book.docx") as word:
        assert "Our Words, Our Care" in word.read("word/document.xml").decode("utf-8")

    done = _run_app(built_app, home, "export", str(book), "--to", "pdf",
                    "-o", str(tmp_path / "book.pdf"), "--draft")
    assert done.returncode == 0, done.stdout + done.stderr
    from pypdf import PdfReader

    pdf = PdfReader(tmp_path / "book.pdf")
    assert len(pdf.pages) > 5
    assert "Our Words" in pdf.pages[0].extract_text()

    done = _run_app(built_app, home, "open", str(book), "--smoke-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Opened the book in the window: Our Words, Our Care" in done.stdout
    assert "Traceback" not in done.stderr


def test_built_app_says_plainly_when_git_is_missing(built_app: Path, tmp_path: Path):
    book = tmp_path / "book"
    assert _run_app(built_app, tmp_path / "home", "example", str(book)).returncode == 0
    nothing = tmp_path / "no-programs"
    nothing.mkdir()
    done = _run_app(built_app, tmp_path / "home", "open", str(book), "--smoke-test",
                    path=str(nothing))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "git-scm.com" in done.stdout
