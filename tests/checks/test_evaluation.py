"""The plain-language checks agree with a careful editor often enough to be worth showing.

Scored on the labelled passages in tests/checks/evaluation/ (see the README there). A check that
cries wolf teaches people to ignore it, so precision is held higher than recall.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("plain_evaluate",
                                               Path(__file__).with_name("evaluate.py"))
evaluate = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = evaluate  # dataclasses look their module up there
_spec.loader.exec_module(evaluate)


def _checks() -> None:
    pytest.importorskip("coauthor_desk.checks.text_checks",
                        reason="the checker (checks.text_checks) cannot be imported yet")


@pytest.mark.parametrize("name,minimum", [("jargon", 60), ("passive", 150), ("sentences", 20),
                                          ("acronyms", 25)])
def test_the_evaluation_sets_are_complete(name, minimum):
    items = evaluate.load(name)
    assert len(items) >= minimum


def test_every_expected_jargon_term_is_in_the_list():
    import yaml

    listed = {entry["term"] for entry in yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "resources/plain/jargon.yaml").read_text("utf-8"))}
    unknown = {term for item in evaluate.load("jargon") for term in item["expected"]} - listed
    assert not unknown, f"expected terms that are not a list entry's term: {sorted(unknown)}"


def test_jargon():
    _checks()
    score = evaluate.evaluate_jargon()
    assert score.precision >= 0.9, score.errors
    assert score.recall >= 0.7, score.errors


def test_passive():
    _checks()
    score = evaluate.evaluate_passive()
    assert score.precision >= 0.9, score.errors
    assert score.recall >= 0.7, score.errors


def test_sentence_counting():
    _checks()
    score = evaluate.evaluate_sentences()
    assert score.exact_share >= 0.9, score.errors


def test_acronyms():
    _checks()
    score = evaluate.evaluate_acronyms()
    assert score.precision >= 0.8, score.errors
