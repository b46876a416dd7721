"""Plain language: checks that explain themselves, feedback anchored to text, and what
changed told in words."""
