"""Review mode's core: a contributor's say over their own words. Others' edits to owned words
become suggestions; the owner decides each one; the review window and the command line both
work through here."""
