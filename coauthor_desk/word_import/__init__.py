"""Bringing a contributor's Word file into the book: a chapter draft, or a new version of a chapter.

Many contributors work in Word and send their chapter by e-mail. Their words come in as they
wrote them; everything else in the file becomes what the book already knows how to handle:

- Tracked changes made by the owner of the words (the chapter's author; in an editor's
  commentary box, that editor) are accepted into the text. Changes by anyone else are *not*
  applied: the text keeps the words as they were, and each change becomes a suggested change for
  the owner to accept, keep theirs, or talk about ("your words, your say"). A change that only
  adds words is pinned to the word before and the word after the place (the quote is "am happy"
  and the suggestion "am very happy"); a whole paragraph added is pinned to the end of the
  paragraph before it (or the start of the one after, at the top of the chapter). Where a
  change cannot be a suggestion about a few words (in a table, a paragraph split or joined,
  words moved), the whole part is suggested as Word's Accept would leave it (see regions), and
  one person's suggestions that would overlap become one, so using every suggestion gives
  what Word's Accept gives and the chapter as imported reads as Word's Reject.
- Word comments become comment threads started by the comment's writer and addressed to the
  owner of the words commented on; a comment the owner wrote on their own words goes to the
  book's first editor. A Word reply (told by the file itself, or failing that by covering
  exactly the same words as an earlier comment) becomes a reply in its thread, and a comment
  Word marks as done comes in resolved. A comment on no words at all is pinned to the words
  either side of its place. Threads already in the book (the same file brought in twice) are
  not started again.
- A review copy made by the app comes back as the chapter it was made from: its title, bylines,
  notes, box titles and contents page are dropped, its headings go back up a level, and its
  key-learning and commentary boxes become boxes again (the commentary keeps its author), and
  '[name left out]' gets the chapter's own words back, and headings the export left out
  because nothing was under them come back. Answers typed under its questions, and Word
  comments on them, become replies in their conversations (see questions). A copy saved
  unchanged by Word or LibreOffice changes nothing (see lists). Pictures are left out, with a
  note.
- Links to headings of the chapter keep pointing to them; links to other places in the file
  (bookmarks, captions, cross-references) become plain words (see links).

Every word of the file ends up in the chapter, in a conversation, or named in the import's
notes with the reason: nothing is dropped silently.

Words typed in Word without tracked changes are the sender's own edits. They are taken in where
the sender owns the words, and refused plainly where they do not (an edit of someone else's
commentary), so nobody's words change behind their back.

The file is read with pandoc (`docx+styles`, tracked changes kept; its parts are found as the
package itself says, see package) into its JSON tree, changed
here, and written back as Markdown by pandoc (see markers for how comments find their words).
The whole import is saved as one version signed by the person who sent the file. If anything
is wrong, nothing on disk changes. The steps, in order, are in importing.
"""

from coauthor_desk.word_import.importing import import_word_file
from coauthor_desk.word_import.result import ImportedThread, ImportResult, import_text
from coauthor_desk.word_import.word_names import who_is_who

__all__ = ["ImportResult", "ImportedThread", "import_text", "import_word_file", "who_is_who"]
