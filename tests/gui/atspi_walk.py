"""Walk an application as a screen reader does, through AT-SPI, and print what it found as JSON.

Run by Debian's own Python (`/usr/bin/python3`), not the virtual environment's: pyatspi and the
GObject bindings it needs come from Debian (python3-pyatspi) and cannot be installed with pip.
It must run on the same session bus and X display as the application (screen_reader.py sees to
that). It finds the application on the AT-SPI desktop, waits for its window, presses Tab
through the AT-SPI registry (which types with XTest, as a person at the keyboard would) and
records the control that has the focus after each press (and the one whose focus event came
last, which is what a screen reader speaks); then it lists every object of some roles with its
name and text, as a screen reader would read them. It prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any

import gi
import pyatspi
from gi.repository import Atspi, GLib

TAB = 0xFF09  # X keysym of Tab
# X keysyms of the keys --keys can name (a letter or digit is its own character's code)
KEYSYMS = {"ctrl": 0xFFE3, "shift": 0xFFE1, "alt": 0xFFE9, "tab": TAB, "escape": 0xFF1B,
           "return": 0xFF0D, "up": 0xFF52, "down": 0xFF54, "left": 0xFF51, "right": 0xFF53,
           **{f"f{n}": 0xFFBD + n for n in range(1, 13)}}
TEXT_LIMIT = 2000  # characters of a text object kept: enough to find words, not a whole chapter


def pump(seconds: float, until: Callable[[], bool] | None = None) -> None:
    """Let libatspi read D-Bus for `seconds` (events are delivered only while GLib's main
    context runs), or less once `until()` is true."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while context.pending():
            context.iteration(False)
        if until is not None and until():
            return
        time.sleep(0.02)


def find_app(name: str, timeout: float) -> Any:
    """The application whose name contains `name` (any application when `name` is empty); it
    appears on the desktop only once its toolkit has joined the accessibility bus."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and name.lower() in (app.name or "").lower():
                app.setCacheMask(Atspi.Cache.NONE)  # states read fresh: cached ones go stale
                return app
        pump(0.2)
    seen = [app.name for app in pyatspi.Registry.getDesktop(0) if app is not None]
    raise SystemExit(f"no application named {name!r} on the AT-SPI desktop; seen: {seen}")


def find_window(app: Any, title: str, timeout: float) -> Any:
    """The application's showing top-level window whose accessible name (its title, unless the
    app gives it a name of its own) contains `title`; the first showing one when `title` is
    empty. It appears a moment after the application joins the bus."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        for window in app:
            if window is not None and title.lower() in (window.name or "").lower():
                if window.getState().contains(pyatspi.STATE_SHOWING):
                    return window
        pump(0.2)
    raise SystemExit(f"no window titled {title!r}; seen: {[w.name for w in app if w]}")


def activate(window: Any) -> None:
    """Make the window the one the keyboard types into. With no window manager (Xvfb) nothing
    gives a new window the focus, and Qt ignores keys to a window it does not think active; a
    click on a label activates it, as a person's click would, without pressing any control."""
    if window.getState().contains(pyatspi.STATE_ACTIVE):
        return
    label = pyatspi.utils.findDescendant(
        window, lambda obj: obj.getRoleName() == "label"
        and obj.getState().contains(pyatspi.STATE_SHOWING))
    box = (label or window).queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(box.x + 2, box.y + box.height // 2, "b1c")
    pump(5.0, until=lambda: window.getState().contains(pyatspi.STATE_ACTIVE))
    if not window.getState().contains(pyatspi.STATE_ACTIVE):
        raise SystemExit(f"the window {window.name!r} would not become active")


def text_of(obj: Any) -> str | None:
    """The words of an object that offers the Text interface (None when it offers none)."""
    try:
        text = obj.queryText()
    except NotImplementedError:
        return None
    return text.getText(0, min(text.characterCount, TEXT_LIMIT))


def describe(obj: Any) -> dict[str, Any]:
    """What a screen reader says about one object: its name, role and description, whether it
    is on the screen, and its words if it has any."""
    states, parent = obj.getState(), obj.parent
    return {"name": obj.name or "", "role": obj.getRoleName(), "description": obj.description or "",
            "showing": states.contains(pyatspi.STATE_SHOWING),
            "focused": states.contains(pyatspi.STATE_FOCUSED), "text": text_of(obj),
            "labels": labels_of(obj),
            "path": obj.path, "parent_role": parent.getRoleName() if parent else "",
            "parent_name": (parent.name or "") if parent else ""}


def labels_of(obj: Any) -> list[str]:
    """The names of the labels an object is labelled by (a label whose buddy it is): what a
    screen reader says before a control whose own name is its value, as a list's is."""
    names = []
    for relation in obj.getRelationSet():
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            names += [relation.getTarget(i).name or "" for i in range(relation.getNTargets())]
    return names


def keycode(keysym: int) -> int:
    """The X key that types `keysym` on the screen's keyboard map: the registry presses and
    releases keys (KEY_PRESS, KEY_RELEASE) by key code, and only a whole press (KEY_SYM) by
    keysym."""
    gi.require_version("Gdk", "3.0")
    from gi.repository import Gdk

    Gdk.init([])
    found, keys = Gdk.Keymap.get_for_display(Gdk.Display.get_default()) \
        .get_entries_for_keyval(keysym)
    if not found or not keys:
        raise SystemExit(f"no key types the keysym {keysym:#x} on this screen")
    return keys[0].keycode


def press(combination: str, window: Any, settle: float = 3.0) -> None:
    """Press a key combination such as "ctrl+2" as a person would: hold each modifier down,
    press the last key, let go in the reverse order; then wait for the focus to settle (the
    window moves the keys, shows another part)."""
    names = [name.strip().lower() for name in combination.split("+")]
    syms = [KEYSYMS[name] if name in KEYSYMS else ord(name) for name in names]
    codes = [keycode(sym) for sym in syms]
    for code in codes:
        pyatspi.Registry.generateKeyboardEvent(code, None, pyatspi.KEY_PRESS)
        pump(0.02)
    for code in reversed(codes):
        pyatspi.Registry.generateKeyboardEvent(code, None, pyatspi.KEY_RELEASE)
        pump(0.02)
    settled_focus(window, settle)


VAGUE = {"filler", "panel", "unknown", "invalid", "redundant object"}


def focused_under(root: Any, limit: int = 4000) -> Any:
    """The object under `root` that has the focus, searched breadth first through what is
    showing (before any Tab, and when a focus event named an object that no longer has it).
    Qt marks a widget as focused when its focus proxy has the focus, both outwards (a tab set,
    a filler, for its row of tabs) and inwards (a text box's inner viewport), so this takes the
    innermost focused object with a real role, or the innermost of all if none has one."""
    queue, seen, chain = [root], 0, []
    while queue and seen < limit:
        obj = queue.pop(0)
        seen += 1
        if obj is None:
            continue
        states = obj.getState()
        if states.contains(pyatspi.STATE_FOCUSED):
            chain, queue = [*chain, obj], []  # look on only inside it
        if states.contains(pyatspi.STATE_SHOWING):
            queue.extend(obj)
    real = [obj for obj in chain if obj.getRoleName() not in VAGUE]
    return (real or chain or [None])[-1]


def settled_focus(window: Any, timeout: float = 3.0) -> Any:
    """The focused object once the focus has stayed put for a moment: a window just made active
    passes the focus on (a tab set to its first control, say) before it rests."""
    end, last, still = time.monotonic() + timeout, None, 0
    while time.monotonic() < end and still < 3:
        pump(0.1)
        now = focused_under(window)
        still = still + 1 if now is not None and last is not None and now.path == last.path else 0
        last = now
    return last


def tab_through(window: Any, tabs: int, wait: float) -> list[dict[str, Any]]:
    """Press Tab `tabs` times; after each, the object that has the focus, with `announced`: the
    object whose `object:state-changed:focused` event (what a screen reader speaks from) came
    last, or None when none came. Waits for that event rather than a fixed time. The two differ
    when a toolkit announces a focus it does not keep (a hidden widget tried and given up)."""
    gained: list[Any] = []

    def on_focus(event: Any) -> None:
        if event.detail1 == 1:
            gained.append(event.source)

    pyatspi.Registry.registerEventListener(on_focus, "object:state-changed:focused")
    try:
        first = settled_focus(window)
        stops: list[dict[str, Any]] = [describe(first) if first is not None else None]
        if first is not None:
            stops[0]["announced"] = None
        for _ in range(tabs):
            before = len(gained)
            pyatspi.Registry.generateKeyboardEvent(TAB, None, pyatspi.KEY_SYM)
            pump(wait, until=lambda before=before: len(gained) > before)
            pump(0.05)  # a container may hand the focus on to its child straight after
            said = gained[-1] if len(gained) > before else None
            kept = said is not None and said.getState().contains(pyatspi.STATE_FOCUSED)
            held = said if kept and said.getRoleName() not in VAGUE else focused_under(window)
            stop = describe(held) if held is not None else None
            if stop is not None:
                stop["announced"] = None if said is None else f"{said.getRoleName()} {said.name!r}"
            stops.append(stop)
        return stops
    finally:
        pyatspi.Registry.deregisterEventListener(on_focus, "object:state-changed:focused")


def tree(root: Any, roles: set[str], limit: int) -> list[dict[str, Any]]:
    """Every object under `root` whose role is in `roles` (all when empty), with its words;
    at most `limit` objects are visited so a huge table cannot stall the walk."""
    found, stack, seen = [], [root], 0
    while stack and seen < limit:
        obj = stack.pop()
        seen += 1
        if obj is None:
            continue
        role = obj.getRoleName()
        if not roles or role in roles:
            found.append({"role": role, "name": obj.name or "", "text": text_of(obj)})
        stack.extend(reversed(list(obj)))
    return found


def wait_for_text(window: Any, words: str, roles: set[str], limit: int, timeout: float) -> None:
    """Wait until some object shows `words` in its text: the window appears before its book
    has loaded, and a walk started earlier would read an empty window."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if any(words.lower() in (obj["text"] or "").lower()
               for obj in tree(window, roles, limit)):
            return
        pump(0.3)
    raise SystemExit(f"no text with {words!r} appeared in {timeout:.0f} s")


def main(argv: list[str] | None = None) -> int:
    """Parse the options, walk, print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default="", help="part of the application's name")
    parser.add_argument("--title", default="", help="part of the window's title to wait for")
    parser.add_argument("--ready-text", default="", help="words to wait for in some text")
    parser.add_argument("--tabs", type=int, default=40)
    parser.add_argument("--roles", default="", help="roles to list, comma separated")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each")
    parser.add_argument("--wait", type=float, default=1.5, help="seconds to wait for a focus")
    parser.add_argument("--limit", type=int, default=5000, help="objects visited in the tree")
    parser.add_argument("--keys", default="", help="key combinations to press before Tab, "
                        "comma separated, such as ctrl+2 (where a person would go first)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    app = find_app(args.app, args.timeout)
    window = find_window(app, args.title, args.timeout)
    roles = {role.strip() for role in args.roles.split(",") if role.strip()}
    if args.ready_text:
        wait_for_text(window, args.ready_text, roles, args.limit, args.timeout)
    activate(window)
    for combination in filter(None, (keys.strip() for keys in args.keys.split(","))):
        press(combination, window)
    ready = time.monotonic() - started
    stops = tab_through(window, args.tabs, args.wait)
    json.dump({"app": app.name, "window": window.name, "seconds_to_window": round(ready, 2),
               "stops": stops, "tree": tree(window, roles, args.limit)}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
