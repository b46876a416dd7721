"""Describe the people who wrote the book as a group, without anyone being picked out.

Only people who agreed to be counted (`Permissions.counted`) are described, and only through
groups of at least k people (k is the house style's `smallest_group`, 3 unless the book says
otherwise). The rule every description follows:

    Every number the statement gives, and every number a reader can work out by taking the
    numbers it gives away from the number of people counted, is either nought or at least k.

So a small category is merged with the other small ones into one group that says truthfully
what it holds ("are men or describe their gender in another way"); a merged group still smaller
than k is left out; and when leaving things out would let a reader subtract their way to a
group of one or two, the smallest reported group is left out too, until that is no longer so.
Age is given only as the band the youngest are in and the band the oldest are in, by decade,
each band widened (the youngest upwards, the oldest downwards) until it holds k people. Nothing
is ever guessed: a value the rules below do not recognise counts as "not said".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from coauthor_desk.credits.names import join_words, number_words
from coauthor_desk.credits.permissions import Permissions
from coauthor_desk.manuscript.model import Book

DEFAULT_SMALLEST_GROUP = 3
WOMEN, MEN, ANOTHER_WAY = "women", "men", "another-way"
WHITE, MINORITY_ETHNIC = "white", "minority-ethnic"
OTHER_EXPERIENCE = "other"

_GENDER_WORDS = {WOMEN: "are women", MEN: "are men",
                 ANOTHER_WAY: "describe their gender in another way"}
_NOT_SAID = {"", "prefer not to say", "rather not say", "not said", "not given", "unknown",
             "none", "n/a", "-", "ask me", "private"}
_WOMAN_WORDS = {"woman", "female", "f", "w", "girl", "lady"}
_MAN_WORDS = {"man", "male", "m", "boy", "gentleman"}

# Words that name a background other than white. Mixed backgrounds ("White and Black
# Caribbean") and Gypsy, Roma and Irish Traveller backgrounds, which UK statistics count as
# minority ethnic groups even when written after "White", are found here first.
_MINORITY_WORDS = re.compile(
    r"\b(mixed|dual heritage|black|asian|african|caribbean|arab|gypsy|roma|romany|traveller|"
    r"indian|pakistani|bangladeshi|sri lankan|chinese|japanese|korean|filipino|vietnamese|"
    r"somali|ghanaian|nigerian|eritrean|ethiopian|sudanese|kashmiri|punjabi|bengali|"
    r"other ethnic group)\b", re.IGNORECASE)
_WHITE_WORD = re.compile(r"\bwhite\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Kind:
    key: str
    words: str  # follows "experience of"
    pattern: re.Pattern[str]


# Checked in this order for each part of what someone wrote (parts are split at ';'); the first
# kind that matches a part is the one it counts for, so "carer for her husband, who has
# dementia" counts as caring, not as living with dementia.
_EXPERIENCE_RULES = [
    ("carer", "caring for someone close to them", r"\bcarers?\b|\bcaring\b|\bcares for\b"),
    ("care-leaver", "growing up in care",
     r"care leaver|\bin care\b|\bfoster|children's home|looked[- ]after"),
    ("domestic-abuse", "domestic abuse", r"domestic (abuse|violence)|coercive control"),
    ("homelessness", "homelessness", r"homeless|sleeping rough|rough sleep"),
    ("addiction", "addiction and recovery", r"alcohol|\bdrugs?\b|addiction|substance"),
    ("mental-health", "mental health services",
     r"mental (health|illness)|depression|anxiety|psychosis|bipolar|schizophrenia|sectioned"),
    ("work", "working in health and social care or researching it",
     r"social worker|researcher|lecturer|academic|\bnurse|doctor|\bgp\b|therapist|"
     r"support worker|care worker|practitioner|professional"),
    ("condition", "living with a long-term condition or disability",
     r"condition|disab|illness|stroke|diabetes|copd|dementia|sight|blind|deaf|hearing|"
     r"amputat|cancer|arthritis|sclerosis|epilepsy|autis|wheelchair|chronic|long-term|"
     r"parkinson|\bheart\b|\blung"),
]
_EXPERIENCE = tuple(_Kind(key, words, re.compile(pattern, re.IGNORECASE))
                    for key, words, pattern in _EXPERIENCE_RULES)
_OTHER_WORDS = "other parts of health and social care"


@dataclass(frozen=True)
class Group:
    """One group the statement reports: what the number is followed by, and who is in it."""

    key: str
    words: str
    members: frozenset[str]

    @property
    def count(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class AgeBand:
    """Ages from `low` up to (not including) `high`; no upper end when `high` is None."""

    low: int
    high: int | None
    members: frozenset[str]
    words: str  # "their twenties", "under forty", "seventy or older"

    @property
    def count(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Description:
    """What may be said about the people counted, every group already safe to print."""

    smallest_group: int
    counted: frozenset[str]
    gender: tuple[Group, ...]
    youngest: AgeBand | None
    oldest: AgeBand | None
    ethnic: tuple[Group, ...]
    experience: tuple[Group, ...]

    def reported(self) -> list[Group | AgeBand]:
        bands = [band for band in (self.youngest, self.oldest) if band is not None]
        return [*self.gender, *bands, *self.ethnic, *self.experience]


def smallest_group(book: Book) -> int:
    """k: the fewest people any reported group may hold (the house style's `smallest_group`)."""
    value = book.house_style.get("smallest_group", DEFAULT_SMALLEST_GROUP)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        return DEFAULT_SMALLEST_GROUP
    return value


def describe(book: Book, permissions: Permissions) -> Description | None:
    """The safe description of the people counted, or None when fewer than k are counted."""
    k = smallest_group(book)
    counted = frozenset(p for p in permissions.counted if p in book.people)
    if len(counted) < k:
        return None
    details = {p: book.people[p].self_description or {} for p in sorted(counted)}
    genders = _sorted_into(details, "gender", gender_of)
    gender = _merged([(key, _GENDER_WORDS[key], genders.get(key, frozenset()))
                      for key in (WOMEN, MEN, ANOTHER_WAY)], k)
    gender = _safe_from_subtraction(gender, len(counted), k)
    ages = {p: age for p, d in details.items() if (age := age_of(d.get("age"))) is not None}
    youngest, oldest = _age_bands(ages, k)
    backgrounds = _sorted_into(details, "ethnic_background", ethnic_background_of)
    minority = backgrounds.get(MINORITY_ETHNIC, frozenset())
    ethnic = (Group(MINORITY_ETHNIC, "are from minority ethnic backgrounds", minority),)
    ethnic = _safe_from_subtraction(tuple(g for g in ethnic if g.count >= k), len(counted), k)
    experience = _experience(details, len(counted), k)
    return Description(k, counted, gender, youngest, oldest, ethnic, experience)


def gender_of(value: Any) -> str | None:
    """'women', 'men', 'another-way', or None when not said. The last word decides, so
    'trans woman' is a woman and 'cis man' a man; any other answer ('non-binary') is another
    way of describing one's gender."""
    text = str(value).strip().casefold() if value is not None else ""
    if text in _NOT_SAID:
        return None
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return None  # a number or a stray mark says nothing about gender
    if words[-1] in _WOMAN_WORDS:
        return WOMEN
    if words[-1] in _MAN_WORDS:
        return MEN
    return ANOTHER_WAY


def age_of(value: Any) -> int | None:
    """An age in whole years, from a number or a text such as '45'; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 130 else None
    if isinstance(value, str) and value.strip().isdigit():
        return age_of(int(value.strip()))
    return None


def ethnic_background_of(value: Any) -> str | None:
    """How a background, in the person's own words, is counted: 'minority-ethnic', 'white', or
    None when it cannot be told without guessing.

    The rule, following the book it is modelled on ("four from minority ethnic backgrounds"):
    - words naming a background other than white count as minority ethnic: Black, Asian, mixed
      or dual heritage, Arab, Gypsy, Roma or Traveller, or a named heritage such as Indian,
      Pakistani, Somali or Ghanaian. So "British Pakistani" and "Black British (Somali
      heritage)" are minority ethnic, and so is "White and Black Caribbean";
    - otherwise, words that say "White" count as white, whatever follows: "White British",
      "White Irish", "White Welsh", "White Polish". (Some official counts also treat white
      minorities such as Irish or Polish people as minority ethnic; this book counts them as
      white, and its statement says "minority ethnic" only of people who are not white.)
    - anything else, such as "British" or "English" alone, or "prefer not to say", is not
      counted either way."""
    if not isinstance(value, str) or value.strip().casefold() in _NOT_SAID:
        return None
    if _MINORITY_WORDS.search(value):
        return MINORITY_ETHNIC
    if _WHITE_WORD.search(value):
        return WHITE
    return None


def experiences_of(value: Any) -> set[str]:
    """The kinds of experience someone's own description shows, by key. Parts are split at ';'
    and each part counts for the first kind it matches; a part that matches none is not
    counted (for example "English is his second language")."""
    if isinstance(value, str):
        parts = value.split(";")
    elif isinstance(value, list):
        parts = [part for item in value if isinstance(item, str) for part in item.split(";")]
    else:
        return set()
    found = set()
    for part in parts:
        kind = next((k for k in _EXPERIENCE if k.pattern.search(part)), None)
        if kind is not None:
            found.add(kind.key)
    return found


def _sorted_into(details: Mapping[str, Mapping[str, Any]], key: str,
                 sort: Callable[[Any], str | None]) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for person_id, description in details.items():
        category = sort(description.get(key))
        if category is not None:
            found.setdefault(category, set()).add(person_id)
    return {category: frozenset(people) for category, people in found.items()}


def _merged(categories: Iterable[tuple[str, str, frozenset[str]]], k: int) -> tuple[Group, ...]:
    """Categories of at least k as they are; the smaller ones merged into one group whose words
    say what it holds; a merged group still smaller than k left out."""
    big, small = [], []
    for key, words, members in categories:
        if members:
            (big if len(members) >= k else small).append(Group(key, words, members))
    if small:
        members = frozenset().union(*(g.members for g in small))
        if len(members) >= k:
            words = small[0].words if len(small) == 1 else " or ".join(g.words for g in small)
            big.append(Group("+".join(g.key for g in small), words, members))
    return tuple(big)


def _safe_from_subtraction(groups: tuple[Group, ...], counted: int, k: int) -> tuple[Group, ...]:
    """Leave out the smallest group while the people not in any reported group (worked out by
    subtraction) would be a group of fewer than k."""
    groups = tuple(groups)
    while groups:
        rest = counted - len(frozenset().union(*(g.members for g in groups)))
        if rest == 0 or rest >= k:
            break
        smallest = min(groups, key=lambda g: g.count)
        groups = tuple(g for g in groups if g is not smallest)
    return groups


def _bucket(age: int) -> tuple[int, int | None]:
    if age < 20:
        return (0, 20)
    if age >= 90:
        return (90, None)
    low = age // 10 * 10
    return (low, low + 10)


_DECADES = {20: "twenties", 30: "thirties", 40: "forties", 50: "fifties", 60: "sixties",
            70: "seventies", 80: "eighties"}


def _bucket_words(low: int, high: int | None) -> str:
    if low == 0:
        return "under twenty"
    if high is None:
        return f"{number_words(low)} or older"
    return f"their {_DECADES[low]}"


def _age_bands(ages: Mapping[str, int], k: int) -> tuple[AgeBand | None, AgeBand | None]:
    """The youngest band (widened upwards) and the oldest (widened downwards), each holding at
    least k people; neither when the two would overlap."""
    buckets: dict[tuple[int, int | None], set[str]] = {}
    for person_id, age in ages.items():
        buckets.setdefault(_bucket(age), set()).add(person_id)
    if len(ages) < k:
        return None, None
    order = sorted(buckets)
    youngest = _widen(order, buckets, k, upwards=True)
    oldest = _widen(order[::-1], buckets, k, upwards=False)
    if youngest is None or oldest is None:
        return None, None
    if youngest.high is None or oldest.low < youngest.high:
        return None, None
    return youngest, oldest


def _widen(order: list[tuple[int, int | None]], buckets: Mapping[tuple[int, int | None], set[str]],
           k: int, upwards: bool) -> AgeBand | None:
    """Take decades in `order` until they hold k people; None if the band has no honest words."""
    members: set[str] = set()
    for taken, bucket in enumerate(order, start=1):
        members |= buckets[bucket]
        if len(members) < k:
            continue
        used = order[:taken]
        low = min(b[0] for b in used)
        high = None if any(b[1] is None for b in used) else max(b[1] or 0 for b in used)
        if taken == 1:
            words = _bucket_words(low, high)
        elif upwards:
            words = f"under {number_words(high)}" if high is not None else ""
        else:
            words = f"{number_words(low)} or older" if low else ""
        return AgeBand(low, high, frozenset(members), words) if words else None
    return None


def _experience(details: Mapping[str, Mapping[str, Any]], counted: int,
                k: int) -> tuple[Group, ...]:
    """Kinds of experience held by at least k people (and by all, or all but k or more); the
    smaller kinds merged into 'other parts of health and social care' when that holds k."""
    holders: dict[str, set[str]] = {}
    for person_id, description in details.items():
        for key in experiences_of(description.get("experience")):
            holders.setdefault(key, set()).add(person_id)
    reported, small = [], set()
    for kind in _EXPERIENCE:
        members = frozenset(holders.get(kind.key, ()))
        if not members:
            continue
        if len(members) >= k and _complement_safe(len(members), counted, k):
            reported.append(Group(kind.key, kind.words, members))
        else:
            small |= members
    reported.sort(key=lambda g: -g.count)  # stable: ties keep the order above
    if len(small) >= k and _complement_safe(len(small), counted, k):
        words = _OTHER_WORDS if reported else "different parts of health and social care"
        reported.append(Group(OTHER_EXPERIENCE, words, frozenset(small)))
    return tuple(reported)


def _complement_safe(count: int, counted: int, k: int) -> bool:
    rest = counted - count
    return rest == 0 or rest >= k


def describe_words(group: Group) -> str:
    """'eleven are women'."""
    return f"{number_words(group.count)} {group.words}"


def join_groups(groups: Iterable[Group]) -> str:
    return join_words(describe_words(g) for g in groups)
