"""The book model and its files: load, validate, save. Pure Python, no Qt."""
