"""The README's pictures of the main screens can be made again, offscreen, by their script."""

import importlib.util
from pathlib import Path

from PySide6.QtGui import QImage

SCRIPT = Path(__file__).parents[2] / "docs" / "make_screenshots.py"


def test_the_screenshots_script_makes_every_picture_the_readme_shows(qtbot, tmp_path: Path):
    spec = importlib.util.spec_from_file_location("make_screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    made = script.make_screenshots(tmp_path)
    readme = (SCRIPT.parents[1] / "README.md").read_text("utf-8")
    assert {f"docs/screenshots/{p.name}" for p in made} == {
        line.split("(")[1].rstrip(")") for line in readme.splitlines()
        if line.startswith("![")}
    for path in made:
        image = QImage(str(path))
        assert image.width() > 500 and image.height() > 100, path.name
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7)}
        assert len(colours) > 20, f"{path.name} looks blank"
