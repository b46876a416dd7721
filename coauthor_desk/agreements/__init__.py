"""Agreements (consent): the records people make, the rules that decide what may be
published, and the check that hidden names stay hidden."""
