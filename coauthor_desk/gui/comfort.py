"""Comfort settings for the whole window: text size, a high-contrast look, and what is
remembered between sessions (window place and size, recent books), kept in QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ORGANISATION = APP = "CoAuthor Desk"
SMALLEST, LARGEST, NORMAL = 8, 32, 11
RECENT_BOOKS = 8


def settings() -> QSettings:
    """The person's settings for the app (an INI file in their own settings folder, the same
    on every computer)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APP)


def text_size() -> int:
    return int(settings().value("text_size", NORMAL))


def apply_text_size(points: int) -> int:
    """Set the size of every word in the window, within sensible bounds; the size set."""
    points = max(SMALLEST, min(LARGEST, points))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font = QFont(app.font())
    font.setPointSize(points)
    app.setFont(font)
    settings().setValue("text_size", points)
    return points


def high_contrast() -> bool:
    return settings().value("high_contrast", "false") in (True, "true")


def high_contrast_palette(palette: QPalette | None = None) -> QPalette:
    """White on black with yellow for what is chosen (on `palette`, or a new one)."""
    palette = QPalette(palette) if palette is not None else QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "black"),
                         (QPalette.ColorRole.WindowText, "white"),
                         (QPalette.ColorRole.Base, "black"),
                         (QPalette.ColorRole.AlternateBase, "#1a1a1a"),
                         (QPalette.ColorRole.Text, "white"),
                         (QPalette.ColorRole.Button, "black"),
                         (QPalette.ColorRole.ButtonText, "white"),
                         (QPalette.ColorRole.Highlight, "yellow"),
                         (QPalette.ColorRole.HighlightedText, "black"),
                         (QPalette.ColorRole.ToolTipBase, "black"),
                         (QPalette.ColorRole.ToolTipText, "white"),
                         (QPalette.ColorRole.PlaceholderText, "#d0d0d0")):
        palette.setColor(role, QColor(colour))
    return palette


def apply_high_contrast(on: bool) -> None:
    """White on black with yellow for what is chosen, or the computer's own colours."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if on:
        app.setPalette(high_contrast_palette())
    else:
        app.setPalette(app.style().standardPalette())
    settings().setValue("high_contrast", on)


def recent_books() -> list[Path]:
    """Book folders opened lately, newest first, that are still there."""
    value = settings().value("recent_books", [])
    names = [value] if isinstance(value, str) else list(value or [])
    return [Path(name) for name in names if Path(name).is_dir()]


def remember_book(folder: Path) -> None:
    books = [folder.resolve()] + [b for b in recent_books() if b != folder.resolve()]
    settings().setValue("recent_books", [str(b) for b in books[:RECENT_BOOKS]])
