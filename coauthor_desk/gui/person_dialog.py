"""Adding a person to the book, or changing how they are named, their roles and their access
needs. Private details (phone numbers, addresses) have no place here, by design."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from coauthor_desk.gui.tables import make_combo
from coauthor_desk.manuscript.model import ACCESS_NEED_LABELS, CreditAs, Person

CREDIT_WORDS = {CreditAs.FULL_NAME: "By their full name", CreditAs.FIRST_NAME:
                "By their first name", CreditAs.PEN_NAME: "By a name they chose (pen name)",
                CreditAs.GROUP: "As part of a group", CreditAs.ANONYMOUS: "Not named at all"}
ROLES = {"co-author": "Co-author", "editor": "Editor"}


def _boxes(choices: dict[str, str], chosen: list[str], name: str) -> tuple[QWidget,
                                                                          dict[str, QCheckBox]]:
    row = QWidget()
    row.setAccessibleName(name)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    boxes = {}
    for key, words in choices.items():
        box = QCheckBox(words)
        box.setAccessibleName(words)
        box.setChecked(key in chosen)
        layout.addWidget(box)
        boxes[key] = box
    return row, boxes


class PersonDialog(QDialog):
    """`choice()` gives the details for `save_person`."""

    def __init__(self, person: Person | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = "Add a person" if person is None else f"Change {person.name}'s details"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.person = person
        self.name = QLineEdit(person.name if person else "")
        self.name.setAccessibleName("Their name")
        self.credit = make_combo("How they are named in the book",
                                 [(words, c) for c, words in CREDIT_WORDS.items()])
        if person is not None:
            self.credit.setCurrentIndex(self.credit.findData(person.credit_as))
        self.printed = QLineEdit(person.credit_name or "" if person else "")
        self.printed.setAccessibleName("The name to print (for a pen name or a group)")
        roles_row, self.roles = _boxes(ROLES, person.roles if person else ["co-author"],
                                       "Roles")
        needs_row, self.needs = _boxes(ACCESS_NEED_LABELS, person.access_needs if person
                                       else [], "Access needs")
        self.about = QPlainTextEdit(person.about or "" if person else "")
        self.about.setAccessibleName("About them, in their own words")
        self.about.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Name:", self.name)
        form.addRow("Named in the book:", self.credit)
        form.addRow("Name to print:", self.printed)
        form.addRow("Roles:", roles_row)
        form.addRow("Access needs:", needs_row)
        form.addRow("About them (their words):", self.about)
        form.addRow(buttons)

    def choice(self) -> dict[str, Any]:
        return {"name": self.name.text(), "credit_as": self.credit.currentData(),
                "credit_name": self.printed.text() or None,
                "roles": [k for k, box in self.roles.items() if box.isChecked()],
                "access_needs": [k for k, box in self.needs.items() if box.isChecked()],
                "about": self.about.toPlainText(),
                "person_id": self.person.id if self.person else None}
