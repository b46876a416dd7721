"""The old name of the comment threads' module, kept only until tests/history/ (being changed
by someone else as this is written) imports load_threads from comments.file_format."""

from coauthor_desk.comments.file_format import load_threads

__all__ = ["load_threads"]
