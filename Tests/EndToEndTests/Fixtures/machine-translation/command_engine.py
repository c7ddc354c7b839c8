#!/usr/bin/env python3
"""A command engine for tolk translate's tests, speaking the documented JSON-lines protocol.

Each request line: {"source": "en", "target": "es", "text": "...", "placeholders": "xml"}.
Each answer line: {"translation": "..."} or {"error": "..."}.

The "translation" upper-cases the prose and keeps every placeholder, so a test can tell a machine
draft from its source. MODE (first argument, default good) makes it misbehave on texts that
contain the word "hostile", or on every text with an "-all" suffix:
  drop, duplicate, renumber, inject, empty, huge, hang, garbage, error
Every request is appended to the file named by TOLK_TEST_ENGINE_LOG, if set.
"""
import json
import os
import re
import sys
import time

MODE = sys.argv[1] if len(sys.argv) > 1 else "good"
EVERY = MODE.endswith("-all")
MODE = MODE[:-4] if EVERY else MODE
TAG = re.compile(r"(<[^>]*>|&[#A-Za-z0-9]+;|\[\[/?\d+\]\])")


def translate(text):
    return "".join(part if TAG.fullmatch(part) else part.upper() for part in TAG.split(text))


def misbehave(text):
    tags = re.findall(r"<x\d+/>|\[\[\d+\]\]", text)
    if MODE == "drop":
        return {"translation": translate(text.replace(tags[0], "", 1) if tags else text[: len(text) // 2])}
    if MODE == "duplicate":
        return {"translation": translate(text + " " + tags[0] if tags else text + " <x1/>")}
    if MODE == "renumber":
        return {"translation": translate(re.sub(r"<x(\d+)/>", lambda m: "<x%d/>" % (int(m.group(1)) + 40), text) if tags else text + " <x41/>")}
    if MODE == "inject":
        return {"translation": translate(text) + ' <script>alert("x")</script>'}
    if MODE == "empty":
        return {"translation": ""}
    if MODE == "huge":
        return {"translation": "A" * 200000}
    if MODE == "hang":
        time.sleep(3600)
    if MODE == "garbage":
        return "this is not json"
    if MODE == "error":
        return {"error": "quota exceeded"}
    return {"translation": translate(text)}


log = os.environ.get("TOLK_TEST_ENGINE_LOG")
for line in sys.stdin:
    request = json.loads(line)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(request, ensure_ascii=False) + "\n")
    text = request["text"]
    if MODE != "good" and (EVERY or "hostile" in text.lower()):
        answer = misbehave(text)
    else:
        answer = {"translation": translate(text)}
    sys.stdout.write((answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)) + "\n")
    sys.stdout.flush()
