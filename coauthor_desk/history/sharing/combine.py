"""What the combined version holds: each file both lines of work changed, combined.

Starting from the version both began with, every file is looked at once: a file only one side
changed takes that side's version; a chapter both changed is combined paragraph by paragraph
and sentence by sentence (threeway.py), a clashing sentence keeping the version already shared
and the other going to a clash record; another text file both changed is combined line by
line; when that still clashes (or the file is a picture), the shared version stays and the
other is kept beside it, named from its content id, so every computer names it the same way.
Nothing here writes anything: the result is a plan that apply.py carries out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from coauthor_desk.history import reading
from coauthor_desk.history.git_runner import GitRunner
from coauthor_desk.history.sharing import clashes, threeway
from coauthor_desk.manuscript import yaml_text
from coauthor_desk.problems import BookError

REMOVED = "0" * 40
_PLAIN = ("100644", "100755")


@dataclass(frozen=True)
class Entry:
    """A file as one version holds it (id None: not there)."""

    mode: str
    id: str | None


@dataclass
class Plan:
    """The combined version, as changes to mine: path → (mode, bytes to write, or the content
    id when the bytes are already stored), None to remove; and what to tell people."""

    writes: dict[str, tuple[str, bytes | str] | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    clash_count: int = 0


def changes(git: GitRunner, base: str, tip: str) -> dict[str, Entry]:
    """Every file `tip` changed since `base`, with its entry in `tip`."""
    out = git.run_bytes("diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", base, tip)
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    found: dict[str, Entry] = {}
    for meta, path in zip(fields[0::2], fields[1::2], strict=False):
        if not meta.startswith(":"):
            continue
        _old_mode, new_mode, _old, new, _status = meta[1:].split(" ", 4)
        found[path] = Entry(new_mode, None if new == REMOVED else new)
    return found


def plan(git: GitRunner, base: str, mine: str, theirs: str, me: str,
         when: datetime) -> Plan:
    """How to combine `theirs` (the shared copy's newest) into `mine`; `me` names the person
    combining, for clash records."""
    mine_changes, their_changes = changes(git, base, mine), changes(git, base, theirs)
    result = Plan()
    both = []
    for path, theirs_entry in their_changes.items():
        mine_entry = mine_changes.get(path)
        if mine_entry is None:
            result.writes[path] = None if theirs_entry.id is None else \
                (theirs_entry.mode, theirs_entry.id)
        elif mine_entry != theirs_entry:
            both.append((path, mine_entry, theirs_entry))
    if not both:
        return result
    wanted: list[reading.Wanted] = []
    for path, mine_entry, theirs_entry in both:
        wanted += [(base, path)] + [e.id for e in (mine_entry, theirs_entry) if e.id]
    stored = reading.contents(git, wanted)
    for path, mine_entry, theirs_entry in both:
        if theirs_entry.id is None or mine_entry.id is None:
            if mine_entry.id is None and theirs_entry.id is not None:
                result.writes[path] = (theirs_entry.mode, theirs_entry.id)
            result.notes.append(f"{path} was removed on one computer and changed on another; "
                                "it is kept, with the changes.")
            continue
        texts = [_text(stored.get(key)) for key in ((base, path), mine_entry.id,
                                                     theirs_entry.id)]
        _combine_one(git, result, path, mine_entry, theirs_entry, texts, base, theirs, me,
                     when)
    return result


def _text(data: bytes | None) -> str | None:
    """A file's words, or None when it is not text (a picture)."""
    if data is None:
        return ""
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _combine_one(git: GitRunner, result: Plan, path: str, mine: Entry, theirs: Entry,
                 texts: list[str | None], base: str, their_tip: str, me: str,
                 when: datetime) -> None:
    was, my_text, their_text = texts
    mode = theirs.mode if theirs.mode in _PLAIN else mine.mode
    if path.startswith(f"{clashes.FOLDER}/"):
        result.writes[path] = (mode, str(theirs.id))  # the same clash, met on two computers
        return
    if was is not None and my_text is not None and their_text is not None:
        if path.startswith("chapters/") and path.endswith(".md"):
            text, found = threeway.merge_chapter(was, my_text, their_text)
            result.writes[path] = (mode, text.encode("utf-8"))
            kept_by = _last_author(git, base, their_tip, path) if found else ""
            for place in found:
                name = clashes.record_name(path, place.clash.base, place.clash.mine,
                                           place.clash.theirs)
                result.writes[name] = ("100644", clashes.record_text(
                    clashes.SENTENCE, path, place.clash.theirs, place.clash.mine,
                    place.clash.base, kept_by, me, when, place.paragraph,
                    place.line).encode("utf-8"))
                result.clash_count += 1
            if found:
                result.notes.append(_sentence_note(path, len(found), kept_by))
            return
        combined = threeway.merge(threeway.lines(was), threeway.lines(my_text),
                                  threeway.lines(their_text))
        if not combined.clashes and _still_readable(path, combined.text):
            result.writes[path] = (mode, combined.text.encode("utf-8"))
            return
    _keep_both(git, result, path, mine, theirs, base, their_tip, me, when)


def _still_readable(path: str, text: str) -> bool:
    """A combined details file must still be valid YAML (two keys given twice are not)."""
    if not path.endswith((".yaml", ".yml")):
        return True
    try:
        yaml_text.parse(path, text)
    except BookError:
        return False
    return True


def _keep_both(git: GitRunner, result: Plan, path: str, mine: Entry, theirs: Entry,
               base: str, their_tip: str, me: str, when: datetime) -> None:
    """The shared version stays; mine is kept beside it, named from its content id."""
    other = f"{path}.other-{mine.id[:10] if mine.id else 'none'}"
    result.writes[path] = (theirs.mode, str(theirs.id))
    result.writes[other] = (mine.mode, str(mine.id))
    kept_by = _last_author(git, base, their_tip, path)
    record = clashes.record_name(path, str(mine.id), str(theirs.id))
    result.writes[record] = ("100644", clashes.record_text(
        clashes.FILE, path, str(theirs.id), str(mine.id), "", kept_by, me, when,
        other_copy=other).encode("utf-8"))
    result.clash_count += 1
    result.notes.append(f"{kept_by} and {me} both changed {path} in the same places: it keeps "
                        f"{kept_by}'s version, and {me}'s is kept beside it as {other}.")


def _sentence_note(path: str, count: int, kept_by: str) -> str:
    what = "the same sentence" if count == 1 else f"the same words in {count} places"
    return (f"Two people changed {what} in {path}: the text keeps {kept_by}'s words for now, "
            "and the other words are kept too, waiting for someone to choose.")


def _last_author(git: GitRunner, base: str, tip: str, path: str) -> str:
    """Who last changed `path` on the shared line of work since both began."""
    found = reading.versions(git, [f"{base}..{tip}"], [path], 1)
    return found[0].name if found else "someone"
