#!/usr/bin/env python3
"""A hostile-input campaign against one tolk binary, for comparing two builds side by side.

Each run copies the sample site, damages one input with a seeded mutation (a post, the navigation or
site strings, tolk.yaml, or a translator's PO/XLIFF export), runs the command that reads it, and
classifies the outcome:

  crash      killed by a signal, or a Swift runtime error / backtrace on stderr
  hang       still running after --timeout seconds
  no-loc     exit 2 without any `file:line: error:` line on stderr
  lost       a translation (msgstr text, active or obsolete) present before is gone after a sync or
             build, or after an import that was refused
  ok         anything else (exit 0, 1, or 2 with a located error)

Usage: .ci/hostile_campaign.py --tolk PATH [--runs N] [--seed S] [--timeout SECONDS]
Prints one summary line per outcome and the first reproducers of each bad kind.
"""
import argparse, os, random, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LOCATED = re.compile(rb"^\S.*?:\d+(:\d+)?: error: ", re.M)
MSGSTR = re.compile(r'^(?:#~ )?msgstr(?:\[\d+\])? "(.*)"\n((?:(?:#~ )?".*"\n)*)', re.M)

HOSTILE = [b"\r", b"\r\n", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3", b"[" * 5000, b"- " * 3000, b"> " * 3000,
           b"---\n", b"+++\n", b"```", b"<!--", b"{{", b"{", b"}", b"&#", b"\\", b"\"", b"msgid ", b"msgstr[9] ",
           b"<![CDATA[", b"<!DOCTYPE x [<!ENTITY a SYSTEM \"file:///etc/passwd\">]>", b"&a;", b"\n\n", b"\t", b"*" * 2000, b"`" * 500]


def translations(site):
    found = []
    for folder, _, files in os.walk(os.path.join(site, "locales")):
        for name in files:
            if name.endswith(".po"):
                text = open(os.path.join(folder, name), encoding="utf-8", errors="replace").read()
                for match in MSGSTR.finditer(text):
                    value = match.group(1) + "".join(re.findall(r'"(.*)"', match.group(2)))
                    if value:
                        found.append(value)
    return found


def mutate(data, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        position = rng.randint(0, len(data)) if data else 0
        if kind < 0.45:
            data[position:position] = rng.choice(HOSTILE)
        elif kind < 0.65 and data:
            data[min(position, len(data) - 1)] = rng.randint(0, 255)
        elif kind < 0.8:
            del data[position:position + rng.randint(1, 200)]
        elif kind < 0.9:
            start = rng.randint(0, len(data)) if data else 0
            data[position:position] = data[start:start + rng.randint(1, 400)]
        else:
            data = data[:position]
    return bytes(data)


def run(tolk, site, arguments, timeout):
    try:
        done = subprocess.run([tolk] + arguments + ["--root", site], cwd=site, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, b""
    return done.returncode, done.stderr


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tolk", required=True)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", default="16")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tolk = os.path.abspath(args.tolk)
    base = tempfile.mkdtemp(prefix="tolk-campaign-")
    template = os.path.join(base, "template")
    for item in ["content", "locales", "tolk.yaml"]:
        source = os.path.join(ROOT, item)
        (shutil.copytree if os.path.isdir(source) else shutil.copy)(source, os.path.join(template, item) if os.path.isdir(source) else template)
    os.makedirs(os.path.join(base, "exports"))
    exports = {}
    for name, arguments in {"ru.po": ["export", "ru", "--format", "po", "--only", "all", "--output"],
                            "ru.xlf": ["export", "ru", "--only", "all", "--output"]}.items():
        path = os.path.join(base, "exports", name)
        subprocess.run([tolk] + arguments + [path, "--root", template], check=True, capture_output=True)
        exports[name] = open(path, "rb").read()
    posts = sorted(os.listdir(os.path.join(template, "content", "posts")))
    outcomes = {"ok": 0, "crash": 0, "hang": 0, "no-loc": 0, "lost": 0}
    examples = {}
    for index in range(args.runs):
        site = os.path.join(base, "site")
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(template, site)
        before = translations(site)
        target = rng.choice(["post", "post", "navigation", "site", "tolk.yaml", "ru.po", "ru.xlf"])
        if target in exports:
            path = os.path.join(site, target)
            open(path, "wb").write(mutate(exports[target], rng))
            commands = [["import", path]]
        else:
            relative = {"post": "content/posts/" + rng.choice(posts), "navigation": "content/navigation.yaml",
                        "site": "content/site.yaml", "tolk.yaml": "tolk.yaml"}[target]
            path = os.path.join(site, relative)
            open(path, "wb").write(mutate(open(path, "rb").read(), rng))
            commands = [["sync"], ["build"]]
        verdict = "ok"
        code = None
        for command in commands:
            code, stderr = run(tolk, site, command, args.timeout)
            if code is None:
                verdict = "hang"
            elif code < 0 or code > 128 or b"Fatal error" in stderr or b"Crash" in stderr or b"backtrace" in stderr.lower():
                verdict = "crash"
            elif code == 2 and not LOCATED.search(stderr):
                verdict = "no-loc"
            if verdict != "ok":
                examples.setdefault(verdict, []).append((index, target, " ".join(command), stderr[:300]))
                break
        # An import that succeeded replaced translations with the file's, as it should: only content
        # runs and refused imports (which must change nothing) are checked for lost translations.
        if verdict == "ok" and (target not in exports or code == 2):
            after = translations(site)
            remaining = {}
            for value in after:
                remaining[value] = remaining.get(value, 0) + 1
            missing = [value for value in set(before) if value not in remaining]
            if missing:
                verdict = "lost"
                examples.setdefault("lost", []).append((index, target, " ".join(commands[-1]), ("; ".join(missing[:3])).encode()[:300]))
        outcomes[verdict] += 1
    shutil.rmtree(base, ignore_errors=True)
    print(f"{args.runs} runs: " + ", ".join(f"{count} {kind}" for kind, count in outcomes.items()))
    for kind, found in examples.items():
        for index, target, command, stderr in found[:3]:
            print(f"  {kind}: run {index} ({target}, tolk {command}): {stderr.decode('utf-8', 'replace').strip()[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
