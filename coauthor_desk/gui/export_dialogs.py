"""Making the book (Word, PDF, e-book) and review copies from the window, with progress.

The dialogs only gather choices; the work is the same core code the command line runs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QWidget

from coauthor_desk.export.book_export import default_name, export_book
from coauthor_desk.export.outputs import Progress
from coauthor_desk.export.review_copy import kinds_for, review_copies
from coauthor_desk.gui.work_dialog import Job, WorkDialog, chosen_path, path_field, save_name
from coauthor_desk.manuscript.model import ACCESS_NEED_LABELS
from coauthor_desk.status import OpenBook

FORMAT_WORDS = {"docx": "A Word file (for the publisher)", "pdf": "A PDF (to read and check)",
                "epub": "An e-book (EPUB)"}
KIND_WORDS = {"large-print": "Large print PDF", "audio": "A recording, read aloud",
              "docx": "A Word file", "pdf": "A PDF"}


def combo(name: str, items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for text, data in items:
        box.addItem(text, data)
    return box


class ExportDialog(WorkDialog):
    """Make the whole book as one file; refused with the plain list of what blocks publishing
    unless it is a draft."""

    def __init__(self, opened: OpenBook, parent: QWidget | None = None) -> None:
        super().__init__("Make the book", "&Make it", parent)
        self.opened = opened
        self.kind = combo("Kind of file", [(words, to) for to, words in FORMAT_WORDS.items()])
        self.draft = QCheckBox("Make a &draft: leave out what is not agreed yet, and mark "
                               "every page as a draft")
        self.draft.setAccessibleName("Make a draft")
        row, self.where = path_field("File to save", self._choose, str(self._suggested()))
        self.form.addRow("What to make:", self.kind)
        self.form.addRow("", self.draft)
        self.form.addRow("Save it as:", row)
        self.kind.currentIndexChanged.connect(self._follow_choice)
        self.draft.toggled.connect(self._follow_choice)

    def _suggested(self) -> Path:
        folder = self.opened.book.root.parent
        return folder / default_name(self.opened, self.kind.currentData(),
                                     self.draft.isChecked())

    def _follow_choice(self) -> None:
        """Keep the suggested file name in step with the kind of file and draft choice."""
        self.where.setText(str(Path(self.where.text()).parent / self._suggested().name))

    def _choose(self) -> str:
        to = self.kind.currentData()
        return save_name(self, "Save the book as", self.where.text(), f"{to.upper()} (*.{to})")

    def job(self) -> Job:
        opened, to, draft = self.opened, self.kind.currentData(), self.draft.isChecked()
        path = chosen_path(self.where, "file to save")

        def work(progress: Progress) -> str:
            saved, assembled = export_book(opened, to, path, draft, progress)
            return " ".join([*assembled.left_out, f"Saved {'a draft of ' if draft else ''}"
                             f"the book in {saved}."])

        return work


class ReviewCopyDialog(WorkDialog):
    """Make a contributor's review copy: by default, what their access needs call for."""

    def __init__(self, opened: OpenBook, parent: QWidget | None = None,
                 person: str | None = None) -> None:
        super().__init__("Make a review copy", "&Make it", parent)
        self.opened = opened
        book = opened.book
        writers = sorted({a for c in book.ordered_chapters() for a in c.authors
                          if a in book.people}, key=lambda p: book.people[p].name)
        self.person = combo("Whose copy", [(book.people[p].name, p) for p in writers])
        if person in writers:
            self.person.setCurrentIndex(writers.index(person))
        self.kind = combo("Kind of copy", [("", None)] + [(w, k) for k, w in KIND_WORDS.items()])
        row, self.where = path_field("Folder to save in", self._choose,
                                     str(book.root.parent))
        self.form.addRow("Whose copy:", self.person)
        self.form.addRow("What kind:", self.kind)
        self.form.addRow("Save in:", row)
        self.person.currentIndexChanged.connect(self._describe_needs)
        self._describe_needs()

    def _describe_needs(self) -> None:
        person = self.opened.book.people.get(self.person.currentData())
        if person is None:
            return
        needs = ", ".join(ACCESS_NEED_LABELS.get(n, n).lower() for n in person.access_needs)
        kinds = " and ".join(KIND_WORDS[k].lower() for k in kinds_for(person))
        self.kind.setItemText(0, f"What they need ({needs}): {kinds}" if needs else
                              f"Nothing special asked for: {kinds}")

    def _choose(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Save the copy in", self.where.text())

    def job(self) -> Job:
        opened, person = self.opened, self.person.currentData()
        kind = self.kind.currentData()
        folder = chosen_path(self.where, "folder to save in")

        def work(progress: Progress) -> str:
            saved = review_copies(opened, person, [kind] if kind else None, folder, progress)
            return "Saved " + " and ".join(str(path) for path in saved) + "."

        return work
