"""The old name of comments.threads, kept until tests/history/ imports it from there."""

from coauthor_desk.comments.threads import *  # noqa: F403
from coauthor_desk.comments.threads import load_threads  # noqa: F401
