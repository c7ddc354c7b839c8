#!/usr/bin/env python3
"""Open a multilingual site built by a real generator (Hugo, Jekyll, MkDocs) in headless Chromium and check
what a reader of each language gets.

The built folder is served on a loopback port; for each locale Chromium loads its home page and its version
of one post (found through the source post's hreflang alternates) and the rendered DOM is saved as
DUMP/<locale>-home.html and DUMP/<locale>-post.html for the caller's checks of the text. Fails (exit 1) when:
- a page's <html> lacks the locale's lang, or its dir (on <html>, else on <body>) is not rtl for a right-to-left
  locale (ltr otherwise);
- an hreflang alternate names a page that does not exist (a URL under --base-url is looked up in the folder);
- the post is missing in a locale its alternates name, or its alternates differ between locales;
- the language switcher (links with hreflang inside <nav>, relative ones read from the post's URL) of a post
  does not reach that post in every other locale that has it, or reaches another page.

Usage: .ci/check_built_site.py SITE_DIR --base-url URL --post URL_PATH --dump DIR --locale L:HOME_PATH[:rtl] ...
       [--chromium PATH]
"""
import argparse
import functools
import html.parser
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from render_status_html import CHROMIUM_FLAGS  # noqa: E402


class PageFacts(html.parser.HTMLParser):
    """lang/dir of <html>, the hreflang alternates in <head>, and the hreflang links inside <nav>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = self.dir = None
        self.alternates = {}
        self.switcher = {}
        self.nav_depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang, self.dir = attributes.get("lang"), attributes.get("dir")
        elif tag == "body" and self.dir is None:
            self.dir = attributes.get("dir")   # mkdocs-material sets the direction on <body>
        elif tag == "nav":
            self.nav_depth += 1
        elif tag == "link" and attributes.get("rel") == "alternate" and attributes.get("hreflang"):
            self.alternates[attributes["hreflang"]] = attributes.get("href") or ""
        elif tag == "a" and self.nav_depth and attributes.get("hreflang"):
            self.switcher[attributes["hreflang"]] = attributes.get("href") or ""

    def handle_endtag(self, tag):
        if tag == "nav" and self.nav_depth:
            self.nav_depth -= 1


def facts(text):
    parser = PageFacts()
    parser.feed(text)
    parser.close()
    return parser


def url_path(url, base):
    """The site path of a URL: relative to --base-url when it is under it, else its path; percent-decoded."""
    if base and url.startswith(base):
        url = "/" + url[len(base):].lstrip("/")
    return urllib.parse.unquote(urllib.parse.urlsplit(url).path)


def exists(site, path):
    target = os.path.normpath(os.path.join(site, path.lstrip("/")))
    if not target.startswith(os.path.normpath(site)):
        return False
    return os.path.isfile(target) or os.path.isfile(os.path.join(target, "index.html"))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# Every host but the loopback server stays unreachable: a page that loads from elsewhere does not get it.
FLAGS = [flag if not flag.startswith("--host-resolver-rules=") else "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
         for flag in CHROMIUM_FLAGS]


def dump_dom(chromium, url):
    with tempfile.TemporaryDirectory(prefix="tolk-chromium-") as profile:
        run = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                             capture_output=True, text=True, timeout=120)
    if run.returncode != 0 or "<html" not in run.stdout:
        raise RuntimeError(f"chromium could not open {url} (exit {run.returncode}): {run.stderr[-1500:]}")
    return run.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site")
    parser.add_argument("--base-url", default="")
    parser.add_argument("--post", required=True, help="the source post's URL path, e.g. /posts/translation-memory/")
    parser.add_argument("--dump", required=True)
    parser.add_argument("--locale", action="append", required=True, help="L:HOME_PATH[:rtl], the source locale first")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = parser.parse_args()
    site = os.path.abspath(args.site)
    os.makedirs(args.dump, exist_ok=True)
    locales = []
    for spec in args.locale:
        parts = spec.split(":")
        locales.append((parts[0], parts[1], len(parts) > 2 and parts[2] == "rtl"))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    failures = []
    try:
        source_post = facts(dump_dom(args.chromium, origin + args.post))
        if not source_post.alternates:
            failures.append(f"{args.post}: the source post has no hreflang alternates")
        posts = {}
        for locale, home, rtl in locales:
            for kind, path in [("home", home), ("post", url_path(source_post.alternates.get(locale, ""), args.base_url) if locale in source_post.alternates else None)]:
                if path is None:
                    continue
                text = dump_dom(args.chromium, origin + urllib.parse.quote(path))
                with open(os.path.join(args.dump, f"{locale}-{kind}.html"), "w", encoding="utf-8") as file:
                    file.write(text)
                page = facts(text)
                where = f"{locale} {kind} {path}"
                if (page.lang or "").lower() != locale.lower():
                    failures.append(f"{where}: <html lang=\"{page.lang}\">, expected {locale}")
                if (page.dir or "ltr") != ("rtl" if rtl else "ltr"):
                    failures.append(f"{where}: <html dir=\"{page.dir}\">, expected {'rtl' if rtl else 'ltr'}")
                for hreflang, href in page.alternates.items():
                    if not exists(site, url_path(href, args.base_url)):
                        failures.append(f"{where}: hreflang {hreflang} names {href}, which is not a page of the site")
                if kind == "post":
                    posts[locale] = (path, page)
        for locale, _, _ in locales:
            if locale in source_post.alternates and locale not in posts:
                failures.append(f"{locale}: the post's alternates name it, but it could not be opened")
        for locale, (path, page) in posts.items():
            if page.alternates != source_post.alternates:
                failures.append(f"{locale} post: its alternates differ from the source post's: {page.alternates}")
            expected = {other: p for other, (p, _) in posts.items() if other != locale}
            # A relative link (MkDocs writes `../../fr/guide/setup/`) is read from the page it is on.
            reached = {other: url_path(urllib.parse.urljoin(path, href), args.base_url) for other, href in page.switcher.items()}
            for other, other_path in expected.items():
                if reached.get(other) is None:
                    failures.append(f"{locale} post: the language switcher has no link to {other}")
                elif os.path.normpath(reached[other]) != os.path.normpath(other_path):
                    failures.append(f"{locale} post: the language switcher's {other} link goes to {reached[other]}, not {other_path}")
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        failures.append(str(error))
    finally:
        server.shutdown()
    for failure in failures:
        print(failure)
    print(f"checked {len(locales)} locales: {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
