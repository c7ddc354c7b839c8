#!/usr/bin/env python3
"""Soak tolk: concurrent import, sync and build on a generated blog, with kill -9 at random; then check the catalogs.

make soak runs it (README, "Fuzzing and soak"). The steps:

1. A blog of --posts posts from ../shared/bench/gen_corpus.py, two target locales, a first `tolk sync`.
2. --imports exchange files made by `tolk export --only all` (XLIFF 2.0, XLIFF 1.2 and PO in turn, the locales
   in turn) and filled by this script: import number i translates every message as its own text with the marker
   `[imp-i] ` after its leading whitespace (each plural form from its own source form), so any translation in a
   catalog tells which import it came from, and that it belongs to that message.
3. For --seconds: one loop each of `tolk import` (a random file), `tolk sync` and `tolk build`, all at once, and a
   loop that sends kill -9 to one of the running tolk processes every --kill-every seconds on average. Expected
   outcomes: exit 0; exit 2 saying the project is locked; death by kill -9. Anything else fails the soak.
4. Then: a last `tolk sync` (must exit 0); no `.*.tolk-*` temporary file anywhere in the site; every catalog and
   template passes `msgfmt --check-format`; every translation in every catalog is the translation some import gave
   that message, all forms from the same import, none needing review (no lost, mixed or invented text), and all of a
   locale's messages from one import (each file translates every message, and an import is all or nothing); after a
   last import of one file per locale, every message of that locale carries that import's translation.

Only local processes are started, all of them children of this script; the loops stop by themselves.
"""
import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
GEN_CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "bench", "gen_corpus.py")
LOCALES = ["ru", "de"]
FORMATS = [("xliff", ".xlf"), ("po", ".po"), ("xliff12", ".xlf")]
LOCKED = re.compile(r"project is locked|is locked by", re.I)
TEMPORARY = re.compile(r"^\..*\.tolk-")


def marker(number):
    return f"[imp-{number}] "


def translate(number, text):
    """The translation import `number` gives `text`: the marker after the leading whitespace, the rest as it is."""
    body = text.lstrip()
    return text[: len(text) - len(body)] + marker(number) + body if body else text


# ---------------------------------------------------------------------------------------------------------------
# PO: just enough to read what tolk writes and msgfmt accepts.

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def unescape(text):
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char != "\\":
            out.append(char)
            index += 1
            continue
        code = text[index + 1]
        if code in ESCAPES:
            out.append(ESCAPES[code])
            index += 2
        elif code == "x":
            digits = re.match(r"[0-9a-fA-F]+", text[index + 2:]).group(0)
            out.append(chr(int(digits, 16)))
            index += 2 + len(digits)
        else:
            digits = re.match(r"[0-7]{1,3}", text[index + 1:]).group(0)
            out.append(chr(int(digits, 8)))
            index += 1 + len(digits)
    return "".join(out)


def escape(text):
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


class Entry:
    def __init__(self):
        self.context = None
        self.id = None
        self.plural = None
        self.translations = {}
        self.flags = []
        self.obsolete = False

    @property
    def forms(self):
        return [self.translations[index] for index in sorted(self.translations)]


def read_po(path):
    entries, entry, field = [], Entry(), None

    def finish():
        nonlocal entry
        if entry.id is not None:
            entries.append(entry)
        entry = Entry()

    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            obsolete = line.startswith("#~")
            if obsolete:
                line = line[2:].lstrip()
                if line.startswith("|"):
                    continue
            elif line.startswith("#"):
                if entry.id is not None and field and field.startswith("msgstr"):
                    finish()
                if line.startswith("#,"):
                    entry.flags += [flag.strip() for flag in line[2:].split(",")]
                continue
            if not line.strip():
                continue
            keyword = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"$', line)
            if keyword:
                name, value = keyword.group(1), unescape(keyword.group(2))
                if name in ("msgctxt", "msgid") and entry.id is not None and field and field.startswith("msgstr"):
                    finish()
                entry.obsolete = entry.obsolete or obsolete
                field = name
                set_field(entry, name, value, append=False)
            elif line.startswith('"') and field:
                set_field(entry, field, unescape(line[1:-1]), append=True)
            else:
                raise ValueError(f"{path}: cannot read line {raw!r}")
    finish()
    return entries


def set_field(entry, name, value, append):
    if name == "msgctxt":
        entry.context = (entry.context if append else "") + value
    elif name == "msgid":
        entry.id = (entry.id if append else "") + value
    elif name == "msgid_plural":
        entry.plural = (entry.plural if append else "") + value
    else:
        index = int(name[7:-1]) if "[" in name else 0
        entry.translations[index] = (entry.translations.get(index, "") if append else "") + value


def expected_forms(number, entry):
    """What import `number` gives the entry: one form per msgstr, the first from msgid, the others from msgid_plural."""
    if entry.plural is None:
        return [translate(number, entry.id)]
    count = max(len(entry.translations), 1)
    return [translate(number, entry.id if index == 0 else entry.plural) for index in range(count)]


def fill_po(source, target, number):
    """Writes the exported PO `source` with every message translated by import `number`."""
    with open(source, encoding="utf-8") as handle:
        text = handle.read()
    header_end = text.index("\n\n") + 2  # the header entry, kept as tolk wrote it (Language, Plural-Forms)
    out = [text[:header_end]]
    for entry in read_po(source):
        if entry.id == "" and entry.context is None:
            continue
        lines = []
        if entry.context is not None:
            lines.append(f'msgctxt "{escape(entry.context)}"')
        lines.append(f'msgid "{escape(entry.id)}"')
        if entry.plural is None:
            lines.append(f'msgstr "{escape(translate(number, entry.id))}"')
        else:
            lines.append(f'msgid_plural "{escape(entry.plural)}"')
            for index, form in enumerate(expected_forms(number, entry)):
                lines.append(f'msgstr[{index}] "{escape(form)}"')
        out.append("\n".join(lines) + "\n\n")
    with open(target, "w", encoding="utf-8") as handle:
        handle.write("".join(out).rstrip("\n") + "\n")


def fill_xliff(source, target, number):
    """Writes the exported XLIFF (2.0 or 1.2) `source` with every unit translated by import `number`: each target is
    the marker and a copy of its source, inline codes included; states say translated (1.2: and approved)."""
    with open(source, encoding="utf-8") as handle:
        text = handle.read()
    two = 'version="2.0"' in text[:400]

    def with_target(match):
        start, space, source_text, rest = match.group(1), match.group(2), match.group(3), match.group(4)
        if two:
            start = re.sub(r'\sstate="[^"]*"', "", start)[:-1] + ' state="translated">'
        else:
            # 1.2: approved="no" beside state="translated" means the translation still needs review.
            start = re.sub(r'\sapproved="[^"]*"', "", start)[:-1] + ' approved="yes">'
        body = source_text.lstrip()
        lead = source_text[: len(source_text) - len(body)]
        translated = lead + marker(number) + body if body else source_text
        state = "" if two else ' state="translated"'
        return f"{start}{space}<source>{source_text}</source>{space}<target{state}>{translated}</target>{rest}"

    opening = r"(<segment\b[^>]*>)" if two else r"(<trans-unit\b[^>]*>)"
    pattern = re.compile(opening + r"(\s*)<source>(.*?)</source>(?:\s*<target\b[^>]*>.*?</target>)?(\s*)", re.S)
    filled, count = pattern.subn(with_target, text)
    if count == 0:
        raise SystemExit(f"soak: no units found in {source}")
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(filled)


# ---------------------------------------------------------------------------------------------------------------

class Soak:
    def __init__(self, args):
        self.args = args
        self.tolk = os.path.abspath(args.tolk)
        self.work = tempfile.mkdtemp(prefix="tolk-soak.", dir=args.work_dir)
        self.site = os.path.join(self.work, "site")
        self.running = set()
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.failures = []
        self.counts = {}
        self.imports = []  # (number, locale, path)

    def count(self, loop, outcome):
        with self.lock:
            self.counts.setdefault(loop, {}).setdefault(outcome, 0)
            self.counts[loop][outcome] += 1

    def fail(self, message):
        with self.lock:
            self.failures.append(message)
        print(f"soak: FAIL: {message}", flush=True)

    def tolk_run(self, *arguments, check=True):
        result = subprocess.run([self.tolk, *arguments, "--root", self.site], capture_output=True, text=True)
        if check and result.returncode != 0:
            raise SystemExit(f"soak: tolk {' '.join(arguments)} exited {result.returncode}\n{result.stdout}{result.stderr}")
        return result

    def prepare(self):
        print(f"soak: site in {self.site} ({self.args.posts} posts, locales {', '.join(LOCALES)})", flush=True)
        corpus = os.path.join(self.work, "corpus")
        subprocess.run([sys.executable, GEN_CORPUS, "--posts", str(self.args.posts), "--seed", "soak", "--out", corpus],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.copytree(os.path.join(corpus, "content"), os.path.join(self.site, "content"))
        with open(os.path.join(self.site, "tolk.yaml"), "w") as config:
            config.write("source: en\nlocales: [%s]\n" % ", ".join(LOCALES))
        self.tolk_run("sync")
        exports = os.path.join(self.work, "exports")
        os.makedirs(exports)
        for number in range(self.args.imports):
            locale = LOCALES[number % len(LOCALES)]
            format_name, extension = FORMATS[number % len(FORMATS)]
            exported = os.path.join(exports, f"export-{number}-{locale}{extension}")
            self.tolk_run("export", locale, "--only", "all", "--format", format_name, "--output", exported)
            filled = os.path.join(exports, f"import-{number}-{locale}{extension}")
            (fill_po if format_name == "po" else fill_xliff)(exported, filled, number)
            self.imports.append((number, locale, filled))
        # Every file must import whole on a quiet site: what the loops then see is the concurrency, not the files.
        for number, locale, path in self.imports:
            result = self.tolk_run("import", path, check=False)
            if result.returncode != 0:
                raise SystemExit(f"soak: import {number} does not import cleanly (exit {result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
        print(f"soak: {len(self.imports)} import files ready and checked: {', '.join(os.path.basename(p) for _, _, p in self.imports)}", flush=True)

    def loop(self, name, arguments):
        rng = random.Random(name)
        deadline = time.monotonic() + self.args.seconds
        runs = 0
        while time.monotonic() < deadline and runs < 10_000 and not self.stop.is_set():
            runs += 1
            command = [self.tolk, *arguments(rng), "--root", self.site]
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            with self.lock:
                self.running.add(process)
            try:
                out, err = process.communicate(timeout=max(60.0, self.args.seconds))
            except subprocess.TimeoutExpired:
                process.kill()
                out, err = process.communicate()
                self.fail(f"{' '.join(command[1:])} hung for more than {max(60.0, self.args.seconds)} s\n{err[-2000:]}")
                continue
            finally:
                with self.lock:
                    self.running.discard(process)
            code = process.returncode
            if code == 0:
                self.count(name, "ok")
            elif code == -signal.SIGKILL:
                self.count(name, "killed")
            elif code == 2 and LOCKED.search(out + err):
                self.count(name, "locked")
            else:
                self.count(name, f"exit {code}")
                self.fail(f"tolk {' '.join(command[1:-2])} exited {code}:\n{(out + err)[-3000:]}")

    def killer(self):
        rng = random.Random("kill")
        deadline = time.monotonic() + self.args.seconds
        while time.monotonic() < deadline and not self.stop.is_set():
            time.sleep(rng.expovariate(1 / self.args.kill_every))
            with self.lock:
                victims = [process for process in self.running if process.poll() is None]
            if victims:
                victim = rng.choice(victims)
                try:
                    victim.send_signal(signal.SIGKILL)
                    self.count("kill -9", "sent")
                except ProcessLookupError:
                    pass

    def soak(self):
        imports = self.imports
        loops = {
            "import": lambda rng: ["import", rng.choice(imports)[2]],
            "sync": lambda rng: ["sync"],
            "build": lambda rng: ["build"],
        }
        threads = [threading.Thread(target=self.loop, args=(name, arguments)) for name, arguments in loops.items()]
        threads.append(threading.Thread(target=self.killer))
        print(f"soak: import, sync and build loops with kill -9 every ~{self.args.kill_every} s for {self.args.seconds} s", flush=True)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for loop, outcomes in sorted(self.counts.items()):
            print(f"  {loop:<8} " + ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items())), flush=True)
        for loop in loops:
            if self.counts.get(loop, {}).get("ok", 0) == 0:
                self.fail(f"no '{loop}' finished in {self.args.seconds} s: the project stayed locked, or every run was killed")

    def check(self):
        result = self.tolk_run("sync", check=False)
        if result.returncode != 0:
            self.fail(f"the last tolk sync exited {result.returncode}:\n{result.stdout}{result.stderr}")
        stray = [os.path.join(base, name) for base, folders, files in os.walk(self.site)
                 for name in files + folders if TEMPORARY.match(name)]
        if stray:
            self.fail(f"{len(stray)} temporary files left after the last sync: {stray[:10]}")

        catalogs = []
        for base, _, files in os.walk(os.path.join(self.site, "locales")):
            catalogs += [os.path.join(base, name) for name in files if name.endswith((".po", ".pot"))]
        bad = []
        for path in catalogs:
            result = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", path], capture_output=True, text=True)
            if result.returncode != 0:
                bad.append(f"{path}: {result.stderr.strip()[:500]}")
        if bad:
            self.fail(f"{len(bad)} of {len(catalogs)} catalogs fail msgfmt --check-format:\n" + "\n".join(bad[:10]))
        print(f"soak: {len(catalogs)} catalogs and templates pass msgfmt --check-format" if not bad else "", flush=True)
        self.check_provenance("after the loops")

        # The last import of each locale must arrive whole.
        finals = {}
        for number, locale, path in self.imports:
            finals[locale] = (number, path)
        for locale, (number, path) in sorted(finals.items()):
            result = self.tolk_run("import", path, check=False)
            if result.returncode != 0:
                self.fail(f"the last import ({os.path.basename(path)}) exited {result.returncode}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
        self.check_provenance("after the last imports", finals={locale: number for locale, (number, _) in finals.items()})

    def check_provenance(self, when, finals=None):
        numbers = {locale: [number for number, other, _ in self.imports if other == locale] for locale in LOCALES}
        problems, translated, total = [], 0, 0
        for locale in LOCALES:
            seen = {}  # import number → messages carrying its translation
            for base, _, files in os.walk(os.path.join(self.site, "locales", locale)):
                for name in files:
                    if not name.endswith(".po"):
                        continue
                    path = os.path.join(base, name)
                    for entry in read_po(path):
                        if entry.id == "" and entry.context is None:
                            continue
                        total += 1
                        where = f"{os.path.relpath(path, self.site)}: {entry.context or ''}|{entry.id[:60]!r}"
                        forms = entry.forms
                        if not any(forms):
                            if finals:
                                problems.append(f"{where}: untranslated after the last import {finals[locale]}")
                            continue
                        translated += 1
                        sources = [number for number in numbers[locale] if forms == expected_forms(number, entry)]
                        for number in sources:
                            seen[number] = seen.get(number, 0) + 1
                        if not sources:
                            problems.append(f"{where}: translation {forms!r} came from no import")
                        elif finals and finals[locale] not in sources:
                            problems.append(f"{where}: {forms!r} is not the last import's ({finals[locale]})")
                        if "fuzzy" in entry.flags:
                            problems.append(f"{where}: needs review, but no import or source change asked for it")
            # Each import file translates every message of its locale, and an import is all or nothing: when no
            # command runs, every message of a locale carries the translation of one import, the last that finished.
            if len(seen) > 1:
                problems.append(f"{locale}: the catalogs mix imports ({', '.join(f'{count} messages from import {number}' for number, count in sorted(seen.items()))}): an import was applied in part")
        print(f"soak: {when}: {translated} of {total} messages translated, {len(problems)} problems", flush=True)
        if problems:
            self.fail(f"{when}: {len(problems)} catalog entries are wrong:\n" + "\n".join(problems[:20]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tolk", default=os.path.join(ROOT, ".build/release/tolk"))
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--imports", type=int, default=6, help="exchange files to import (the formats and locales in turn)")
    parser.add_argument("--kill-every", type=float, default=1.5, help="mean seconds between two kill -9")
    parser.add_argument("--work-dir", default=None, help="where the site is made (default: the system's temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the site even when the soak passes")
    args = parser.parse_args()
    if shutil.which("msgfmt") is None:
        sys.exit("soak: msgfmt is missing (Debian's gettext; make deps installs it)")
    soak = Soak(args)
    started = time.monotonic()
    soak.prepare()
    soak.soak()
    soak.check()
    print(f"soak: {time.monotonic() - started:.0f} s in all", flush=True)
    if soak.failures:
        print(f"soak: {len(soak.failures)} failures; the site is kept in {soak.site}")
        sys.exit(1)
    print("soak: passed")
    if not args.keep:
        shutil.rmtree(soak.work, ignore_errors=True)


if __name__ == "__main__":
    main()
