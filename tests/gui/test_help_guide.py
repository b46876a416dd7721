"""Help, Getting started shows the guide for editors inside the app, with its pictures."""

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser
from test_accessibility import INSIDE_WORDS, nameless, own_words
from test_main_window import shown_window

from coauthor_desk.gui.help_guide import GUIDE, guide_folder

HEADINGS = ["The book folder", "The Waiting tab", "Chapters", "People and agreements",
            "Saving a version", "Comments", "Word file or a PDF", "Review copies",
            "Getting help"]


def test_getting_started_opens_from_the_help_menu(qtbot):
    window = shown_window(qtbot)
    help_menu = window.menuBar().actions()[-1].menu()
    item = next(a for a in help_menu.actions() if a.text().replace("&", "") == "Getting started")
    assert not item.shortcut().isEmpty()
    item.trigger()
    dialog = next(d for d in window.findChildren(QTextBrowser))
    qtbot.addWidget(dialog.window())
    assert dialog.window().isVisible() and nameless(dialog.window()) == []
    text = dialog.toPlainText()
    for heading in HEADINGS:
        assert heading in text, heading
    document = dialog.document()
    pictures = [f.charFormat().toImageFormat().name() for block in _blocks(document)
                for f in _fragments(block) if f.charFormat().isImageFormat()]
    assert len(pictures) >= 4, pictures
    for name in pictures:
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert image is not None and not image.isNull(), name


def test_the_guide_uses_plain_words_and_real_pictures():
    folder = guide_folder()
    assert folder is not None
    words = (folder / GUIDE).read_text("utf-8")
    assert INSIDE_WORDS.findall(words) == []
    for line in words.splitlines():
        if line.startswith("!["):
            assert (folder / line[line.index("(") + 1:line.index(")")]).is_file(), line


def test_the_guide_window_has_no_inside_words(qtbot):
    window = shown_window(qtbot)
    from coauthor_desk.gui.help_guide import show_guide

    dialog = show_guide(window)
    qtbot.addWidget(dialog)
    assert [w for w in own_words(dialog) if INSIDE_WORDS.search(w)] == []


def _blocks(document):
    block = document.begin()
    while block.isValid():
        yield block
        block = block.next()


def _fragments(block):
    it = block.begin()
    while not it.atEnd():
        yield it.fragment()
        it += 1
