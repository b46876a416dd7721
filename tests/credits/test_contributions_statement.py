from credit_helpers import changed

from coauthor_desk.credits import Permissions, contributions_statement, contributions_text
from coauthor_desk.manuscript.model import CONTRIBUTION_ROLES

EXTRA_KINDS = ["shared-story", "conversations", "reviewed-chapter", "facilitated",
               "organised-meetings", "illustrated"]


def _lines(book, permissions=None):
    permissions = permissions or Permissions.everyone(book)
    return {line.role: line for line in contributions_statement(book, permissions)}


def test_every_kind_of_contribution_is_credited_in_the_usual_order(book):
    lines = contributions_statement(book, Permissions.everyone(book))
    roles = [line.role for line in lines]
    assert roles == [role for role in CONTRIBUTION_ROLES if role in roles]
    assert set(EXTRA_KINDS) <= set(roles)
    text = contributions_text(lines)
    for role in EXTRA_KINDS:
        assert f"{CONTRIBUTION_ROLES[role]}: " in text
    by_role = _lines(book)
    assert by_role["illustrated"].text == "Illustrated: Donna Whitfield (lead, chapter 14)."
    assert by_role["conversations"].text == ("Took part in interviews or conversations: Kwame "
                                             "Mensah (lead, chapter 10) and The Thursday Group "
                                             "(chapter 16).")
    assert "Robin Ashby (chapter 8)" in by_role["reviewed-chapter"].text
    assert by_role["facilitated"].credited == ("David Lowe (lead)", "Lorraine Baxter (supporting)")


def test_people_not_named_are_counted_not_named(book):
    first_draft = _lines(book)["writing-original-draft"]
    assert first_draft.text.endswith(", The Thursday Group (chapter 16) and a co-author who "
                                     "chose not to be named.")
    assert first_draft.not_named == 1
    assert first_draft.credited[0] == "Amira (lead, chapter 2)"
    everyone = Permissions.everyone(book)
    hidden = _lines(book, everyone.with_named(everyone.named - {"donna-whitfield"}))
    assert hidden["illustrated"].text == "Illustrated: a co-author who chose not to be named."
    assert hidden["illustrated"].credited == ()


def test_a_group_is_one_name_with_a_degree_only_when_its_members_agree(book):
    lines = _lines(book)
    for line in lines.values():
        assert line.text.count("The Thursday Group") <= 1
    assert "The Thursday Group (equal, chapter 16)" in lines["shared-story"].text
    assert "The Thursday Group (chapter 16)" in lines["writing-original-draft"].text


def test_without_listed_contributions_authors_and_editors_get_sensible_defaults(book):
    bare = changed(book, **{p.replace("-", "_"): {"contributions": []} for p in book.people})
    lines = _lines(bare)
    assert list(lines) == ["project-administration", "supervision", "writing-original-draft",
                           "writing-review-editing"]
    assert lines["project-administration"].text == \
        "Ran the project: David Lowe, Helen Marsh and Priya Raman."
    first_draft = lines["writing-original-draft"].text
    assert "Jean Thornton (lead, chapter 3)" in first_draft
    assert "Helen Marsh (equal, chapter 1)" in first_draft
    assert "The Thursday Group (equal, chapter 16)" in first_draft
    assert first_draft.index("(lead") < first_draft.index("(equal")
