"""The line under each chapter title saying who wrote it, in the names people chose."""

from __future__ import annotations

from coauthor_desk.credits.names import credits_for, join_words, unnamed_phrase
from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.manuscript.model import Book, Chapter


def byline(book: Book, chapter: Chapter, permissions: Permissions) -> str:
    """'By Jean Thornton', 'By The Thursday Group', 'By Helen Marsh, David Lowe and Priya Raman',
    'By Amira and a co-author who chose not to be named'. Empty for a chapter with no authors.

    Named authors come first, in the chapter's order; a group is printed once; everyone not
    named is gathered into one closing phrase."""
    credits, unnamed = credits_for(book, chapter.authors, permissions)
    parts = [credit.name for credit in credits]
    if unnamed:
        parts.append(unnamed_phrase(unnamed))
    return f"By {join_words(parts)}" if parts else ""


def bylines(book: Book, permissions: Permissions) -> dict[str, str]:
    """The byline of every chapter, by chapter id, in the book's order."""
    return {chapter.id: byline(book, chapter, permissions) for chapter in book.ordered_chapters()}
