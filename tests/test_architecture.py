"""The architecture DESIGN.md §4 promises, checked by reading the code (so a test fails the day
someone breaks it, not the day it matters):

- only `gui/` imports Qt: no module outside coauthor_desk/gui/ has an import statement
  (at the top or inside a function) naming PySide6 or shiboken6;
- only `history/` runs git: outside coauthor_desk/history/, no module imports GitPython
  (`git`) or another git library (pygit2, dulwich), none uses os.system, os.popen, os.exec*
  or os.spawn*, only the modules in SUBPROCESS (which run pandoc, epubcheck, java and
  espeak-ng) import subprocess, no call to a function that runs programs (subprocess's
  run, Popen, call, check_call, check_output, getoutput, getstatusoutput; asyncio's
  create_subprocess_*; or this app's own runners in RUNNERS, by name) is given the program
  "git" as its command (a string "git ..." or a list starting with "git" or a path ending in
  it), and no text names the ".git" folder;
- modules stay small: none outside gui/ is over 400 lines.

What it cannot see: a program name built at run time (a variable holding "git", or
shutil.which's answer) passed to one of the SUBPROCESS modules' calls. Those modules run only
the programs their reasons below name; keep it so.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "coauthor_desk"
QT = {"PySide6", "shiboken6"}
GIT_LIBRARIES = {"git", "pygit2", "dulwich"}
# Modules outside history/ that may run other programs, and why.
SUBPROCESS = {
    "export/pandoc.py": "runs pandoc (the one runner for it)",
    "export/file_checks.py": "runs epubcheck through java to check an e-book before saving it",
    "export/review_copy.py": "runs espeak-ng to record an audio review copy",
}
# Functions that run a program given as their first argument (or `args`), by name.
RUNNERS = {"run", "Popen", "call", "check_call", "check_output", "getoutput",
           "getstatusoutput", "create_subprocess_exec", "create_subprocess_shell", "run_pandoc"}
MOST_LINES = 400


def _modules() -> list[tuple[str, ast.Module, str]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        text = path.read_text("utf-8")
        found.append((relative, ast.parse(text, relative), text))
    return found


MODULES = _modules()


def _imported(tree: ast.Module) -> list[tuple[str, int]]:
    """Every module name an import statement names, with its line, at any depth."""
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append((node.module, node.lineno))
    return names


def _top(name: str) -> str:
    return name.split(".", 1)[0]


def test_the_check_reads_every_module():
    names = {relative for relative, _, _ in MODULES}
    assert {"cli/main.py", "gui/main_window.py", "history/git_runner.py",
            "manuscript/text.py"} <= names
    assert all(relative in names for relative in SUBPROCESS)


def test_only_the_window_imports_qt():
    wrong = [f"{relative}:{line} imports {name}" for relative, tree, _ in MODULES
             if not relative.startswith("gui/")
             for name, line in _imported(tree) if _top(name) in QT]
    assert not wrong, "Only coauthor_desk/gui/ may import Qt:\n" + "\n".join(wrong)


def test_the_window_does_import_qt():
    """The check above looks at the right names: the window's modules do import them."""
    assert any(_top(name) in QT for relative, tree, _ in MODULES
               if relative == "gui/main_window.py" for name, _ in _imported(tree))


def test_only_history_imports_git_libraries():
    wrong = [f"{relative}:{line} imports {name}" for relative, tree, _ in MODULES
             if not relative.startswith("history/")
             for name, line in _imported(tree) if _top(name) in GIT_LIBRARIES]
    assert not wrong, "Only coauthor_desk/history/ may use git:\n" + "\n".join(wrong)


def test_only_named_modules_run_other_programs():
    wrong = [f"{relative}:{line} imports {name}" for relative, tree, _ in MODULES
             if not relative.startswith("history/") and relative not in SUBPROCESS
             for name, line in _imported(tree) if _top(name) == "subprocess"]
    assert not wrong, ("Running programs belongs in history/ (git) or the modules in "
                       "SUBPROCESS:\n" + "\n".join(wrong))


def _os_runner(node: ast.Call) -> str | None:
    function = node.func
    if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name) and \
            function.value.id == "os" and (function.attr in ("system", "popen") or
                                           function.attr.startswith(("exec", "spawn"))):
        return f"os.{function.attr}"
    return None


def _called(node: ast.Call) -> str:
    """The name of the function called: `run` for both run(...) and subprocess.run(...)."""
    function = node.func
    return function.attr if isinstance(function, ast.Attribute) else \
        function.id if isinstance(function, ast.Name) else ""


def _is_git(value: ast.expr) -> bool:
    """The program "git" (by name, or a path ending in it) as a command or its first word."""
    if isinstance(value, (ast.List, ast.Tuple)) and value.elts:
        value = value.elts[0]
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return Path(value.value.replace("\\", "/")).name in ("git", "git.exe")
        return False
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        words = value.value.split()
        return bool(words) and Path(words[0].replace("\\", "/")).name in ("git", "git.exe")
    return False


def test_nothing_outside_history_runs_git():
    wrong = []
    for relative, tree, _ in MODULES:
        if relative.startswith("history/"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                runner = _os_runner(node)
                if runner:
                    wrong.append(f"{relative}:{node.lineno} calls {runner}")
                arguments = [*node.args[:1], *(k.value for k in node.keywords
                                                if k.arg in ("args", "cmd", "command"))]
                if _called(node) in RUNNERS and any(_is_git(a) for a in arguments):
                    wrong.append(f"{relative}:{node.lineno} runs git")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and (
                    node.value == ".git" or node.value.startswith(".git/")):
                wrong.append(f"{relative}:{node.lineno} names the .git folder")
    assert not wrong, "Only coauthor_desk/history/ runs git or reads .git/:\n" + "\n".join(wrong)


def test_the_git_check_knows_a_git_command():
    """The check above would see the usual ways of running git."""
    for source in ('subprocess.run(["git", "log"])', "subprocess.run(('git', 'log'))",
                   'subprocess.check_output("git log", shell=True)',
                   'Popen(args=["/usr/bin/git", "status"])'):
        call = ast.parse(source).body[0].value
        assert isinstance(call, ast.Call) and _called(call) in RUNNERS, source
        assert any(_is_git(a) for a in [*call.args[:1], *(k.value for k in call.keywords
                                                          if k.arg == "args")]), source
    assert not _is_git(ast.parse('run(["pandoc", "git"])').body[0].value.args[0])
    # Looking git up to say plainly when it is missing is not running it.
    assert _called(ast.parse('shutil.which("git")').body[0].value) not in RUNNERS


def test_modules_are_small():
    wrong = [f"{relative}: {text.count(chr(10))} lines" for relative, _, text in MODULES
             if not relative.startswith("gui/")
             and text.count("\n") > MOST_LINES]
    assert not wrong, (f"Modules outside gui/ stay under {MOST_LINES} lines (split by job):\n"
                       + "\n".join(wrong))
