"""Making the book (Word, PDF, e-book) and review copies, and bringing in Word files, from the
window, with progress.

The dialogs only gather choices; the work is the same core code the command line runs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QLineEdit,
    QTableWidgetItem,
    QWidget,
)

from coauthor_desk.export.book_export import default_name, export_book
from coauthor_desk.export.outputs import Progress
from coauthor_desk.export.review_copy import KIND_WORDS, kinds_for, review_copies
from coauthor_desk.gui.tables import make_combo, make_table
from coauthor_desk.gui.work_dialog import Job, WorkDialog, chosen_path, path_field, save_name
from coauthor_desk.gui.worker import Task, run_in_background
from coauthor_desk.manuscript.model import ACCESS_NEED_LABELS
from coauthor_desk.problems import BookError, Problem
from coauthor_desk.session import OpenBook
from coauthor_desk.word_import import import_text, import_word_file, who_is_who

FORMAT_WORDS = {"docx": "A Word file (for the publisher)", "pdf": "A PDF (to read and check)",
                "epub": "An e-book (EPUB)"}


class ExportDialog(WorkDialog):
    """Make the whole book as one file; refused with the plain list of what blocks publishing
    unless it is a draft."""

    def __init__(self, opened: OpenBook, parent: QWidget | None = None) -> None:
        super().__init__("Make the book", "&Make it", parent)
        self.opened = opened
        self.kind = make_combo("Kind of file", [(words, to) for to, words in FORMAT_WORDS.items()])
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

    def __init__(self, opened: OpenBook, parent: QWidget | None = None) -> None:
        super().__init__("Make a review copy", "&Make it", parent)
        self.opened = opened
        book = opened.book
        writers = sorted({a for c in book.ordered_chapters() for a in c.authors
                          if a in book.people}, key=lambda p: book.people[p].name)
        self.person = make_combo("Whose copy", [(book.people[p].name, p) for p in writers])
        self.kind = make_combo("Kind of copy", [("", None)] + [
            (words[0].upper() + words[1:], kind) for kind, words in KIND_WORDS.items()])
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
        kinds = " and ".join(KIND_WORDS[k] for k in kinds_for(person))
        self.kind.setItemText(0, f"What they need ({needs}): {kinds}" if needs else
                              f"Nothing special asked for: {kinds}")

    def _choose(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Save the copy in", self.where.text())

    def job(self) -> Job:
        opened, person = self.opened, self.person.currentData()
        kind = self.kind.currentData()
        folder = chosen_path(self.where, "folder to save in")

        def work(progress: Progress) -> str:
            notes: list[str] = []
            saved, problems = review_copies(opened, person, [kind] if kind else None, folder,
                                            progress, notes=notes)
            return made_words(opened.book.people[person].name, saved, problems, notes)

        return work


def made_words(name: str, saved: list[Path], problems: list[Problem], notes: list[str]) -> str:
    """What was made, in plain words: each copy by its kind and where it is, then anything not
    made and anything for the editor to do."""
    made = [f"{_kind_of(path)} ({path})" for path in saved]
    count = "a copy" if len(saved) == 1 else f"{len(saved)} copies"
    said = [f"Made {count} for {name}: " + _joined(made) + "."]
    said += [f"Not made: {problem.what} {problem.todo}" for problem in problems]
    return " ".join(said + notes)


def _kind_of(path: Path) -> str:
    """The words for the kind of copy a saved file is, from its ending."""
    name = path.name.lower()
    for kind, ending in (("large-print", "-large-print.pdf"), ("easy-read", "-easy-read.pdf"),
                         ("audio", ".wav"), ("docx", ".docx"), ("pdf", ".pdf")):
        if name.endswith(ending):
            words = KIND_WORDS[kind]
            return ("an " if words[0].lower() in "aeiou" else "a ") + words
    return "a copy"


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


NEW_CHAPTER = "\n"  # the chapter choice that makes a new chapter
NOT_KNOWN = ""  # the people choice for a name in the Word file nobody has said yet


class ImportDialog(WorkDialog):
    """Bring a Word file in as a new version of a chapter (or a new chapter). Before anything
    comes in, the names Word put on comments and changes are shown with the person each one
    is taken to be, and any the app cannot tell are asked about."""

    def __init__(self, opened: OpenBook, parent: QWidget | None = None) -> None:
        super().__init__("Bring in a Word file", "&Bring it in", parent)
        self.opened = opened
        book = opened.book
        self._names_task: Task | None = None
        self._names_for = ""  # the Word file whose names are being read or shown
        row, self.file = path_field("Word file", self._choose)
        self.file.editingFinished.connect(self.read_names)
        chapters = book.ordered_chapters()
        self.chapter = make_combo("Which chapter", [(c.title, c.id) for c in chapters]
                             + [("A new chapter…", NEW_CHAPTER)])
        self.new_chapter = QLineEdit()
        self.new_chapter.setAccessibleName("Name of the new chapter")
        self.new_chapter.setPlaceholderText("a short name such as my-story")
        self.new_chapter.setEnabled(False)
        people = sorted(book.people.values(), key=lambda p: p.name)
        self.person = make_combo("Who sent it", [(p.name, p.id) for p in people])
        self.names = make_table("People in the Word file", ["Name in Word", "Who it is"])
        self.form.addRow("Word file:", row)
        self.form.addRow("It is:", self.chapter)
        self.form.addRow("New chapter's name:", self.new_chapter)
        self.form.addRow("Sent by:", self.person)
        self.form.addRow("People in it:", self.names)
        self.chapter.currentIndexChanged.connect(self._follow_chapter)
        self._follow_chapter()
        self.finished_work.connect(self.accept)  # the window says what came in

    def _choose(self) -> str:
        picked = QFileDialog.getOpenFileName(self, "Choose a Word file", "",
                                             "Word files (*.docx)")[0]
        if picked:
            self.file.setText(picked)
            self.read_names()
        return picked

    def _follow_chapter(self) -> None:
        """A new chapter needs a name; an existing one was most likely sent by its author."""
        chosen = self.chapter.currentData()
        self.new_chapter.setEnabled(chosen == NEW_CHAPTER)
        chapter = self.opened.book.chapters.get(chosen)
        if chapter and chapter.authors:
            self.person.setCurrentIndex(self.person.findData(chapter.authors[0]))

    @property
    def busy(self) -> bool:
        return super().busy or self._names_task is not None

    def read_names(self) -> None:
        """Read who commented or changed what in the file, aside, and show who each one is."""
        text = self.file.text().strip()
        if not text or self._names_task is not None:
            return  # the file being read is checked again once it is done (_names_read)
        self._names_for = text
        self.status.setText("Reading who is in the Word file…")
        self._names_task = run_in_background(
            lambda: who_is_who(self.opened.book, Path(text).expanduser()), self._names_read,
            self._names_not_read)

    def _names_read(self, found: list[tuple[str, str | None]]) -> None:
        self._names_task = None
        if self.file.text().strip() != self._names_for:  # another file was chosen meanwhile
            self.read_names()
            return
        book = self.opened.book
        choices = [("Who is this? Choose…", NOT_KNOWN)] + [
            (p.name, p.id) for p in sorted(book.people.values(), key=lambda p: p.name)]
        self.names.setRowCount(len(found))
        for row, (name, person) in enumerate(found):
            self.names.setItem(row, 0, QTableWidgetItem(name or "(no name)"))
            chooser = make_combo(f"Who '{name}' is", choices)
            chooser.setCurrentIndex(max(chooser.findData(person or NOT_KNOWN), 0))
            self.names.setCellWidget(row, 1, chooser)
        self.status.setText("No comments or tracked changes in it." if not found else
                            "Check who each name in the Word file is.")

    def _names_not_read(self, error: Exception) -> None:
        self._names_task = None
        self.names.setRowCount(0)
        self.status.setText(error.plain() if isinstance(error, BookError) else
                            "The Word file could not be read.")

    def word_names(self) -> dict[str, str]:
        """The names in the Word file and who the person importing says each one is."""
        chosen: dict[str, str] = {}
        for row in range(self.names.rowCount()):
            name, person = self.names.item(row, 0).text(), self.names.cellWidget(row, 1)
            name = "" if name == "(no name)" else name
            if person.currentData() == NOT_KNOWN:
                raise BookError(Problem(self.file.text(), f"Nobody has said who '{name}' in "
                                        "the Word file is.", "Choose the person in the list "
                                        "of people in it."))
            chosen[name] = person.currentData()
        return chosen

    def job(self) -> Job:
        opened, path = self.opened, chosen_path(self.file, "Word file")
        chapter = self.chapter.currentData()
        if chapter == NEW_CHAPTER:
            chapter = self.new_chapter.text().strip()
            if not chapter:
                raise BookError(Problem("chapters", "The new chapter needs a short name.",
                                        "Type one, such as my-story."))
        person, names = self.person.currentData(), self.word_names()

        def work(progress: Progress) -> str:
            progress("Reading the Word file and bringing it in", 0, 1)
            result = import_word_file(opened, path, chapter, person, names)
            progress("Done", 1, 1)
            return import_text(result)

        return work
