#!/usr/bin/env python3
"""Open the HTML status report in headless Chromium at phone and desktop widths and save screenshots.

Fails (exit 1) when:
- the file refers to anything outside itself (stylesheets, scripts, images, fonts, frames, links that
  are not #fragments, url() or @import in CSS): the report must be one self-contained file;
- it lacks the viewport meta tag that makes it readable on a phone;
- Chromium logs any console message while rendering it (the report has no script, so any message is
  an error: a script that got in through unescaped text, a blocked request, …);
- Chromium cannot render it, or a screenshot is missing or not the requested width.

Usage: .ci/render_status_html.py REPORT.html [--out DIR] [--chromium PATH]
Writes DIR/status-phone.png (390 px wide) and DIR/status-desktop.png (1280 px wide).
"""
import argparse
import html.parser
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

SHOTS = [("phone", 390, 2400), ("desktop", 1280, 1800)]
# Network is cut off (every host resolves to nothing), the profile is a throwaway, nothing runs in the background.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1",
    "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND", "--lang=en-US",
    "--enable-logging=stderr", "--v=0",
]
URL_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "poster", "data", "background", "xlink:href", "ping"}
EXTERNAL_ELEMENTS = {"link", "script", "img", "iframe", "frame", "object", "embed", "source", "video", "audio", "base", "track"}
CSS_EXTERNAL = re.compile(r"url\s*\(|@import", re.IGNORECASE)


class SelfContainedCheck(html.parser.HTMLParser):
    """Collects every reference to something outside the file."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.has_viewport = False
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        where = f"line {self.getpos()[0]}"
        if tag == "meta" and dict(attrs).get("name") == "viewport":
            self.has_viewport = "width=device-width" in (dict(attrs).get("content") or "")
        if tag in EXTERNAL_ELEMENTS:
            self.problems.append(f"{where}: <{tag}> element (the report must not load anything)")
        for name, value in attrs:
            value = value or ""
            if name in URL_ATTRIBUTES and not value.startswith("#"):
                self.problems.append(f"{where}: {name}=\"{value[:80]}\" points outside the file")
            if name == "style" and CSS_EXTERNAL.search(value):
                self.problems.append(f"{where}: style attribute loads something: {value[:80]}")
            if name.startswith("on"):
                self.problems.append(f"{where}: event handler attribute {name} (the report has no script)")
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style and CSS_EXTERNAL.search(data):
            self.problems.append(f"line {self.getpos()[0]}: the style sheet loads something (url() or @import)")


def png_size(path):
    with open(path, "rb") as file:
        header = file.read(24)
    if len(header) < 24 or header[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", header[16:24])


def screenshot(chromium, url, target, width, height, label):
    """Renders `url` in headless Chromium at `width` x `height` into the PNG `target`; returns the failures:
    console messages, a crash, a missing screenshot or one of the wrong width."""
    if os.path.exists(target):
        os.remove(target)
    with tempfile.TemporaryDirectory(prefix="tolk-chromium-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                   f"--screenshot={target}", url]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            return [f"{label}: chromium did not finish within 120 s"]
    failures = [f"{label}: console: {line}" for line in run.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    size = png_size(target) if os.path.exists(target) else None
    if run.returncode != 0 or size is None:
        failures.append(f"{label}: chromium exited {run.returncode} without a screenshot\n{run.stderr[-2000:]}")
    elif size[0] != width:
        failures.append(f"{label}: screenshot is {size[0]} px wide, expected {width}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report")
    parser.add_argument("--out", default=None, help="folder for the PNGs (default: next to the report)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = parser.parse_args()

    report = os.path.abspath(args.report)
    out = os.path.abspath(args.out or os.path.dirname(report))
    os.makedirs(out, exist_ok=True)
    failures = []

    with open(report, encoding="utf-8") as file:
        text = file.read()
    check = SelfContainedCheck()
    check.feed(text)
    check.close()
    failures += check.problems
    if not check.has_viewport:
        failures.append("no <meta name=\"viewport\" content=\"width=device-width, …\">: phones would show a shrunken desktop page")

    if not shutil.which(args.chromium):
        sys.exit(f"render_status_html: {args.chromium} not found (make status-screenshots installs Debian's chromium when run as root)")

    for name, width, height in SHOTS:
        target = os.path.join(out, f"status-{name}.png")
        problems = screenshot(args.chromium, "file://" + report, target, width, height, name)
        failures += problems
        if not problems:
            print(f"{name:8} {width}x{height}  {target}")

    if failures:
        print("render_status_html: " + os.path.relpath(report) + " fails:", file=sys.stderr)
        for failure in failures:
            print("  " + failure, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
