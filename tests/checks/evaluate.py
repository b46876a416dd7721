"""How well the plain-language checks agree with a careful human editor.

The labelled passages in tests/checks/evaluation/ were written for this project (see the README
there for the rules). This module loads them, runs the checks the app uses, and scores them:

- jargon and acronyms: the set of terms (or acronyms) found in each passage against the set
  expected, micro-averaged over all passages;
- passive: each sentence is predicted passive when checking it alone gives any "passive"
  finding; precision and recall of the "passive" label;
- sentences: how many passages are split into exactly the expected number of sentences.

Run `python tests/checks/evaluate.py` for a table, `--errors` to list every disagreement.
The checks are imported only when scoring, so the data can be loaded (and checked for
mistakes) before the checker exists.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EVALUATION = Path(__file__).resolve().parent / "evaluation"


@dataclass
class Score:
    """Counts for one check, and the items it got wrong."""

    check: str
    items: int = 0
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    exact: int = 0  # items with exactly the expected answer
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def exact_share(self) -> float:
        return self.exact / self.items if self.items else 1.0

    def add_sets(self, item_id: str, found: set[str], expected: set[str]) -> None:
        """Score one item whose answer is a set (of terms, of acronyms)."""
        self.items += 1
        self.true_positives += len(found & expected)
        self.false_positives += len(found - expected)
        self.false_negatives += len(expected - found)
        if found == expected:
            self.exact += 1
            return
        extra, missed = sorted(found - expected), sorted(expected - found)
        self.errors.append(f"{item_id}: " + "; ".join(
            part for part in (f"found but not expected {extra}" if extra else "",
                              f"expected but not found {missed}" if missed else "") if part))


def load(name: str, folder: Path = EVALUATION) -> list[dict[str, Any]]:
    """The items of one evaluation file, checked for the keys every item needs."""
    path = folder / f"{name}.yaml"
    items = yaml.safe_load(path.read_text("utf-8"))
    needs = {"jargon": "expected", "acronyms": "expected", "passive": "passive",
             "sentences": "sentences"}[name]
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, dict) or "id" not in item or "text" not in item \
                or needs not in item:
            raise ValueError(f"{path.name}: every item needs 'id', 'text' and '{needs}': "
                             f"{item!r:.80}")
        if item["id"] in seen:
            raise ValueError(f"{path.name}: the id {item['id']} is used twice")
        seen.add(item["id"])
    return items


def _findings(text: str, check: str) -> list[Any]:
    from coauthor_desk.checks.text_checks import check_words

    return [finding for finding in check_words(text) if finding.check == check]


def _set_score(check: str, items: Iterable[dict[str, Any]],
               found: Callable[[str], set[str]]) -> Score:
    score = Score(check)
    for item in items:
        score.add_sets(item["id"], found(item["text"]), set(item["expected"] or []))
    return score


def evaluate_jargon(items: list[dict[str, Any]] | None = None) -> Score:
    """Jargon terms found per passage (by the list entry's term) against those expected."""
    return _set_score("jargon", items if items is not None else load("jargon"),
                      lambda text: {f.term for f in _findings(text, "jargon")})


def evaluate_acronyms(items: list[dict[str, Any]] | None = None) -> Score:
    """Acronyms reported as unexplained per passage against those expected."""
    return _set_score("acronym", items if items is not None else load("acronyms"),
                      lambda text: {f.quote for f in _findings(text, "acronym")})


def evaluate_passive(items: list[dict[str, Any]] | None = None) -> Score:
    """Each sentence checked alone: passive when any 'passive' finding comes back."""
    score = Score("passive")
    for item in items if items is not None else load("passive"):
        predicted = bool(_findings(item["text"], "passive"))
        expected = bool(item["passive"])
        score.items += 1
        if predicted and expected:
            score.true_positives += 1
        elif predicted:
            score.false_positives += 1
        elif expected:
            score.false_negatives += 1
        if predicted == expected:
            score.exact += 1
        else:
            label = "found passive, labelled not" if predicted else "missed passive"
            score.errors.append(f"{item['id']} ({item.get('kind', '')}): {label}: "
                                f"{item['text']}")
    return score


def evaluate_sentences(items: list[dict[str, Any]] | None = None) -> Score:
    """Sentences counted in each passage (all its blocks) against the number expected."""
    from coauthor_desk.manuscript.text import paragraphs

    score = Score("sentences")
    for item in items if items is not None else load("sentences"):
        counted = sum(len(block.sentences) for block in paragraphs(item["text"]))
        score.items += 1
        if counted == item["sentences"]:
            score.exact += 1
        else:
            splits = [s.text for block in paragraphs(item["text"]) for s in block.sentences]
            score.errors.append(f"{item['id']}: counted {counted}, expected "
                                f"{item['sentences']}: {splits}")
    return score


def evaluate_all() -> list[Score]:
    return [evaluate_jargon(), evaluate_passive(), evaluate_acronyms(), evaluate_sentences()]


HELD_OUT = EVALUATION / "heldout"


def evaluate_held_out() -> list[Score]:
    """The same scores on passages written after the checks were tuned, by someone who did not
    read the checker: an honest estimate of how they do on new text."""
    return [evaluate_jargon(load("jargon", HELD_OUT)), evaluate_passive(load("passive", HELD_OUT)),
            evaluate_acronyms(load("acronyms", HELD_OUT))]


def table(scores: list[Score]) -> str:
    """A small plain-text table: check, items, precision, recall (sentences: exact share)."""
    lines = [f"{'check':<10} {'items':>5} {'precision':>9} {'recall':>6}",
             f"{'-' * 10} {'-' * 5} {'-' * 9} {'-' * 6}"]
    for score in scores:
        if score.check == "sentences":
            lines.append(f"{score.check:<10} {score.items:>5} {'':>9} {'':>6}   "
                         f"exact count {score.exact}/{score.items} = {score.exact_share:.2f}")
        else:
            lines.append(f"{score.check:<10} {score.items:>5} {score.precision:>9.2f} "
                         f"{score.recall:>6.2f}   (tp {score.true_positives}, "
                         f"fp {score.false_positives}, fn {score.false_negatives})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    parser.add_argument("--held-out", action="store_true",
                        help="score the held-out passages instead (evaluation/heldout)")
    arguments = parser.parse_args(argv)
    scores = evaluate_held_out() if arguments.held_out else evaluate_all()
    print(table(scores))
    if arguments.errors:
        for score in scores:
            if score.errors:
                print(f"\n{score.check}:")
                for error in score.errors:
                    print(f"  {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
