"""Build a benchmark book folder: many people, chapters, words and saved versions, quickly.

    python benchmarks/make_book.py DIR --people 20 --chapters 40 --words 300000 --versions 5000

The same arguments and seed give the same files and the same history (the same version ids),
so timings can be compared between runs and machines. The prose is generated: plain,
English-like sentences in paragraphs, under the headings of the chapter shape the app offers
(design notes, section 3). Each chapter grows over its versions toward its final size through a
mix of new paragraphs, reworded sentences in the middle of paragraphs and small fixes, written
by its authors or an editor over about eighteen months, so that who-wrote-what has real
structure.

Versions are produced one at a time by a generator and streamed into git fast-import by the
project's own `write_history`, so memory stays small: only the current text of each chapter is
kept. Each version changes one file (two when a chapter is started: the chapter and book.yaml).
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coauthor_desk.history.fast_import import PlannedVersion, write_history
from coauthor_desk.history.versions import IGNORE_TEXT, Identity
from coauthor_desk.manuscript import front_matter, yaml_text
from coauthor_desk.manuscript.edit import slug
from coauthor_desk.manuscript.model import count_words

START = datetime(2024, 1, 8, tzinfo=UTC)
SPAN_DAYS = 548  # about eighteen months
DEFAULTS = {"people": 20, "chapters": 40, "words": 300_000, "versions": 5000, "seed": 1}


class TooSmall(ValueError):
    """The numbers asked for cannot make a sensible book (too few versions or people)."""


# Words to build sentences from ------------------------------------------------------------------

_OPENERS = ["Looking back,", "At the time,", "Most days,", "In the end,", "Even so,",
            "After that,", "For a long time,", "Some weeks,", "To be honest,", "Back then,",
            "Every so often,", "Later on,", "Sometimes", "By the spring,", "That winter,"]
_SUBJECTS = ["I", "we", "my mum", "my dad", "my sister", "the social worker", "the nurse",
             "the doctor", "nobody", "everyone at the meeting", "the council", "my support worker",
             "the woman at the desk", "my husband", "my son", "the team", "the manager",
             "a friend from the group", "the housing officer", "the consultant", "people",
             "the staff", "my daughter", "the receptionist", "my neighbour", "the carers"]
_VERBS = ["told me about", "asked about", "never explained", "wrote down", "forgot",
          "helped me with", "waited for", "talked about", "worried about", "read out", "kept",
          "lost", "changed", "looked at", "argued about", "signed", "sent back", "put off",
          "checked", "understood", "listened to", "cancelled", "agreed to", "got used to",
          "thought about", "laughed about", "explained", "missed", "paid for", "sorted out"]
_OBJECTS = ["the care plan", "the letters", "my medication", "the next appointment", "the forms",
            "what had happened", "the money", "the rules", "the waiting list", "my own plans",
            "the meeting notes", "the assessment", "the paperwork", "the phone calls",
            "the review", "the house", "the small things", "the whole process", "our choices",
            "the report", "my questions", "the hospital visits", "the shopping", "the bills",
            "the new tablets", "the bus fare", "the discharge letter", "the support group",
            "the garden", "the rent", "my own words", "the long weekends"]
_TAILS = {
    1: ["again", "eventually", "quietly", "slowly", "twice", "together", "properly",
        "afterwards", "instead", "anyway"],
    2: ["every week", "at home", "in time", "without me", "on Mondays", "last winter",
        "for months", "very carefully", "most mornings", "after school"],
    3: ["in the end", "at the time", "for a while", "after the meeting", "without asking me",
        "before the review", "more than once", "in the morning", "on the phone",
        "in the hospital"],
    4: ["when it mattered most", "before anyone else noticed", "long after the others",
        "as if nothing happened", "in front of everyone", "without a second thought",
        "at the end of it", "for the first time"],
}
_CONNECTORS = [", and", ", but", " because", " so", ", while", " until", " after", " when"]
# Word-for-word swaps for small fixes: the count of words stays the same.
_SWAPS = {"quietly": "calmly", "slowly": "gradually", "forgot": "missed", "kept": "saved",
          "lost": "mislaid", "explained": "described", "checked": "reviewed",
          "cancelled": "dropped", "worried": "fretted", "twice": "often", "anyway": "still"}
_SURNAMES_REF = ["Beresford", "Carr", "Glasby", "Needham", "Tew", "Duffy", "Hickey", "Morris",
                 "Slay", "Stevens", "Pearson", "Lister", "Ward", "Croft", "Evans", "Begum"]
_PUBLISHERS = ["Bristol: Policy Press", "London: Routledge", "London: Sage",
               "Oxford: Oxford University Press", "Birmingham: Carers Trust"]

_SHAPE = [  # heading, kind, share of the chapter's words
    ("Who am I?", "prose", 0.06),
    ("Background", "prose", 0.15),
    ("Experiences", "prose", 0.36),
    (None, "key", 0.01),
    ("What have I learnt?", "prose", 0.13),
    ("What could be done to improve services?", "list", 0.08),
    (None, "commentary", 0.14),
    ("Reflective questions", "numbered", 0.04),
    ("References", "references", 0.03),
]
_STATUS_PATH = ["drafting", "with-editors", "with-author", "agreed", "ready"]
_FINAL_STATUS = (["ready"] * 7 + ["agreed"] * 4 + ["with-author"] * 3 + ["with-editors"] * 3
                 + ["drafting"] * 3)
_STATUS_WORDS = {
    "with-editors": "Sent the chapter to the editors",
    "with-author": "Sent the chapter back to its author to read",
    "agreed": "Read it through and agreed the chapter",
    "ready": "Marked the chapter ready for the book",
}
_ADD_WORDS = {
    "prose": ["Wrote some more", "Added a few paragraphs", "Carried on writing",
              "Wrote the next part", "Put down what I said at the meeting",
              "Added more of my story", "Added a paragraph"],
    "commentary": ["Wrote more of the commentary", "Added to the commentary"],
    "key": ["Wrote the key learning box"],
    "list": ["Added ideas for better services", "Added another suggestion"],
    "numbered": ["Added a question for readers"],
    "references": ["Added references"],
}
_REWORD_WORDS = ["Reworded a sentence", "Said this part more clearly", "Changed how I put this",
                 "Rewrote a sentence after our meeting", "Made this sentence easier to read"]
_FIX_WORDS = ["Corrected a small typing slip", "Fixed a spelling mistake", "Small fix",
              "Corrected a word"]

_TITLE_STARTS = ["Living with", "Caring for", "Waiting for", "Finding", "Learning from",
                 "Leaving", "Fighting for", "Making sense of", "Growing up with",
                 "Speaking up about"]
_TITLE_ENDS = ["my mother", "the system", "a diagnosis", "my own home", "the care plan",
               "a second chance", "the night shift", "my son", "the paperwork", "my own words",
               "a new language", "the waiting list"]
_WOMEN = ["Helen", "Priya", "Amira", "Jean", "Sandra", "Nasreen", "Bethany", "Donna", "Margaret",
          "Shirley", "Lorraine", "Claire", "Grace", "Fatima", "Irene", "Kelly", "Rosa", "Joy"]
_MEN = ["David", "Alan", "Colin", "Gareth", "Kwame", "Michael", "Peter", "Tomasz", "Ravi",
        "Frank", "Owen", "Samuel"]
_SURNAMES = ["Marsh", "Lowe", "Raman", "Brooks", "Yusuf", "Hale", "Fraser", "Whitfield", "Price",
             "Thornton", "Mensah", "Baxter", "Ellis", "Carter", "Akhtar", "Quinn", "Pike", "Dunn",
             "Nowak", "Bennett", "Okafor", "Shah", "Hughes", "Walsh", "Kaur", "Reid"]
# Pen names share no part with anyone's real name, so the hidden-name check finds nothing.
_PEN_FIRST = ["Robin", "Sky", "Jo", "Morgan", "Alex", "Kit", "Rowan", "Noor"]
_PEN_SURNAMES = ["Ashby", "Rivers", "Hollis", "Lane", "Moss", "Vale", "Fenn", "Wilde"]
_EDITOR_WORK = ["social policy lecturer", "social work researcher", "former care manager"]
_EXPERIENCE = ["care leaver", "carer for her husband", "carer for his mother", "young carer",
               "survivor of domestic abuse", "lives with diabetes", "uses mental health services",
               "wheelchair user", "lives with a learning disability", "stroke survivor",
               "parent of a disabled son", "lives with long-term pain"]
_BACKGROUND = ["White British", "Black British", "British Asian", "White Irish", "Polish",
               "Mixed heritage", "British Pakistani", "Black African"]
_CREDITS = ["full-name", "first-name", "full-name", "pen-name", "first-name", "group",
            "anonymous", "full-name"]
_NEEDS: list[list[str]] = [[], [], ["large-print"], [], ["audio", "large-print"], ["word-files"],
                           [], ["easy-read"]]


# Generating prose ---------------------------------------------------------------------------

class _Prose:
    """Sentences of an exact number of words (as the app counts them), from a seeded random."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.sizes = {text: count_words(text) for text in
                      [*_OPENERS, *_SUBJECTS, *_VERBS, *_OBJECTS]}

    def sentence(self, words: int) -> str:
        rng, sizes = self.rng, self.sizes
        words = max(words, 4)
        pieces: list[str] = []
        left = words
        if left >= 10 and rng.random() < 0.3:
            opener = rng.choice(_OPENERS)
            pieces.append(opener)
            left -= sizes[opener]
        while True:
            for _ in range(6):
                subject, verb, thing = (rng.choice(_SUBJECTS), rng.choice(_VERBS),
                                        rng.choice(_OBJECTS))
                size = sizes[subject] + sizes[verb] + sizes[thing]
                if size <= left:
                    break
            else:
                subject, verb, thing, size = "I", "kept", "the letters", 4
            pieces.append(f"{subject} {verb} {thing}")
            left -= size
            if left >= 5:
                pieces[-1] += rng.choice(_CONNECTORS)
                left -= 1
                continue
            if left:
                pieces.append(rng.choice(_TAILS[left]))
            break
        text = " ".join(pieces)
        return text[0].upper() + text[1:] + "."

    def lengths(self, words: int, low: int = 8, high: int = 24) -> list[int]:
        """Sentence lengths adding up to exactly `words` (each at least 4)."""
        sizes: list[int] = []
        while words > 0:
            size = self.rng.randint(low, high)
            if words - size < 5:
                size = words
            sizes.append(size)
            words -= size
        if sizes and sizes[-1] < 4:
            if len(sizes) > 1:
                sizes[-2] += sizes.pop()
            else:
                sizes[-1] = 4
        return sizes

    def question(self, words: int) -> str:
        body = self.sentence(max(words - 5, 4))
        start = body[0] if body.startswith("I ") else body[0].lower()
        return f"What would you do if {start}{body[1:-1]}?"

    def reference(self) -> str:
        rng = self.rng
        title = rng.choice(_OBJECTS)
        return (f"{rng.choice(_SURNAMES_REF)}, {rng.choice('ABCDEFGHJKMPRST')}. "
                f"({rng.randint(1998, 2024)}) {title[0].upper()}{title[1:]} and "
                f"{rng.choice(_OBJECTS)}. {rng.choice(_PUBLISHERS)}.")


# One chapter, as it grows ---------------------------------------------------------------------

@dataclass
class _Section:
    heading: str | None
    kind: str
    share: float
    units: list[list[str]] = field(default_factory=list)  # paragraphs or items, as sentences
    words: int = 0
    text: str | None = None  # rendered text, kept until the section changes


@dataclass
class _Typo:
    unit: list[str]
    slipped: str
    meant: str


class _Chapter:
    """The current text of one chapter and the plan of the versions still to come."""

    def __init__(self, number: int, chapter_id: str, title: str, authors: list[str],
                 editor: str, target: int, ops: list[str], prose: _Prose) -> None:
        self.number, self.id, self.title, self.authors, self.editor = (
            number, chapter_id, title, authors, editor)
        self.file = f"chapters/{chapter_id}.md"
        self.ops = ops
        self.next_op = 0
        self.prose = prose
        self.rng = prose.rng
        self.status = "idea"
        self.sections = [_Section(heading, kind, share) for heading, kind, share in _SHAPE]
        self.heading_words = 0
        for section in self.sections:
            if section.heading:
                section.words = count_words(section.heading)
            elif section.kind == "commentary":
                section.words = 1  # its "# Commentary" heading
            self.heading_words += section.words
        self.target = target
        self.words = self.heading_words
        self.adds_left = ops.count("add")
        self.typos: list[_Typo] = []

    # Rendering ----------------------------------------------------------------------------
    def text(self) -> str:
        details = (f"id: {self.id}\ntitle: {self.title}\nauthors: [{', '.join(self.authors)}]\n"
                   f"status: {self.status}\n")
        blocks = []
        for section in self.sections:
            if section.text is None:
                section.text = self._render(section)
            if section.text:
                blocks.append(section.text)
        return front_matter.join(details, "\n" + "\n\n".join(blocks) + "\n")

    def _render(self, section: _Section) -> str:
        kind, units = section.kind, section.units
        if kind == "key":
            return "::: {.key-learning}\n" + " ".join(units[0]) + "\n:::" if units else ""
        if kind == "commentary":
            inner = "".join("\n\n" + " ".join(unit) for unit in units)
            return f'::: {{.commentary author="{self.editor}"}}\n# Commentary{inner}\n:::'
        if kind == "prose":
            lines = [" ".join(unit) for unit in units]
            return "\n\n".join([f"# {section.heading}", *lines])
        if kind == "numbered":
            lines = [f"{i}. {' '.join(unit)}" for i, unit in enumerate(units, start=1)]
        else:
            lines = [f"- {' '.join(unit)}" for unit in units]
        return f"# {section.heading}" + ("\n\n" + "\n".join(lines) if lines else "")

    # Changing -----------------------------------------------------------------------------
    def step(self, editors: list[str]) -> tuple[str, str]:
        """Make the next planned change. Returns (who made it, a description in plain words)."""
        op = self.ops[self.next_op]
        self.next_op += 1
        rng = self.rng
        author = rng.choice(self.authors)
        if op == "start":
            return rng.choice(editors), "Started a chapter from the template"
        if op in _STATUS_WORDS:
            self.status = op
            mover = author if op in ("with-editors", "agreed") else self.editor
            return mover, _STATUS_WORDS[op]
        if op == "add":
            if self.status == "idea":
                self.status = "drafting"
            section = self._add()
            who = self.editor if section.kind == "commentary" else author
            return who, rng.choice(_ADD_WORDS[section.kind])
        if op == "fix" and self._fix():
            return (rng.choice(editors) if rng.random() < 0.5 else author), rng.choice(
                _FIX_WORDS)
        section = self._reword()
        if section is None:  # nothing written yet to reword (not planned, but harmless)
            section = self._add()
            return author, rng.choice(_ADD_WORDS[section.kind])
        who = self.editor if section.kind == "commentary" or rng.random() < 0.25 else author
        return who, rng.choice(_REWORD_WORDS)

    def _add(self) -> _Section:
        rng, prose = self.rng, self.prose
        remaining = self.target - self.words
        last = self.adds_left <= 1
        self.adds_left -= 1
        amount = remaining if last else round(remaining / (self.adds_left + 1)
                                              * rng.uniform(0.6, 1.4))
        amount = max(amount, 4)
        text_target = self.target - self.heading_words
        needs = [max(0.0, s.share * text_target - s.words) for s in self.sections]
        if self.sections[3].units:  # the key learning box is written once
            needs[3] = 0.0
        if last or not any(needs):
            choices = [i for i, s in enumerate(self.sections) if s.kind == "prose"]
            index = max(choices, key=lambda i: needs[i])
        else:
            index = rng.choices(range(len(needs)), weights=needs)[0]
        section = self.sections[index]
        if section.kind in ("list", "numbered", "references", "key") and not last:
            amount = min(amount, max(int(needs[index]) + 10, 12))
        new: list[list[str]] = []
        if section.kind == "references":
            added = 0
            while added < amount:
                reference = prose.reference()
                new.append([reference])
                added += count_words(reference)
        elif section.kind == "numbered":
            for size in prose.lengths(amount, 14, 22):
                question = prose.question(size - 1)
                new.append([question])
        elif section.kind == "list":
            new = [[prose.sentence(size)] for size in prose.lengths(amount, 8, 18)]
        else:
            paragraphs = max(1, math.ceil(amount / 140))
            share = amount // paragraphs
            for i in range(paragraphs):
                size = share if i < paragraphs - 1 else amount - share * (paragraphs - 1)
                new.append([prose.sentence(n) for n in prose.lengths(size)])
            if section.kind == "key":
                new = [[s for unit in new for s in unit]]
        if new and rng.random() < 0.2:
            self._slip(rng.choice(new))
        added = sum(count_words(s) for unit in new for s in unit)
        if section.kind == "numbered":
            added += len(new)  # the numbers count as words
        if section.units and section.kind in ("prose", "commentary") and rng.random() < 0.25:
            at = rng.randrange(len(section.units))
            section.units[at:at] = new
        else:
            section.units.extend(new)
        section.words += added
        self.words += added
        section.text = None
        return section

    def _slip(self, unit: list[str]) -> None:
        """A typing slip for a later small fix: a doubled word or two letters swapped."""
        index = self.rng.randrange(len(unit))
        meant = unit[index]
        words = meant.split(" ")
        at = self.rng.randrange(len(words))
        word = words[at]
        if len(word) >= 5 and word.isalpha():
            words[at] = word[:2] + word[3] + word[2] + word[4:]
        else:
            words.insert(at, word.rstrip(".,?"))
        slipped = " ".join(words)
        unit[index] = slipped
        self.typos.append(_Typo(unit, slipped, meant))

    def _fix(self) -> bool:
        rng = self.rng
        while self.typos:
            typo = self.typos.pop(rng.randrange(len(self.typos)))
            if typo.slipped in typo.unit:
                self._replace(typo.unit, typo.unit.index(typo.slipped), typo.meant)
                return True
        for _ in range(8):
            section = self._pick_section()
            if section is None:
                return False
            unit = rng.choice(section.units)
            index = rng.randrange(len(unit))
            words = unit[index].split(" ")
            for at, word in enumerate(words):
                swap = _SWAPS.get(word.rstrip(".,"))
                if swap:
                    words[at] = word.replace(word.rstrip(".,"), swap)
                    self._replace(unit, index, " ".join(words))
                    return True
        return False

    def _reword(self) -> _Section | None:
        rng = self.rng
        section = self._pick_section()
        if section is None:
            return None
        unit = rng.choice(section.units)
        if section.kind == "numbered":
            size = max(10, count_words(unit[0]) + rng.randint(-3, 3))
            self._replace(unit, 0, self.prose.question(size - 1))
            return section
        index = rng.randrange(1, len(unit) - 1) if len(unit) >= 3 else rng.randrange(len(unit))
        for at in range(index, min(index + (2 if rng.random() < 0.3 else 1), len(unit))):
            size = max(4, count_words(unit[at]) + rng.randint(-3, 3))
            self._replace(unit, at, self.prose.sentence(size))
        for current in self.sections:
            if any(u is unit for u in current.units):
                return current
        return section

    def _pick_section(self) -> _Section | None:
        written = [s for s in self.sections if s.units and s.kind not in ("references",)]
        if not written:
            return None
        return self.rng.choices(written, weights=[s.words for s in written])[0]

    def _replace(self, unit: list[str], index: int, sentence: str) -> None:
        delta = count_words(sentence) - count_words(unit[index])
        unit[index] = sentence
        for section in self.sections:
            if any(u is unit for u in section.units):
                section.words += delta
                section.text = None
        self.words += delta


# The whole book ---------------------------------------------------------------------------

@dataclass
class _Person:
    id: str
    name: str
    editor: bool
    data: dict

    @property
    def who(self) -> Identity:
        return Identity(self.name, self.data["git"][0])


def _make_people(count: int, rng: random.Random) -> list[_Person]:
    editors = min(3, max(1, count // 6))
    women, men, surnames = list(_WOMEN), list(_MEN), list(_SURNAMES)
    rng.shuffle(surnames)
    people: list[_Person] = []
    used: set[str] = set()
    counted = {True: 0, False: 0}
    for i in range(count):
        woman = i % 5 in (0, 2, 4)
        names = women if woman else men
        first = names[counted[woman] % len(names)]
        counted[woman] += 1
        last = surnames[i % len(surnames)]
        if i >= len(surnames):
            last = f"{last}-{surnames[(i // len(surnames)) % len(surnames)]}"
        name = f"{first} {last}"
        person_id = slug(name)
        while person_id in used:
            person_id += "-x"
        used.add(person_id)
        editor = i < editors
        credit_as = "full-name" if editor else _CREDITS[i % len(_CREDITS)]
        credit: dict = {"as": credit_as}
        if credit_as == "first-name":
            credit["name"] = first
        elif credit_as == "pen-name":
            credit["name"] = f"{rng.choice(_PEN_FIRST)} {rng.choice(_PEN_SURNAMES)}"
        elif credit_as == "group":
            credit["name"] = rng.choice(["The Thursday Group", "Carers Together",
                                         "The Tuesday Circle"])
        elif credit_as == "full-name":
            credit["name"] = name
        data = {
            "id": person_id,
            "name": name,
            "credit": credit,
            "roles": ["editor"] if editor else ["co-author"],
            "contact": {"prefers": rng.choice(["email", "email", "phone", "post"])},
            "access_needs": [] if editor else _NEEDS[i % len(_NEEDS)],
            "self_description": {
                "gender": "woman" if woman else "man",
                "age": rng.randint(35, 64) if editor else rng.randint(24, 84),
                "ethnic_background": rng.choice(_BACKGROUND),
                "experience": _EDITOR_WORK[i % len(_EDITOR_WORK)] if editor
                else rng.choice(_EXPERIENCE),
            },
            "git": [f"{person_id.replace('-', '.')}@example.org"],
        }
        people.append(_Person(person_id, name, editor, data))
    return people


def _titles(count: int, rng: random.Random) -> list[str]:
    pairs = [f"{a} {b}" for a in _TITLE_STARTS for b in _TITLE_ENDS]
    rng.shuffle(pairs)
    titles = ["Introduction"]
    for i in range(count - 1):
        title = pairs[i % len(pairs)]
        titles.append(title if i < len(pairs) else f"{title} (part {i // len(pairs) + 1})")
    return titles[:count]


def _chapter_ops(versions: int, final_status: str, rng: random.Random) -> list[str]:
    """The kinds of change a chapter goes through, in order: start, adds, rewords, fixes and
    status steps. Adds come earlier and rewords later, as a chapter is written then polished."""
    steps = _STATUS_PATH[1:_STATUS_PATH.index(final_status) + 1]
    body = versions - 1 - len(steps)
    adds = max(1, round(body * 0.55))
    rewords = round((body - adds) * 0.6)
    kinds = ["add"] * adds + ["reword"] * rewords + ["fix"] * (body - adds - rewords)
    keyed = sorted(kinds, key=lambda kind: rng.random() ** (1.6 if kind == "add" else 0.7))
    keyed.insert(0, keyed.pop(keyed.index("add")))
    for j, step in enumerate(steps):  # the status moves on over the last part of its life
        keyed.insert(max(1, int(body * (0.6 + 0.4 * (j + 1) / len(steps)))) + j, step)
    return ["start", *keyed]


def _working_hours(moment: float) -> int:
    """Seconds since START moved into 08:00-22:00 of the same day, keeping their order."""
    day, part = divmod(moment, 86400)
    return int(day * 86400 + 8 * 3600 + part / 86400 * 14 * 3600)


@dataclass
class BookPlan:
    """What will be built, and the versions that build it (produced lazily)."""

    people: list[_Person]
    chapters: list[_Chapter]
    schedule: list[tuple[int, int, int]]  # (seconds since START, chapter or -1-person, order)
    title: str

    def book_yaml(self, listed: list[str]) -> str:
        return yaml_text.dump({
            "title": self.title,
            "subtitle": "A benchmark book of generated chapters",
            "editors": [p.id for p in self.people if p.editor],
            "chapters": listed,
            "house_style": {"reading_level": "general", "sentence_length": 25,
                            "not_heard_from_weeks": 4},
        })

    def versions(self) -> Iterator[PlannedVersion]:
        people = {p.id: p for p in self.people}
        editors = [p.id for p in self.people if p.editor]
        first = {".gitignore": IGNORE_TEXT, "book.yaml": self.book_yaml([])}
        first.update({f"people/{p.id}.yaml": yaml_text.dump(p.data) for p in self.people
                      if p.editor})
        yield PlannedVersion(people[editors[0]].who, START, "Started the book", first)
        started: list[int] = []
        for seconds, what, _ in self.schedule:
            when = START + timedelta(seconds=seconds)
            if what < 0:
                person = self.people[-1 - what]
                editor = people[editors[(-1 - what) % len(editors)]]
                yield PlannedVersion(editor.who, when,
                                     f"Welcomed {person.name.split()[0]} to the book",
                                     {f"people/{person.id}.yaml": yaml_text.dump(person.data)})
                continue
            chapter = self.chapters[what]
            who, description = chapter.step(editors)
            changes = {chapter.file: chapter.text()}
            if chapter.next_op == 1:
                started.append(chapter.number)
                started.sort()
                changes["book.yaml"] = self.book_yaml([self.chapters[i].id for i in started])
            yield PlannedVersion(people[who].who, when, description, changes)

    def words(self) -> int:
        return sum(c.words for c in self.chapters)


def plan_book(people: int, chapters: int, words: int, versions: int, seed: int) -> BookPlan:
    """Decide the people, chapters and the time of every version; the text comes later."""
    if people < 1 or chapters < 1:
        raise TooSmall("A book needs at least one person and one chapter.")
    rng = random.Random(seed)
    prose = _Prose(rng)
    cast = _make_people(people, rng)
    editors = [p.id for p in cast if p.editor]
    others = [p.id for p in cast if not p.editor]
    titles = _titles(chapters, rng)
    width = max(2, len(str(chapters)))
    sizes = [rng.uniform(0.6, 1.4) for _ in range(chapters)]
    scale = words / sum(sizes)
    targets = [max(60, round(size * scale)) for size in sizes]
    finals = [rng.choice(_FINAL_STATUS) for _ in range(chapters)]
    minimum = [2 + _STATUS_PATH.index(final) for final in finals]
    available = versions - 1 - len(others)
    if available < sum(minimum):
        raise TooSmall(f"{versions} versions are too few for {chapters} chapters and "
                       f"{people} people: use at least {1 + len(others) + sum(minimum)}.")
    extra = available - sum(minimum)
    counts = [m + extra * t // sum(targets) for m, t in zip(minimum, targets, strict=True)]
    for i in range(available - sum(counts)):
        counts[i % chapters] += 1

    built: list[_Chapter] = []
    schedule: list[tuple[int, int, int]] = []
    first_start: dict[str, float] = {}
    span = SPAN_DAYS * 86400
    for number in range(chapters):
        if number == 0 or not others:
            authors = list(editors)
        else:
            k = number - 1
            authors = [others[k % len(others)]]
            if number % 6 == 5 and len(others) > 1:
                authors.append(others[(k + 1) % len(others)])
        chapter_id = f"{number + 1:0{width}d}-{slug(titles[number])}"
        ops = _chapter_ops(counts[number], finals[number], rng)
        chapter = _Chapter(number, chapter_id, titles[number], authors,
                           editors[number % len(editors)], targets[number], ops, prose)
        built.append(chapter)
        begin = 2 * 86400 + number * 0.45 * span / chapters + rng.uniform(0, 6 * 3600)
        end = span * rng.uniform(0.8, 1.0)
        times = sorted(rng.uniform(begin, end) for _ in range(len(ops) - 1))
        for order, moment in enumerate([begin, *times]):
            schedule.append((_working_hours(moment), number, order))
        for author in authors:
            first_start.setdefault(author, begin)
    for index, person in enumerate(cast):
        if person.editor:
            continue
        moment = first_start.get(person.id, 86400 * (1 + index)) - 86400 + rng.uniform(0, 3600)
        schedule.append((_working_hours(max(moment, 3600)), -1 - index, 0))
    schedule.sort()
    title = "Voices in Care: A Benchmark Book"
    return BookPlan(cast, built, schedule, title)


@dataclass(frozen=True)
class Built:
    root: Path
    people: int
    chapters: int
    words: int
    versions: int
    seconds: float


def make_book(root: Path, people: int = 20, chapters: int = 40, words: int = 300_000,
              versions: int = 5000, seed: int = 1) -> Built:
    """Build the benchmark book in `root` (new or empty) and return what was built."""
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty; choose a new or empty folder.")
    began = time.perf_counter()
    plan = plan_book(people, chapters, words, versions, seed)
    written = write_history(root, plan.versions())
    return Built(root, people, chapters, plan.words(), written, time.perf_counter() - began)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build a benchmark book folder with history.")
    parser.add_argument("folder", type=Path, help="a new or empty folder")
    parser.add_argument("--people", type=int, default=DEFAULTS["people"])
    parser.add_argument("--chapters", type=int, default=DEFAULTS["chapters"])
    parser.add_argument("--words", type=int, default=DEFAULTS["words"])
    parser.add_argument("--versions", type=int, default=DEFAULTS["versions"])
    parser.add_argument("--seed", type=int, default=DEFAULTS["seed"])
    args = parser.parse_args(argv)
    try:
        built = make_book(args.folder, args.people, args.chapters, args.words, args.versions,
                          args.seed)
    except (TooSmall, FileExistsError) as error:
        print(f"Could not build the book: {error}", file=sys.stderr)
        return 2
    print(f"Built {built.root}: {built.people} people, {built.chapters} chapters, "
          f"{built.words:,} words, {built.versions:,} versions in {built.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
