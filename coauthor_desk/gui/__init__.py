"""The window. The only part of CoAuthor Desk that imports Qt."""
