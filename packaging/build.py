"""Make CoAuthor Desk as a one-folder app that runs without Python installed.

    pip install -e '.[package]'
    python packaging/build.py

The app lands in packaging/dist/coauthor-desk/ (run packaging/dist/coauthor-desk/coauthor-desk,
or coauthor-desk.exe on Windows); PyInstaller's working files go in build/pyinstaller/. Both are
ignored by git. The same command works on Linux, Windows and macOS; each builds for the system it
runs on (see packaging/README.md).

Inside the folder: the app and its resources/, pandoc (from the pypandoc-binary wheel), typst's
compiled module, GitPython and the parts of Qt the app uses. git itself is not inside: the app
finds it on the computer and says plainly when it is missing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "packaging" / "dist"
WORK = ROOT / "build" / "pyinstaller"
NAME = "coauthor-desk"
ICON_PNG = ROOT / "resources" / "icons" / "coauthor-desk.png"

# The parts of Qt the app uses (PySide6 Essentials and Addons); anything else Qt offers is left
# out so the folder stays small.
QT_USED = ["QtCore", "QtGui", "QtWidgets", "QtSvg", "QtPrintSupport", "QtTextToSpeech"]
QT_LEFT_OUT = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus", "QtDesigner",
    "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets", "QtPdf",
    "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2",
    "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus",
    "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvgWidgets", "QtTest",
    "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets",
    "QtWebSockets", "QtWebView", "QtXml", "QtAxContainer",
]
# Python's own modules and test tools the app never uses.
PYTHON_LEFT_OUT = ["tkinter", "unittest", "pydoc_data", "test", "pytest", "hypothesis"]

# The program PyInstaller freezes: the same entry point as the installed command.
LAUNCHER = """\
import sys

from coauthor_desk.cli import main

sys.exit(main())
"""


def pyinstaller_arguments(launcher: Path, dist: Path = DIST, work: Path = WORK) -> list[str]:
    separator = ";" if sys.platform == "win32" else ":"
    arguments = [
        str(launcher),
        "--name", NAME,
        "--onedir",
        "--noconfirm",
        "--clean",
        "--log-level", "WARN",
        "--distpath", str(dist),
        "--workpath", str(work),
        "--specpath", str(work),
        # the app's own code from this checkout (an editable install is not seen otherwise)
        "--paths", str(ROOT),
        "--collect-submodules", "coauthor_desk",
        # the app's own files: jargon list, templates, export templates, the example book, icons
        "--add-data", f"{ROOT / 'resources'}{separator}resources",
        # the Getting started guide and its pictures, shown from Help
        "--add-data", f"{ROOT / 'docs'}{separator}docs",
        # pandoc travels inside pypandoc-binary's wheel, as pypandoc/files/pandoc(.exe)
        "--collect-all", "pypandoc",
        # typst is a compiled module (_typst.abi3.so / .pyd)
        "--collect-all", "typst",
        "--collect-submodules", "git",
    ]
    for module in QT_USED:
        arguments += ["--hidden-import", f"PySide6.{module}"]
    for module in QT_LEFT_OUT:
        arguments += ["--exclude-module", f"PySide6.{module}"]
    for module in PYTHON_LEFT_OUT:
        arguments += ["--exclude-module", module]
    if sys.platform in ("win32", "darwin") and ICON_PNG.exists():
        # PyInstaller turns the PNG into .ico / .icns when Pillow is installed
        arguments += ["--icon", str(ICON_PNG)]
    return arguments


def build(dist: Path = DIST, work: Path = WORK) -> Path:
    """Build the app into `dist`; the path of the program inside the finished folder."""
    import PyInstaller.__main__

    work.mkdir(parents=True, exist_ok=True)
    launcher = work / "coauthor_desk_launcher.py"
    launcher.write_text(LAUNCHER, encoding="utf-8")
    shutil.rmtree(dist / NAME, ignore_errors=True)
    PyInstaller.__main__.run(pyinstaller_arguments(launcher, dist, work))
    return program(dist)


def program(dist: Path = DIST) -> Path:
    """Where the built program is in `dist` (whether or not it has been built yet)."""
    suffix = ".exe" if sys.platform == "win32" else ""
    return dist / NAME / f"{NAME}{suffix}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make CoAuthor Desk as a one-folder app.")
    parser.add_argument("--dist", type=Path, default=DIST,
                        help="where the app's folder goes (default packaging/dist)")
    parser.add_argument("--work", type=Path, default=WORK,
                        help="PyInstaller's working folder (default build/pyinstaller)")
    arguments = parser.parse_args(argv)
    started = time.monotonic()
    built = build(arguments.dist.resolve(), arguments.work.resolve())
    print(f"Built {built} in {time.monotonic() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
