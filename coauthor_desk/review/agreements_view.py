"""One person's agreements as short, kind sentences for their review: what each agreement is
about, where it stands, which choices make sense now, and what a choice would mean, said
before they confirm it. Only their own agreements are ever looked at, so nobody sees another's.
"""

from __future__ import annotations

from dataclasses import dataclass

from coauthor_desk.agreements.records import Decision, Record, Use
from coauthor_desk.agreements.rules import Standing, State, Subject
from coauthor_desk.manuscript.fields import day_words
from coauthor_desk.manuscript.model import Book, CreditAs

# Agreements that wait for the person: something to look at or answer.
WAITING = frozenset({State.NOT_ASKED, State.NEEDS_CHECKING, State.UNKNOWN_VERSION,
                     State.EXPIRED})

CHOICE_WORDS = {Decision.AGREED: "I agree", Decision.NOT_AGREED: "I do not agree",
                Decision.WITHDRAWN: "I withdraw my agreement"}


@dataclass(frozen=True)
class AgreementRow:
    """One agreement of the person, told plainly."""

    use: Use
    target: str | None
    heading: str  # what it is about: "Your chapter 'Caring for Ron'"
    thing: str  # the same in a few words for sentences: "'Caring for Ron'"
    state: State
    words: str  # where it stands: "You agreed on 3 March 2025 to the version …"
    choices: tuple[Decision, ...]  # the choices that make sense now

    @property
    def waiting(self) -> bool:
        return self.state in WAITING


def subjects_for(book: Book, person: str) -> list[Subject]:
    """The agreements that concern `person`: each chapter they wrote, being named (unless they
    chose no name), their quotes, and their words about themselves when they gave any."""
    found: list[Subject] = [(person, Use.CHAPTER, chapter.id)
                            for chapter in book.ordered_chapters() if person in chapter.authors]
    someone = book.people[person]
    if someone.credit_as is not CreditAs.ANONYMOUS:
        found.append((person, Use.NAMED, None))
    found += [(person, Use.QUOTE, quote.id) for quote in book.quotes.values()
              if quote.person == person]
    if someone.self_description:
        found.append((person, Use.SELF_DESCRIPTION, None))
    return found


def agreement_rows(book: Book, person: str, standing: dict[Subject, Standing]
                   ) -> list[AgreementRow]:
    """Each of the person's agreements, in the order they meet them in the book."""
    rows = []
    for subject in subjects_for(book, person):
        found = standing.get(subject) or Standing(*subject, State.NOT_ASKED)
        heading, thing = _about(book, found)
        rows.append(AgreementRow(found.use, found.target, heading, thing, found.state,
                                 _state_words(book, found, thing), _choices(found.state)))
    return rows


def _about(book: Book, standing: Standing) -> tuple[str, str]:
    person = book.people[standing.person]
    if standing.use is Use.CHAPTER:
        title = book.chapters[standing.target or ""].title
        return f"Your chapter '{title}'", f"'{title}'"
    if standing.use is Use.NAMED:
        name = person.credited_as or ""
        return f"Being named in the book as '{name}'", f"being named as '{name}'"
    if standing.use is Use.QUOTE:
        quote = book.quotes[standing.target or ""]
        return (f"Your words used for {quote.used_for}: “{quote.text}”",
                f"your words for {quote.used_for}")
    return ("What you told us about yourself, counted in the note about who wrote the book",
            "what you told us about yourself")


def _choices(state: State) -> tuple[Decision, ...]:
    if state is State.AGREED:
        return (Decision.WITHDRAWN,)
    if state in (State.NEEDS_CHECKING, State.UNKNOWN_VERSION, State.EXPIRED):
        return (Decision.AGREED, Decision.WITHDRAWN)
    if state is State.NOT_ASKED:
        return (Decision.AGREED, Decision.NOT_AGREED)
    return (Decision.AGREED,)  # said no, or withdrew: they can agree again


def _state_words(book: Book, standing: Standing, thing: str) -> str:
    record = standing.record
    when = day_words(record.when) if record else ""
    helper = _helper(book, record)
    state = standing.state
    if state is State.NOT_ASKED:
        return "Not asked yet. You can say yes or no when you are ready."
    if state is State.WITHDRAWN:
        return f"You withdrew on {when}{helper}. It will not be used until you agree again."
    if state is State.NOT_AGREED:
        return f"You said no on {when}{helper}. It will not be used."
    if state is State.EXPIRED:
        ended = day_words(record.expires) if record and record.expires else ""
        return f"Your agreement ran out on {ended}. Please say if you agree again."
    if state is State.AGREED:
        if standing.use is Use.CHAPTER:
            return f"You agreed on {when}{helper} to the version of {thing} you saw then."
        if standing.use is Use.NAMED:
            return f"You agreed on {when}{helper} to be named as '{record.version}'." \
                if record else ""
        return f"You agreed on {when}{helper}."
    if standing.use is Use.CHAPTER:
        change = f" ({standing.change})" if standing.change else ""
        return f"The chapter changed after you agreed on {when}{change}: please look again."
    if standing.use is Use.NAMED and record is not None:
        return (f"You agreed on {when} to be named as '{record.version}'. The name changed "
                "since then: please look again.")
    return f"The words changed after you agreed on {when}: please look again."


def _helper(book: Book, record: Record | None) -> str:
    """Who wrote the decision down, when it was not the person themself."""
    if record is None or record.self_recorded:
        return ""
    how = f", {record.how.words}" if record.how else ""
    return f" (told to {book.name_of(record.recorded_by).split()[0]}{how})"


def confirm_words(book: Book, person: str, row: AgreementRow, decision: Decision) -> str:
    """What a choice will mean, said plainly before the person confirms it."""
    again = "You can change your mind at any time."
    if decision is Decision.AGREED:
        if row.use is Use.CHAPTER:
            return (f"You agree that {row.thing} can be in the book as it reads today. If the "
                    "words change after this, we will ask you again. " + again)
        if row.use is Use.NAMED:
            name = book.people[person].credited_as or ""
            return (f"You agree to be named in the book as '{name}'. If you change how you "
                    "are named, we will ask you again. " + again)
        if row.use is Use.QUOTE:
            quote = book.quotes[row.target or ""]
            return (f"You agree that your words “{quote.text}” can be used for "
                    f"{quote.used_for}, as they read now. " + again)
        return ("You agree that what you told us about yourself can be counted in the note "
                "about who wrote the book. Your name is not put next to it. " + again)
    verb = "withdraw" if decision is Decision.WITHDRAWN else "say no"
    later = ", or in any copy made from now on, until you agree again."
    if row.use is Use.CHAPTER:
        kept = f"your chapter {row.thing} will not be in the book{later}"
    elif row.use is Use.NAMED:
        kept = (f"your name will not be printed in the book{later} The book will say 'a "
                "co-author who chose not to be named' instead.")
    elif row.use is Use.QUOTE:
        quote = book.quotes[row.target or ""]
        kept = f"your words will not be used for {quote.used_for}{later}"
    else:
        kept = f"what you told us about yourself will not be counted in the book{later}"
    return f"If you {verb}, {kept} {again}"


def saved_words(row: AgreementRow, decision: Decision) -> str:
    """The short sentence said once a choice is saved."""
    if decision is Decision.AGREED:
        return f"Saved: you agreed to {row.thing}."
    if decision is Decision.WITHDRAWN:
        return f"Saved: you withdrew your agreement for {row.thing}."
    return f"Saved: you said no to {row.thing}."
