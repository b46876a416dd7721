"""The who-wrote-what tab: each person's share of the words, worked out in the background."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QSplitter, QVBoxLayout, QWidget

from coauthor_desk.gui.tables import fill, make_table


def _percent(share: float) -> str:
    return "under 1%" if 0 < share < 0.005 else f"{round(share * 100)}%"


def _who(entries: list[dict]) -> str:
    return ", ".join(f"{e['name']} {_percent(e['share'])}" for e in entries if e["words"])


class AuthorshipPanel(QWidget):
    """Shows who wrote what once it is worked out; `progress` may be emitted from any thread."""

    progress = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Who wrote what")
        self.summary = QLabel("Open a book to see who wrote what.")
        self.summary.setAccessibleName("About who wrote what")
        self.summary.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Progress working out who wrote what")
        self.bar.hide()
        self.people = make_table("Whole book", ["Person", "Share of the words", "Words",
                                                "Saved versions"])
        self.chapters = make_table("Each chapter", ["Chapter", "Who wrote it"])
        tables = QSplitter()
        tables.setAccessibleName("Whole book and each chapter")
        tables.addWidget(self.people)
        tables.addWidget(self.chapters)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.bar)
        layout.addWidget(tables, 1)
        self.progress.connect(self._advance)

    def working(self) -> None:
        self.summary.setText("Working out who wrote what from the saved versions…")
        self.bar.setRange(0, 0)
        self.bar.show()

    def _advance(self, done: int, total: int) -> None:
        """How far it has got. Until some of it is done the bar only shows that it is busy."""
        if 0 < done and 0 < total:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def show_report(self, report: dict) -> None:
        self.bar.hide()
        whole = report["book"]
        self.summary.setText(f"Who wrote the {whole['words']:,} words of the newest saved "
                             "version of each chapter, and how many versions each person saved.")
        entries = whole["people"] + [{**e, "name": f"{e['name']} (not matched to a person)"}
                                     for e in whole["not_matched"]]
        fill(self.people, [[e["name"], _percent(e["share"]), f"{e['words']:,}",
                            str(sum(e["versions_by_month"].values()))] for e in entries])
        fill(self.chapters, [[c["title"], _who(c["people"] + c["not_matched"]) or
                              "No saved words yet"] for c in report["chapters"]])

    def failed(self, message: str) -> None:
        self.bar.hide()
        self.summary.setText(message)

    def clear(self) -> None:
        self.bar.hide()
        self.summary.setText("Open a book to see who wrote what.")
        self.people.setRowCount(0)
        self.chapters.setRowCount(0)
