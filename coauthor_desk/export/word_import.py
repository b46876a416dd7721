"""The old place of Word import, which is now coauthor_desk.word_import (a package beside
export/). Kept only until tests/history/crash_soak.py (being changed by someone else as this is
written) imports coauthor_desk.word_import instead; then delete this file."""

from coauthor_desk.word_import import ImportedThread, ImportResult, import_text, import_word_file

__all__ = ["ImportResult", "ImportedThread", "import_text", "import_word_file"]
