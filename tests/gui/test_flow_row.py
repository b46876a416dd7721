"""A row of buttons goes on to a second line in a narrow pane, rather than being cut off."""

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from coauthor_desk.gui.flow_row import FlowRow


def _pane(qtbot, width: int) -> tuple[QWidget, list[QPushButton]]:
    pane = QWidget()
    qtbot.addWidget(pane)
    buttons = [QPushButton(words) for words in ("Add a person…", "Change their details…",
                                                "Their agreements", "Reply")]
    layout = QVBoxLayout(pane)
    layout.addLayout(FlowRow(*buttons))
    layout.addStretch(1)
    pane.resize(width, 400)
    pane.show()
    qtbot.waitExposed(pane)
    return pane, buttons


def _rows(buttons: list[QPushButton]) -> int:
    return len({button.y() for button in buttons})


def test_wide_enough_the_buttons_share_one_row(qtbot) -> None:
    pane, buttons = _pane(qtbot, 1200)
    assert _rows(buttons) == 1
    lefts = [button.x() for button in buttons]
    assert lefts == sorted(lefts)  # in the order they were given


def test_narrow_the_buttons_wrap_and_stay_whole_inside_the_pane(qtbot) -> None:
    widths = [QPushButton(w).sizeHint().width() for w in ("Add a person…",
                                                           "Change their details…")]
    pane, buttons = _pane(qtbot, sum(widths) + 40)
    assert _rows(buttons) >= 2
    for button in buttons:
        place = QRect(button.mapTo(pane, QPoint(0, 0)), button.size())
        assert pane.rect().contains(place), button.text()
        assert button.width() == button.sizeHint().width(), button.text()
    tops = sorted({button.y() for button in buttons})
    assert all(b - a >= buttons[0].height() for a, b in zip(tops, tops[1:], strict=False))


def test_the_pane_is_as_tall_as_its_rows_need(qtbot) -> None:
    row = FlowRow(*(QPushButton(f"Button number {n}") for n in range(6)))
    one = row.sizeHint().height()
    assert row.heightForWidth(row.sizeHint().width()) == one
    assert row.heightForWidth(row.minimumSize().width()) >= 6 * one  # one to a row
