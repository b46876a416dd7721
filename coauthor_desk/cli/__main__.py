"""`python -m coauthor_desk.cli` runs the command line."""

import sys

from coauthor_desk.cli.main import main

sys.exit(main())
