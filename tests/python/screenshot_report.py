"""Renders an ovop report in headless Chromium, takes a screenshot and checks the page is
not blank; also checks the HTML references nothing on the network.

Usage: python3 tests/python/screenshot_report.py REPORT_DIR SCREENSHOT.png
"""
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image


def main(report: Path, shot: Path) -> None:
    html = (report / "index.html").read_text(encoding="utf-8")
    remote = re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", html)
    if remote:
        sys.exit(f"the report references the network: {remote[:3]}")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--window-size=1200,2000", f"--screenshot={shot}",
                (report / "index.html").resolve().as_uri(),
            ],
            check=True, timeout=120, capture_output=True,
        )
    image = Image.open(shot).convert("L")
    histogram = image.histogram()
    ink = sum(histogram[:200]) / sum(histogram)
    if ink < 0.01:
        sys.exit(f"the screenshot looks blank: {ink:.2%} dark pixels")
    print(f"screenshot_report: {image.size[0]}x{image.size[1]}, {ink:.1%} ink, no network references")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
