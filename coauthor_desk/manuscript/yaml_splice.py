"""Laying the round-trip writer's changes over a YAML file as the person wrote it.

ruamel.yaml rewrites a whole file when it writes one, tidying indentation and spacing the
person chose; yaml_edit hands its text of the file before and after a change to `splice`,
which takes from it only the lines the change touched. This works on plain lines and knows
nothing of YAML, so it is kept apart from the editing of details.
"""

from __future__ import annotations

import difflib


def splice(ours: str, before: str, after: str) -> str:
    """The file as written (`ours`) with the changes between the round-trip writer's text of it
    `before` and `after` the change laid in. Lines that are the same in all three anchor the
    texts to each other; between two anchors, the writer's new lines are used only where the
    change touched them, and the person's own lines everywhere else."""
    mine, base, theirs = ours.splitlines(True), before.splitlines(True), after.splitlines(True)
    to_mine = _equal_lines(base, mine)
    to_theirs = _equal_lines(base, theirs)
    # Comment lines the writer let go of (it ties a comment to the detail before it, so taking
    # out a detail takes out the comment under it too); put back where they were.
    dropped = {line for line in base if line.lstrip().startswith("#")
               and base.count(line) > theirs.count(line)}
    result: list[str] = []
    last = (-1, -1, -1)
    for b in [*(i for i in range(len(base)) if i in to_mine and i in to_theirs), len(base)]:
        m, t = (to_mine[b], to_theirs[b]) if b < len(base) else (len(mine), len(theirs))
        if m <= last[1] or t <= last[2]:
            continue  # an anchor out of order: let the next one cover this stretch
        gap_base, gap_mine = base[last[0] + 1:b], mine[last[1] + 1:m]
        gap_theirs = theirs[last[2] + 1:t]
        if gap_theirs == gap_base:
            result.extend(gap_mine)
        else:
            new = _lay_in(gap_mine, gap_base, gap_theirs) if len(gap_mine) == len(gap_base) \
                else gap_theirs
            result.extend(_keep_comments(gap_mine, new, dropped))
        if b < len(base):
            result.append(mine[m])
        last = (b, m, t)
    return "".join(result)


def _lay_in(mine: list[str], base: list[str], theirs: list[str]) -> list[str]:
    """A stretch where the person's lines and the writer's match one to one (only spaces
    differ): the person's lines where the change left them alone, the writer's new lines,
    indented as the person indented the line next to them, where it did not."""
    result: list[str] = []
    matcher = difflib.SequenceMatcher(None, base, theirs, autojunk=False)
    for kind, b1, b2, t1, t2 in matcher.get_opcodes():
        if kind == "equal":
            result.extend(mine[b1:b2])
            continue
        near = b1 - 1 if b1 > 0 else b2 if b2 < len(base) else None
        shift = 0 if near is None else _indent(mine[near]) - _indent(base[near])
        for line in theirs[t1:t2]:
            if line.lstrip().startswith("#"):  # comments are written as they were typed
                result.append(line)
            else:
                result.append(" " * shift + line if shift >= 0 else
                              line[min(-shift, _indent(line)):])
    return result


def _keep_comments(mine: list[str], new: list[str], dropped: set[str]) -> list[str]:
    """`new`, with the person's comment lines that were `dropped` put back where they were."""
    lost = [line for line in mine if line in dropped and line not in new]
    if not lost:
        return new
    result: list[str] = []
    matcher = difflib.SequenceMatcher(None, mine, new, autojunk=False)
    for kind, m1, m2, n1, n2 in matcher.get_opcodes():
        if kind in ("delete", "replace"):
            result.extend(line for line in mine[m1:m2] if line in lost)
        result.extend(new[n1:n2])
    return result


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _equal_lines(a: list[str], b: list[str]) -> dict[int, int]:
    """Which line of `b` each unchanged line of `a` became."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return {block.a + i: block.b + i for block in matcher.get_matching_blocks()
            for i in range(block.size)}
