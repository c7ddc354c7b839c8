#!/usr/bin/env python3
"""Open the HTML preview of `tolk build --html` in headless Chromium and save screenshots.

For each locale asked for (default en ru ar ja) it renders the home page and the newest post at
desktop (1280 px) and phone (390 px) widths, and checks every page of the preview folder. Fails
(exit 1) when:
- a page loads anything (stylesheet, script, image, font, frame) from outside the preview folder (a
  `data:` image is inline, not a load), or a local link or alternate names a file that does not exist;
- a page lacks `lang`/`dir` on <html>, the viewport meta tag, or a skip link to #main;
- Chromium logs any console message (the preview has no script and a Content-Security-Policy, so
  any message is an error: a blocked request, a script that got in through unescaped text, ...);
- a screenshot is missing or not the requested width.

Usage: .ci/render_preview_html.py PREVIEW_DIR [--out DIR] [--locale L ...] [--chromium PATH]
Writes DIR/preview-<locale>-<home|post>-<desktop|phone>.png.
"""
import argparse
import html.parser
import os
import shutil
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from render_status_html import screenshot  # noqa: E402

SHOTS = [("desktop", 1280, 1400), ("phone", 390, 1600)]
LOADING = {("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"), ("frame", "src"), ("object", "data"),
           ("embed", "src"), ("source", "src"), ("video", "src"), ("audio", "src"), ("track", "src"), ("img", "srcset")}


class PageCheck(html.parser.HTMLParser):
    """Collects what a preview page refers to, and whether it has the parts every page needs."""

    def __init__(self, path, root):
        super().__init__(convert_charrefs=True)
        self.path, self.root = path, root
        self.problems = []
        self.html_attributes = None
        self.has_viewport = False
        self.has_skip_link = False
        self.first_link = None
        self.post_links = []

    def local_target(self, value):
        parsed = urllib.parse.urlsplit(value)
        if parsed.scheme or parsed.netloc or value.startswith("/"):
            return None
        return os.path.normpath(os.path.join(os.path.dirname(self.path), urllib.parse.unquote(parsed.path)))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = f"{os.path.relpath(self.path, self.root)}:{self.getpos()[0]}"
        if tag == "html":
            self.html_attributes = attributes
        if tag == "meta" and attributes.get("name") == "viewport":
            self.has_viewport = "width=device-width" in (attributes.get("content") or "")
        if tag == "a" and attributes.get("href") == "#main" and "skip-link" in (attributes.get("class") or ""):
            self.has_skip_link = True
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"{where}: event handler attribute {name} (the preview has no script)")
            if ((tag, name) in LOADING or tag == "script") and not value.startswith("data:"):
                target = self.local_target(value) if value else None
                if tag == "script" or target is None:
                    self.problems.append(f"{where}: <{tag} {name}=\"{value[:80]}\"> loads something from outside the preview")
                elif not os.path.exists(target):
                    self.problems.append(f"{where}: <{tag} {name}=\"{value[:80]}\"> names a missing file")
            if tag == "a" and name == "href" and value and not value.startswith("#"):
                target = self.local_target(value)
                if target is not None:
                    if not os.path.exists(target):
                        self.problems.append(f"{where}: link to a missing file: {value[:100]}")
                    elif target.startswith(self.root) and "/posts/" in target and self.first_link is None:
                        self.first_link = target
                elif value.startswith("/") and "outside" not in (attributes.get("class") or ""):
                    self.problems.append(f"{where}: site-absolute link {value[:80]} is not a preview file")


def check_folder(root):
    problems = []
    for folder, _, names in os.walk(root):
        for name in names:
            if not name.endswith(".html"):
                continue
            path = os.path.join(folder, name)
            check = PageCheck(path, root)
            with open(path, encoding="utf-8") as file:
                check.feed(file.read())
            check.close()
            problems += check.problems
            where = os.path.relpath(path, root)
            if not check.has_viewport:
                problems.append(f"{where}: no <meta name=\"viewport\" content=\"width=device-width, …\">")
            attributes = check.html_attributes or {}
            if not attributes.get("lang") or attributes.get("dir") not in ("ltr", "rtl"):
                problems.append(f"{where}: <html> lacks lang or dir")
            if name == "index.html" and folder != root and not check.has_skip_link:
                problems.append(f"{where}: no skip link to #main")
    return problems


def newest_post(root, locale):
    home = os.path.join(root, locale, "index.html")
    check = PageCheck(home, root)
    with open(home, encoding="utf-8") as file:
        check.feed(file.read())
    return check.first_link


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("preview")
    parser.add_argument("--out", default=None, help="folder for the PNGs (default: PREVIEW/screenshots)")
    parser.add_argument("--locale", action="append", default=None)
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = parser.parse_args()

    root = os.path.abspath(args.preview)
    out = os.path.abspath(args.out or os.path.join(root, "screenshots"))
    os.makedirs(out, exist_ok=True)
    failures = check_folder(root)
    if not shutil.which(args.chromium):
        sys.exit(f"render_preview_html: {args.chromium} not found (make preview-screenshots installs Debian's chromium when run as root)")

    for locale in args.locale or ["en", "ru", "ar", "ja"]:
        home = os.path.join(root, locale, "index.html")
        if not os.path.exists(home):
            failures.append(f"{locale}: no preview ({os.path.relpath(home)} is missing)")
            continue
        post = newest_post(root, locale)
        if post is None:
            failures.append(f"{locale}: the home page links to no post")
        for kind, page in (("home", home), ("post", post)):
            if page is None:
                continue
            for name, width, height in SHOTS:
                target = os.path.join(out, f"preview-{locale}-{kind}-{name}.png")
                problems = screenshot(args.chromium, "file://" + urllib.parse.quote(page), target, width, height, f"{locale} {kind} {name}")
                failures += problems
                if not problems:
                    print(f"{locale:6} {kind:5} {name:8} {width}x{height}  {os.path.relpath(target)}  ({os.path.relpath(page, root)})")

    if failures:
        print(f"render_preview_html: {os.path.relpath(root)} fails:", file=sys.stderr)
        for failure in failures:
            print("  " + failure, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
