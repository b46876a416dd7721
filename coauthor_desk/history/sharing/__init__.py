"""Sharing a book between computers, through an ordinary server or a shared folder.

One module, one job: address.py checks where the shared copy lives; transport.py talks to it
with no prompt and a time limit; shared_folder.py makes and checks a shared copy in a folder;
threeway.py and combine.py work out the combined version; clashes.py keeps both versions of
words two people changed; apply.py saves the combination through the book's transaction;
engine.py shares and gets the latest; get_copy.py copies a shared book to a new computer.
"""

from coauthor_desk.history.sharing.address import Address, check_address
from coauthor_desk.history.sharing.clashes import ClashRecord, open_clashes
from coauthor_desk.history.sharing.engine import SyncResult, share, sharing_status, sync
from coauthor_desk.history.sharing.get_copy import get

__all__ = ["Address", "ClashRecord", "SyncResult", "check_address", "get", "open_clashes",
           "share", "sharing_status", "sync"]
