#!/usr/bin/env python3
"""Lines per module and the longest functions of tolk's Swift sources, for comparing two commits.

    python3 .ci/code_size.py [ROOT] [--top N]

Lines are physical lines of .swift, .c, .cpp and .h files under Sources/<Module>/ (Fuzz excluded).
A function is a `func`, `init` or computed `var … {` body: its length runs from the line of its
declaration to the line of its closing brace, found by counting braces outside string literals and
comments (a rough Swift lexer: enough for measuring, not for compiling). Nested functions count
inside their parent and on their own.
"""
import argparse
import os
import re

DECLARATION = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate|static|final|override|mutating|nonmutating|nonisolated|@discardableResult|convenience|required|class)\s+)*(func\s+[^\s(<]+|init[?!]?|deinit)\b")


def strip_code(line, state):
    """The line with string literals and comments blanked; state carries block comments and multi-line strings."""
    out = []
    i = 0
    while i < len(line):
        if state["block"]:
            end = line.find("*/", i)
            if end < 0:
                return "".join(out), state
            state["block"] = False
            i = end + 2
            continue
        if state["multiline"]:
            end = line.find('"""', i)
            if end < 0:
                return "".join(out), state
            state["multiline"] = False
            i = end + 3
            continue
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            state["block"] = True
            i += 2
            continue
        if line.startswith('"""', i):
            state["multiline"] = True
            i += 3
            continue
        if line[i] == '"':
            i += 1
            while i < len(line) and line[i] != '"':
                i += 2 if line[i] == "\\" else 1
            i += 1
            continue
        out.append(line[i])
        i += 1
    return "".join(out), state


def functions(path):
    with open(path, encoding="utf-8", errors="replace") as source:
        lines = source.read().split("\n")
    state = {"block": False, "multiline": False}
    depth = 0
    open_functions = []  # (name, start line, depth at which its body opened)
    found = []
    pending = None  # a declaration whose body has not opened yet (its signature may run over lines)
    for number, raw in enumerate(lines, 1):
        code, state = strip_code(raw, state)
        match = DECLARATION.match(code)
        if match:
            pending = (match.group(1).replace("func ", ""), number)
        for char in code:
            if char == "{":
                depth += 1
                if pending:
                    open_functions.append((pending[0], pending[1], depth))
                    pending = None
            elif char == "}":
                pending = None  # a protocol's requirement has no body
                if open_functions and open_functions[-1][2] == depth:
                    name, start, _ = open_functions.pop()
                    found.append((number - start + 1, name, path, start))
                depth -= 1
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root", nargs="?", default=".")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    sources = os.path.join(args.root, "Sources")
    sizes = {}
    all_functions = []
    for module in sorted(os.listdir(sources)):
        if module == "Fuzz" or not os.path.isdir(os.path.join(sources, module)):
            continue
        total = 0
        for folder, _, files in os.walk(os.path.join(sources, module)):
            for name in files:
                if name.endswith((".swift", ".c", ".cpp", ".h")):
                    path = os.path.join(folder, name)
                    with open(path, encoding="utf-8", errors="replace") as source:
                        total += source.read().count("\n")
                    if name.endswith(".swift"):
                        all_functions += functions(path)
        sizes[module] = total
    print("lines  module")
    for module, total in sizes.items():
        print(f"{total:5d}  {module}")
    print(f"{sum(sizes.values()):5d}  (all)")
    print(f"\nlongest {args.top} functions (lines)")
    for length, name, path, start in sorted(all_functions, reverse=True)[:args.top]:
        print(f"{length:5d}  {name}  {os.path.relpath(path, args.root)}:{start}")


if __name__ == "__main__":
    main()
