"""The command line (`coauthor-desk`, or `python -m coauthor_desk.cli`): a table of commands,
one module for each group of them."""

from coauthor_desk.cli.main import build_parser, main, write_error_log

__all__ = ["build_parser", "main", "write_error_log"]
