"""Turning the book into files for readers (DOCX, PDF, EPUB, review copies) and back (DOCX in)."""
