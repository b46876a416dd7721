"""Left only so that code not yet moved keeps working: plain/ became checks/, changes/ and
comments/ (and manuscript/text.py). Nothing in coauthor_desk/ imports from here."""
