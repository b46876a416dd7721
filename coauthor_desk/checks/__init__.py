"""Plain-language checks: long sentences, passives, acronyms, jargon, hidden characters and
reading ease, each explained in plain words with a suggestion."""
