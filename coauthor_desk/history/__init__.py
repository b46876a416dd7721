"""The book's history: saved versions, who saved them, what changed. Backed by git."""
