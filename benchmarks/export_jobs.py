"""The two sides of the export benchmarks, and their peak memory.

    python benchmarks/export_jobs.py ours|raw docx|pdf BOOK_OR_MARKDOWN OUT_FOLDER

runs one side once in this fresh process and prints its peak memory, and that of the biggest
program it ran (pandoc), in MB. run.py times the same functions in-process.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

from coauthor_desk.export.book_export import export_book
from coauthor_desk.export.pandoc import pandoc_program
from coauthor_desk.session import open_book


def ours(book: Path, out: Path, to: str) -> Path:
    """CoAuthor Desk's whole export: publish check, assembly, pandoc (and typst for a PDF)."""
    return export_book(open_book(book), to, out / f"ours.{to}")[0]


def raw(markdown: Path, out: Path, to: str) -> Path:
    """Plain pandoc (and for a PDF, pandoc's own Typst template and typst) on the Markdown."""
    if to == "docx":
        subprocess.run([pandoc_program(), str(markdown), "-o", str(out / "raw.docx")],
                       check=True)
        return out / "raw.docx"
    import typst

    subprocess.run([pandoc_program(), str(markdown), "-t", "typst", "-s", "-o",
                    str(out / "raw.typ")], check=True)
    typst.compile(str(out / "raw.typ"), output=str(out / "raw.pdf"))
    return out / "raw.pdf"


def peak_memory(side: str, to: str, source: Path, out: Path) -> tuple[int, int]:
    """Run one side in a fresh Python; its peak memory and its biggest helper's, in MB."""
    done = subprocess.run([sys.executable, __file__, side, to, str(source), str(out)],
                          capture_output=True, text=True, check=True)
    own, helper = done.stdout.split()
    return int(own), int(helper)


if __name__ == "__main__":
    side, to, source, out = sys.argv[1], sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
    (ours if side == "ours" else raw)(source, out, to)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
          resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
