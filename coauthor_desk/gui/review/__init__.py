"""The review window: one contributor's own chapters, questions, suggestions, agreements and
credit, in large text, by keyboard or mouse, with nothing in it that can delete or rewrite."""
