#!/usr/bin/env python3
"""Read an XLIFF 2.0 file with Translate Toolkit's XLIFF 2.0 store and print its units as JSON.

Translate Toolkit is how Pootle, Weblate and Virtaal read exchange files; its XLIFF 2.0 store
(translate.storage.xliff2.Xliff2File, translate-toolkit >= 3.16) is not in Debian's 3.8. `make test`
installs translate-toolkit==3.20.4 in .build-tt/venv; run this script with that venv's python:

    .build-tt/venv/bin/python .ci/read_xliff2_with_translate_toolkit.py ru.xlf

Prints {"targetLanguage": ..., "units": [{"id", "source", "target", "state", "segmentState", "subState"}]},
one entry per unit the store yields, in its order:

- source and target are the text of Translate Toolkit's rich source and target (its parse of the
  inline content), with each inline code written as the original text XLIFF 2.0 says it stands for:
  a <ph>'s equiv, a <pc>'s equivStart, content and equivEnd, <sc>/<ec> their equiv (a target's code
  takes the equiv of the source's code with its id), a <cp> its character; target is null without
  a <target>;
- state is the store's own view, from its predicates: "reviewed" (isapproved), "translated"
  (istranslated), "needs-review" (isfuzzy: a target left in state="initial") or "untranslated";
- segmentState and subState are the <segment> attributes as the store holds them.
"""
import json
import sys

from translate.storage.xliff2 import Xliff2File


def local_name(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def flatten(element, codes, out):
    """Appends the text `element` (a rich-text tree node or a string) stands for to `out`."""
    if isinstance(element, str):
        out.append(element)
        return
    node = getattr(element, "xml_node", None)
    if node is None:
        for sub in element.sub:
            flatten(sub, codes, out)
        return
    name, attributes = local_name(node.tag), node.attrib
    code_id = attributes.get("id") or attributes.get("startRef")
    known = codes.setdefault(code_id, {}) if code_id else {}
    for key in ("equiv", "equivStart", "equivEnd"):
        if key in attributes:
            known[key] = attributes[key]
    if name == "ph":
        out.append(known.get("equiv", ""))
    elif name == "pc":
        out.append(known.get("equivStart", ""))
        for sub in element.sub:
            flatten(sub, codes, out)
        out.append(known.get("equivEnd", ""))
    elif name in ("sc", "ec"):
        out.append(known.get("equiv", ""))
    elif name == "cp":
        out.append(chr(int(attributes.get("hex", "0"), 16)))
    else:  # <mrk> and other annotations: their content is text
        for sub in element.sub:
            flatten(sub, codes, out)


def text(rich, codes):
    out = []
    for element in rich or []:
        flatten(element, codes, out)
    return "".join(out)


def state(unit):
    if unit.isapproved():
        return "reviewed"
    if unit.istranslated():
        return "translated"
    if unit.isfuzzy():
        return "needs-review"
    return "untranslated"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: read_xliff2_with_translate_toolkit.py FILE.xlf")
    with open(sys.argv[1], "rb") as handle:
        store = Xliff2File.parsefile(handle)
    units = []
    for unit in store.units:
        if unit.isheader():
            continue
        codes = {}
        source = text(unit.rich_source, codes)
        has_target = unit.xmlelement.find(unit.namespaced("target")) is not None
        units.append({
            "id": unit.getid(),
            "source": source,
            "target": text(unit.rich_target, codes) if has_target else None,
            "state": state(unit),
            "segmentState": unit.xmlelement.get("state"),
            "subState": unit.xmlelement.get("subState"),
        })
    json.dump({"targetLanguage": store.gettargetlanguage(), "units": units}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
