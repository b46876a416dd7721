"""Help, Getting started: a short illustrated guide for editors (docs/getting-started.md, with
the screenshots beside it), shown inside the app."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from coauthor_desk import RESOURCES

GUIDE = "getting-started.md"
# In a copy of the source the guide is in docs/; a packaged app may carry it (with its
# screenshots/ folder) in resources/help/.
PLACES = (Path(__file__).resolve().parents[2] / "docs", RESOURCES / "help")
PICTURE_WIDTH = 720  # the screenshots are wider than the guide's window: shown smaller


def guide_folder() -> Path | None:
    """The folder holding the guide and its pictures, if it is anywhere to be found."""
    return next((place for place in PLACES if (place / GUIDE).is_file()), None)


def show_guide(window: QWidget) -> QDialog:
    """A window showing the guide; it can be read by keyboard and links open inside it."""
    browser = QTextBrowser()
    browser.setAccessibleName("Getting started guide")
    browser.setOpenExternalLinks(True)
    folder = guide_folder()
    if folder is None:
        browser.setPlainText("The guide could not be found with this copy of CoAuthor Desk. "
                             "Help, Keyboard shortcuts lists every action and its keys.")
    else:
        browser.setSearchPaths([str(folder)])
        browser.document().setBaseUrl(QUrl.fromLocalFile(str(folder) + "/"))
        browser.setMarkdown((folder / GUIDE).read_text("utf-8"))
        _fit_pictures(browser.document(), PICTURE_WIDTH)
    dialog = help_window(window, "Getting started", browser, (820, 700))
    browser.setFocus()
    return dialog


def help_window(parent: QWidget, title: str, body: QWidget, size: tuple[int, int]) -> QDialog:
    """A window of Help to read, with its Close button, shown at once."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    for button in buttons.buttons():
        button.setAccessibleName("Close")
    layout = QVBoxLayout(dialog)
    layout.addWidget(body)
    layout.addWidget(buttons)
    dialog.resize(*size)
    dialog.show()
    return dialog


def _fit_pictures(document: QTextDocument, width: int) -> None:
    """Show every picture at most `width` wide, keeping its shape."""
    block = document.begin()
    while block.isValid():
        parts = block.begin()
        while not parts.atEnd():
            part = parts.fragment()
            picture = part.charFormat().toImageFormat()
            if picture.isValid():
                image = document.resource(QTextDocument.ResourceType.ImageResource,
                                          QUrl(picture.name()))
                if image is not None and not image.isNull() and image.width() > width:
                    picture.setWidth(width)
                    picture.setHeight(image.height() * width / image.width())
                    cursor = QTextCursor(document)
                    cursor.setPosition(part.position())
                    cursor.setPosition(part.position() + part.length(),
                                       QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(picture)
            parts += 1
        block = block.next()
