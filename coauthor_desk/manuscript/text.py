"""Markdown to paragraphs and sentences, with every character traced back to the source.

This is the one place that reads Markdown for checks, change summaries and anchors. Each block
of text (a paragraph, heading, list item, quote, footnote or table cell) becomes a `Paragraph`
of plain words, with the marks (emphasis, links, escapes) left out and a map from the plain
text back to the characters of the source, so a finding about a word can point at that word in
the file. The simple Markdown most chapters hold is read line by line (`simple_markdown`);
anything else by walking markdown-it-py's token stream (`markdown_tokens`); both give the same.
"""

from __future__ import annotations

from functools import lru_cache

from coauthor_desk.manuscript.markdown_tokens import Heading, headings, token_paragraphs
from coauthor_desk.manuscript.paragraph import Paragraph, Sentence, sentence_spans, split_sentences
from coauthor_desk.manuscript.simple_markdown import simple_paragraphs

__all__ = ["Heading", "Paragraph", "Sentence", "blocks", "headings", "paragraphs",
           "sentence_spans", "split_sentences"]


def paragraphs(source: str) -> list[Paragraph]:
    """The blocks of text in a Markdown source, in reading order."""
    found = simple_paragraphs(source)
    return token_paragraphs(source) if found is None else found


@lru_cache(maxsize=64)
def blocks(source: str) -> tuple[Paragraph, ...]:
    """`paragraphs(source)`, remembered for the last few texts: deciding about a suggestion
    asks whose words a place is in the very text that was read a moment before."""
    return tuple(paragraphs(source))
