#!/usr/bin/env python3
"""Benchmark tolk on a generated blog (../shared/bench/gen_corpus.py): wall seconds, MB/s and peak memory per stage.

Stages: extraction plus identity merge (tolk roundtrip --checks identity), first sync (creates catalogs for 4 locales), a no-change sync, export + fill + import of one locale,
status, a full build of 5 locale trees, and a sync after mutate_corpus.py edited 2% of the paragraphs.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED_BENCH = os.path.join(os.path.dirname(ROOT), "shared", "bench")
LOCALES = ["ru", "de", "ar", "ja"]
# The sync benchmark's ten locales: several scripts, plural systems of 2 to 6 forms.
SYNC_LOCALES = ["ru", "de", "fr", "es", "pl", "ar", "ja", "zh", "cy", "pt-BR"]


def run(stage, command, content_bytes, results, cwd=None, stdout=subprocess.DEVNULL):
    start = time.perf_counter()
    # Standard error goes to a file, not a pipe: waiting for the process while it fills a pipe no one
    # reads (an import's warnings run past 64 KB) would hang both.
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=cwd, stdout=stdout, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{stage}: {' '.join(command)} exited {code}\n{stderr}")
    megabytes = content_bytes / 1e6
    results.append((stage, elapsed, megabytes / elapsed if elapsed > 0 else 0, usage.ru_maxrss / 1024))
    print(f"  {stage:<34} {elapsed:7.2f} s  {megabytes / elapsed:7.1f} MB/s  {usage.ru_maxrss / 1024:7.1f} MB peak", flush=True)


def content_size(folder):
    total = 0
    for base, _, files in os.walk(folder):
        total += sum(os.path.getsize(os.path.join(base, name)) for name in files)
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--tolk", default=os.path.join(ROOT, ".build/release/tolk"))
    parser.add_argument("--out", default=os.path.join(ROOT, "bench-out"))
    parser.add_argument("--site-dir", help="where the timed site is built (default: --out). tmpfs keeps the disk's own costs out of the figures")
    parser.add_argument("--only", choices=["all", "markdown", "sync", "build", "adopt", "import"], default="all",
                        help="markdown: extraction and merge stages only; sync: first, unchanged and mutated sync into 10 locales; "
                             "build: full, unchanged, one-post and mutated builds of 10 translated locales; "
                             "adopt: tolk adopt of the corpus built into one translated locale, beside a sync of it; "
                             "import: tolk import of a fully translated XLIFF 2.0 export of one locale")
    parser.add_argument("--site-generator", default=None,
                        help="write site_generator: NAME into the timed site's tolk.yaml (hugo: the pages read in Hugo's dialect)")
    args = parser.parse_args()
    tolk = os.path.abspath(args.tolk)

    corpus = os.path.join(args.out, f"corpus-{args.posts}")
    if not os.path.isdir(corpus):
        subprocess.run([sys.executable, os.path.join(SHARED_BENCH, "gen_corpus.py"), "--posts", str(args.posts), "--seed", "42", "--out", corpus],
                       check=True, stdout=subprocess.DEVNULL)
    site = os.path.join(args.site_dir or args.out, f"site-{args.posts}")
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(os.path.join(corpus, "content"), os.path.join(site, "content"))
    locales = SYNC_LOCALES if args.only in ("sync", "build") else ["ru"] if args.only in ("adopt", "import") else LOCALES
    with open(os.path.join(site, "tolk.yaml"), "w") as config:
        config.write("source: en\nlocales: [%s]\nfront_matter:\n  translate: [title, summary, description, tags]\n" % ", ".join(locales))
        if args.site_generator:
            config.write("site_generator: %s\n" % args.site_generator)
    size = content_size(os.path.join(site, "content"))
    print(f"tolk benchmark: {args.posts} posts, {size / 1e6:.1f} MB of content, locales {', '.join(locales)}, {os.cpu_count()} cores")

    results = []
    if args.only == "adopt":
        return bench_adopt(args, site, size, results)
    if args.only == "import":
        return bench_import(args, site, size, results)
    if args.only != "sync":
        run("extract + identity merge", [tolk, "roundtrip", "--checks", "identity", "--root", site], size, results, stdout=None)
    if args.only == "markdown":
        run("extract + all fidelity checks", [tolk, "roundtrip", "--checks", "all", "--root", site], size, results, stdout=None)
        return report(results)
    if args.only == "build":
        return bench_build(args, corpus, site, size, results)
    if args.only == "sync":
        run("sync (first, creates catalogs)", [tolk, "sync", "--root", site], size, results, stdout=None)
        run("sync (nothing changed)", [tolk, "sync", "--root", site], size, results)
        mutate(args, corpus, site)
        run("sync (after 2% of paragraphs edited)", [tolk, "sync", "--root", site], size, results, stdout=None)
        return report(results)
    run("sync (first, creates catalogs)", [tolk, "sync", "--root", site], size, results)
    run("sync (nothing changed)", [tolk, "sync", "--root", site], size, results)
    exported = os.path.join(site, "ru.po")
    run("export ru", [tolk, "export", "ru", "--root", site, "--output", exported], size, results)
    # A stand-in translator: every message translated (msgen), letters accented (msgfilter).
    filled = os.path.join(site, "ru-translated.po")
    with open(filled, "w") as out:
        english = subprocess.run(["msgen", exported], check=True, capture_output=True).stdout
        subprocess.run(["msgfilter", "--keep-header", "-o", "-", "sed", "-e", "s/a/á/g; s/o/ó/g"], input=english, check=True, stdout=out, stderr=subprocess.DEVNULL)
    run("import ru (all messages)", [tolk, "import", filled, "--root", site], size, results)
    run("status", [tolk, "status", "--root", site], size, results)
    run("build (en + 4 locales)", [tolk, "build", "--root", site], size, results)
    mutate(args, corpus, site)
    run("sync (after 2% of paragraphs edited)", [tolk, "sync", "--root", site], size, results, stdout=None)
    report(results)


def bench_build(args, corpus, site, size, results):
    """tolk build of 10 translated locales plus the source: from nothing, with nothing changed, after one
    post was edited, and after mutate_corpus.py edited 2% of the paragraphs (then synced); tolk status
    of the translated site, first from the figures the build left, then reading every catalog, then
    from its cache; and the HTML preview."""
    subprocess.run([args.tolk, "sync", "--root", site], check=True, stdout=subprocess.DEVNULL)
    started = time.perf_counter()
    filled = fill_catalogs(os.path.join(site, "locales"))
    print(f"  (stand-in translators filled {filled} messages in {time.perf_counter() - started:.0f} s)", flush=True)
    # The stand-in writes each msgstr on one line; a sync puts the catalogs in gettext's layout (as a PO
    # editor saves them), so that the sync after the edits below rewrites only the catalogs they touch.
    subprocess.run([args.tolk, "sync", "--root", site], check=True, stdout=subprocess.DEVNULL)
    output = os.path.join(site, "public")
    run("build (first: 11 trees, 55,000 files)", [args.tolk, "build", "--root", site], size, results)
    run("build (nothing changed)", [args.tolk, "build", "--root", site], size, results)
    run("status (after the build: the figures it left)", [args.tolk, "status", "--root", site], size, results)
    # The same without them: every catalog read and judged (the verdicts the build left still count).
    if os.path.exists(os.path.join(site, ".tolk", "status-cache")):   # builds before 01004ad left none
        os.remove(os.path.join(site, ".tolk", "status-cache"))
    run("status (reads every catalog)", [args.tolk, "status", "--root", site], size, results)
    run("status (status cache)", [args.tolk, "status", "--root", site], size, results)
    posts = os.path.join(site, "content", "posts")
    first = sorted(os.listdir(posts))[0]
    with open(os.path.join(posts, first), "a") as post:
        post.write("\nOne more paragraph, written after the first build.\n")
    run("build (one post edited)", [args.tolk, "build", "--root", site], size, results)
    mutate(args, corpus, site)
    subprocess.run([args.tolk, "sync", "--root", site], check=True, stdout=subprocess.DEVNULL)
    run("build (after 2% edits + sync)", [args.tolk, "build", "--root", site], size, results)
    run("build --html (nothing changed + preview of 11 locales)", [args.tolk, "build", "--html", "--root", site], size, results)
    pages = sum(len(files) for _, _, files in os.walk(output))
    print(f"  ({pages} files under {output})")
    previews = sum(len(files) for _, _, files in os.walk(os.path.join(site, "preview")))
    print(f"  ({previews} files under {os.path.join(site, 'preview')})")
    report(results)


def bench_adopt(args, site, size, results):
    """tolk adopt of the corpus built into ru: a first sync (timed, for scale), a stand-in translator
    fills every singular message, tolk build writes public/ru, the ru catalogs are removed, and
    `tolk adopt ru --from public/ru` (its own sync, then the pairing and import) brings them back;
    then the same adopt again, with nothing left to change."""
    run("sync (first, creates catalogs, ru)", [args.tolk, "sync", "--root", site], size, results)
    filled = fill_catalogs(os.path.join(site, "locales"))
    print(f"  (stand-in translator filled {filled} messages)", flush=True)
    # Pages below min_translated or with refused units still come out: the build warns and ships the source there.
    subprocess.run([args.tolk, "build", "--locale", "ru", "--root", site], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(os.path.join(site, "locales", "ru"))
    run("adopt ru --from public/ru (sync + adopt)", [args.tolk, "adopt", "ru", "--from", os.path.join(site, "public", "ru"), "--root", site], size, results)
    run("adopt again (nothing to change)", [args.tolk, "adopt", "ru", "--from", os.path.join(site, "public", "ru"), "--root", site], size, results)
    report(results)


# What a translator leaves as it is: code spans, HTML tags and autolinks, link destinations, reference labels
# (collapsed and shortcut references too, whose text is the label), footnote references, placeholders, URLs and
# character references. tolk's checks refuse a translation that changes them.
KEPT_AS_IS = re.compile(r"`+[^`]*`+|\[[^\]]*\]\[\]|<[^>]*>|\]\([^)]*\)|\]\[[^\]]*\]|\[\^[^\]]*\]|\[[^\]]*\](?![(\[])|\{\{.*?\}\}|\{[^}]*\}|https?://[^\s\\]+|&#?\w+;|%\w")


def accented(text):
    """The stand-in's translation of one PO string (escaped as in the file): a and o accented outside what a
    translator keeps."""
    pieces, start = [], 0
    for kept in KEPT_AS_IS.finditer(text):
        pieces.append(text[start:kept.start()].replace("a", "á").replace("o", "ó"))
        pieces.append(kept.group(0))
        start = kept.end()
    pieces.append(text[start:].replace("a", "á").replace("o", "ó"))
    return "".join(pieces)


def bench_import(args, site, size, results):
    """tolk import of one locale's every message as XLIFF 2.0: after a first sync, the stand-in translator
    fills every singular message of ru and tolk exports them all; in the export each target's accented
    a becomes à (a reviewer's pass), so the import changes every translated entry; then the same file
    is imported again, with nothing left to change. Export is timed too, for scale."""
    subprocess.run([args.tolk, "sync", "--root", site], check=True, stdout=subprocess.DEVNULL)
    filled = fill_catalogs(os.path.join(site, "locales"))
    print(f"  (stand-in translator filled {filled} messages)", flush=True)
    exported = os.path.join(site, "ru.xlf")
    run("export ru (XLIFF 2.0, every message)", [args.tolk, "export", "ru", "--only", "all", "--output", exported, "--root", site], size, results)
    reviewed = os.path.join(site, "ru-reviewed.xlf")
    # In a process of its own: tolk's peak memory is measured by wait4, which counts what a child
    # inherits from this process at fork, so this one must not hold the file.
    rewrite = ("import re, sys\n"
               "text = open(sys.argv[1], encoding='utf-8').read()\n"
               "open(sys.argv[2], 'w', encoding='utf-8').write(re.sub(r'<target>.*?</target>', lambda t: t.group(0).replace('á', 'à'), text, flags=re.S))\n"
               "print(text.count('<unit '))\n")
    units = subprocess.run([sys.executable, "-c", rewrite, exported, reviewed], check=True, capture_output=True, text=True).stdout.strip()
    print(f"  ({os.path.getsize(reviewed) / 1e6:.1f} MB of XLIFF, {units} units)", flush=True)
    run("import ru (every message changed)", [args.tolk, "import", reviewed, "--root", site], size, results)
    run("import ru again (nothing to change)", [args.tolk, "import", reviewed, "--root", site], size, results)
    report(results)


def fill_catalogs(folder):
    """A stand-in for translators: every empty singular msgstr becomes its msgid with a and o accented
    outside code, markup, destinations and placeholders (KEPT_AS_IS), on one line. Plural entries stay untranslated."""
    filled = 0
    for base, _, names in os.walk(folder):
        if os.path.basename(base) == "templates" or "/templates/" in base + "/":
            continue
        for name in names:
            if not name.endswith(".po"):
                continue
            path = os.path.join(base, name)
            with open(path, encoding="utf-8") as handle:
                blocks = handle.read().split("\n\n")
            for index, block in enumerate(blocks):
                lines = block.split("\n")
                if any(line.startswith("msgid_plural") for line in lines):
                    continue
                try:
                    start = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
                    end = next(i for i, line in enumerate(lines) if line.startswith("msgstr "))
                except StopIteration:
                    continue
                if lines[end] != 'msgstr ""' or end != len(lines) - 1 or (start == end - 1 and lines[start] == 'msgid ""'):
                    continue
                msgid = "".join(line[line.index('"') + 1:-1] for line in lines[start:end])
                blocks[index] = "\n".join(lines[:end] + ['msgstr "' + accented(msgid) + '"'])
                filled += 1
            with open(path, "w", encoding="utf-8") as handle:
                handle.write("\n\n".join(blocks))
    return filled


def mutate(args, corpus, site):
    """Replaces the site's content with mutate_corpus.py's edit of 2% of the paragraphs (same seed every run)."""
    mutated = os.path.join(args.out, f"mutated-{args.posts}")
    if not os.path.isdir(mutated):
        subprocess.run([sys.executable, os.path.join(SHARED_BENCH, "mutate_corpus.py"), "--in", corpus, "--out", mutated, "--rate", "0.02", "--seed", "7"],
                       check=True, stdout=subprocess.DEVNULL)
    apply_changes(os.path.join(mutated, "content"), os.path.join(site, "content"))


def apply_changes(source, target):
    """Makes `target` a copy of `source` touching only files whose bytes differ, as `git pull` would."""
    changed = 0
    for folder, _, names in os.walk(source):
        for name in names:
            path = os.path.join(folder, name)
            destination = os.path.join(target, os.path.relpath(path, source))
            with open(path, "rb") as new:
                data = new.read()
            if os.path.exists(destination):
                with open(destination, "rb") as old:
                    if old.read() == data:
                        continue
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            with open(destination, "wb") as out:
                out.write(data)
            changed += 1
    for folder, _, names in os.walk(target):
        for name in names:
            path = os.path.join(folder, name)
            if not os.path.exists(os.path.join(source, os.path.relpath(path, target))):
                os.remove(path)
                changed += 1
    print(f"  (mutate_corpus.py changed {changed} content files)")


def report(results):
    print("\nstage | seconds | MB/s | peak MB")
    print("---|---:|---:|---:")
    for stage, seconds, rate, peak in results:
        print(f"{stage} | {seconds:.2f} | {rate:.1f} | {peak:.0f}")


if __name__ == "__main__":
    main()
