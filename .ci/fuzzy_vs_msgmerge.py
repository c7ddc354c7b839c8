#!/usr/bin/env python3
"""Compare tolk's needs-review (fuzzy) matches with msgmerge's on the generated corpus.

1. Sync the corpus into one locale (ru) and translate every message (msgen + a letter filter, a stand-in
   translator), import it: every entry is translated.
2. Export ru as one catalog (old.po): the state msgmerge starts from.
3. Apply mutate_corpus.py (2% of paragraphs edited), sync with tolk (timed), export ru again (tolk.po).
4. Concatenate the new templates into one POT (msgcat) and run msgmerge old.po new.pot (timed).
5. Count fuzzy entries on both sides and print, for a sample of messages fuzzy on one side only, what
   each tool did, so the difference can be judged by reading.
"""
import argparse
import glob
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED_BENCH = os.path.join(os.path.dirname(ROOT), "shared", "bench")


def sh(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


def read_po(path):
    """Entries of a PO file as {(msgctxt, msgid): (fuzzy, previous_msgid, msgstr)}, via msgattrib-normalised text."""
    entries = {}
    block = []
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    for chunk in text.split("\n\n"):
        lines = [line for line in chunk.split("\n") if line and not line.startswith("#~")]
        if not lines:
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields = {}
        current = None
        for line in lines:
            if line.startswith('#| "') and current and current.startswith("prev_"):
                fields[current] += unquote(line[3:])
            elif line.startswith("#| "):
                key, _, rest = line[3:].partition(" ")
                current = "prev_" + key
                fields[current] = unquote(rest)
            elif line.startswith("#"):
                current = None
            elif line.startswith('"') and current:
                fields[current] += unquote(line)
            else:
                key, _, rest = line.partition(" ")
                current = key
                fields[current] = unquote(rest)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        entries[(fields.get("msgctxt"), fields["msgid"])] = (fuzzy, fields.get("prev_msgid"), fields.get("msgstr", fields.get("msgstr[0]", "")))
    return entries


def accent_translations(text):
    """A stand-in translator, like `msgfilter sed 's/a/á/g; s/o/ó/g'` but without a process per message:
    accents the letters of every msgstr line (and its continuation lines), never the header."""
    out = []
    in_msgstr = False
    header = True
    for line in text.split("\n"):
        if line.startswith("msgstr"):
            in_msgstr = True
        elif not line.startswith('"'):
            if in_msgstr and not line.strip():
                header = False
            in_msgstr = False
        if in_msgstr and not header:
            keyword, _, rest = line.partition(" ") if line.startswith("msgstr") else ("", "", line)
            rest = rest.replace("a", "á").replace("o", "ó")
            line = f"{keyword} {rest}" if keyword else rest
        out.append(line)
    return "\n".join(out)


def unquote(text):
    text = text.strip()
    if text.startswith('"') and text.endswith('"'):
        text = text[1:-1]
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--tolk", default=os.path.join(ROOT, ".build/release/tolk"))
    parser.add_argument("--out", default=os.path.join(ROOT, "bench-out"))
    parser.add_argument("--samples", type=int, default=6)
    args = parser.parse_args()
    tolk = os.path.abspath(args.tolk)
    corpus = os.path.join(args.out, f"corpus-{args.posts}")
    if not os.path.isdir(corpus):
        sh([sys.executable, os.path.join(SHARED_BENCH, "gen_corpus.py"), "--posts", str(args.posts), "--seed", "42", "--out", corpus], stdout=subprocess.DEVNULL)
    mutated = os.path.join(args.out, f"mutated-{args.posts}")
    if not os.path.isdir(mutated):
        sh([sys.executable, os.path.join(SHARED_BENCH, "mutate_corpus.py"), "--in", corpus, "--out", mutated, "--rate", "0.02", "--seed", "7"], stdout=subprocess.DEVNULL)
    work = os.path.join(args.out, f"fuzzy-{args.posts}")
    shutil.rmtree(work, ignore_errors=True)
    site = os.path.join(work, "site")
    shutil.copytree(os.path.join(corpus, "content"), os.path.join(site, "content"))
    with open(os.path.join(site, "tolk.yaml"), "w") as config:
        config.write("source: en\nlocales: [ru]\n")

    sh([tolk, "sync", "--root", site], stdout=subprocess.DEVNULL)
    exported = os.path.join(work, "untranslated.po")
    sh([tolk, "export", "ru", "--root", site, "--output", exported])
    filled = os.path.join(work, "filled.po")
    english = sh(["msgen", exported], capture_output=True, text=True).stdout
    with open(filled, "w", encoding="utf-8") as out:
        out.write(accent_translations(english))
    # Exit 1 is expected: the stand-in translator also accents {placeholders} of site strings, which import rejects.
    imported = subprocess.run([tolk, "import", filled, "--root", site], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if imported.returncode not in (0, 1):
        sys.exit(f"tolk import failed with {imported.returncode}")
    old = os.path.join(work, "old.po")
    sh([tolk, "export", "ru", "--root", site, "--output", old])

    shutil.rmtree(os.path.join(site, "content"))
    shutil.copytree(os.path.join(mutated, "content"), os.path.join(site, "content"))
    start = time.perf_counter()
    sync = sh([tolk, "sync", "--root", site], capture_output=True, text=True).stdout
    tolk_seconds = time.perf_counter() - start
    ours = os.path.join(work, "tolk.po")
    sh([tolk, "export", "ru", "--root", site, "--output", ours])

    pot = os.path.join(work, "new.pot")
    templates = sorted(glob.glob(os.path.join(site, "locales", "templates", "**", "*.pot"), recursive=True))
    sh(["msgcat", "--use-first", "-o", pot] + templates)
    theirs = os.path.join(work, "msgmerge.po")
    start = time.perf_counter()
    sh(["msgmerge", "--quiet", "--previous", "-o", theirs, old, pot])
    msgmerge_seconds = time.perf_counter() - start

    tolk_entries = read_po(ours)
    msgmerge_entries = read_po(theirs)
    tolk_fuzzy = {key for key, value in tolk_entries.items() if value[0]}
    msgmerge_fuzzy = {key for key, value in msgmerge_entries.items() if value[0]}
    both = tolk_fuzzy & msgmerge_fuzzy
    same_source = {key for key in both if tolk_entries[key][1] == msgmerge_entries[key][1]}
    print(sync.strip())
    print(f"tolk sync: {tolk_seconds:.1f} s; msgmerge (one catalog, {len(msgmerge_entries)} messages): {msgmerge_seconds:.1f} s")
    print(f"needs review: tolk {len(tolk_fuzzy)}, msgmerge {len(msgmerge_fuzzy)}, both {len(both)} "
          f"(same previous source in {len(same_source)}), only tolk {len(tolk_fuzzy - msgmerge_fuzzy)}, only msgmerge {len(msgmerge_fuzzy - tolk_fuzzy)}")
    untranslated_tolk = sum(1 for value in tolk_entries.values() if not value[2])
    untranslated_msgmerge = sum(1 for value in msgmerge_entries.values() if not value[2])
    print(f"left untranslated: tolk {untranslated_tolk}, msgmerge {untranslated_msgmerge}")
    rng = random.Random(1)
    for title, keys, entries in [("fuzzy only in msgmerge", sorted(msgmerge_fuzzy - tolk_fuzzy, key=str), msgmerge_entries),
                                 ("fuzzy only in tolk", sorted(tolk_fuzzy - msgmerge_fuzzy, key=str), tolk_entries),
                                 ("fuzzy in both, different previous source", sorted(both - same_source, key=str), msgmerge_entries)]:
        print(f"\n== {title}: {len(keys)}")
        for key in rng.sample(keys, min(args.samples, len(keys))):
            print(f"- new:      {key[1][:160]!r}")
            print(f"  msgmerge: previous {str(msgmerge_entries.get(key, (None, None))[1])[:160]!r}")
            print(f"  tolk:     previous {str(tolk_entries.get(key, (None, None))[1])[:160]!r}")


if __name__ == "__main__":
    main()
