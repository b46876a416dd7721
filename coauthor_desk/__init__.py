"""CoAuthor Desk: write a book together with the people it is about."""

from pathlib import Path

__version__ = "0.1.0"

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
