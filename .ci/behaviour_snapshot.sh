#!/usr/bin/env bash
# A snapshot of what one tolk binary does, for checking that a change of shape changes no behaviour:
# run the same commands at two commits and diff the two snapshots (diff -r A B prints nothing when
# they agree).
#
#   .ci/behaviour_snapshot.sh TOLK_BINARY OUT_DIR [POSTS]
#
# On a copy of the sample site (content/, locales/, tolk.yaml of the checkout this script is in):
# sync, status (table, json, markdown), check, export (XLIFF 2.0, 1.2, PO; all and needs-work),
# import of an export whose translations were changed, build, build --html, an edit of the content
# followed by sync and build; on a generated blog of POSTS posts (default 150) in four locales:
# sync, import of a filled export, build, status. OUT_DIR gets each command's exit status, standard
# output and error (times in seconds replaced by "T s"), and every file each run left, by path.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tolk="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
out="$2"
posts="${3:-150}"
rm -rf "$out"; mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

step=0
run() {  # run NAME ARGS… in the current folder; record status, stdout, stderr
  step=$((step + 1))
  local name; name=$(printf '%02d-%s' "$step" "$1"); shift
  "$tolk" "$@" >"$out/$name.out" 2>"$out/$name.err"
  echo "$?" >"$out/$name.status"
  sed -i -E 's/[0-9]+([.,][0-9]+)? ?(s|ms|seconds)\b/T s/g' "$out/$name.out" "$out/$name.err"
}

# --- the sample site ---
site="$work/sample"; mkdir -p "$site"
cp -r "$here/content" "$here/locales" "$here/tolk.yaml" "$site/"
cd "$site"
run sync sync
run status status
run status-json status --format json
run status-markdown status --format markdown
run check check
run export-ru-xliff export ru --only all --output ru.xlf
run export-de-po export de --format po --output de.po
run export-ar-xliff12 export ar --format xliff12 --only all --output ar.xlf
run export-ja-needs-work export ja --output ja.xlf
# The translator's work: change some translations in each export.
sed -i -E '0,/<target>([^<]+)<\/target>/s//<target>\1 (edited)<\/target>/' ru.xlf
python3 - <<'PY'
import re
text = open("de.po", encoding="utf-8").read()
count = 0
def fill(match):
    global count
    count += 1
    return match.group(1) + 'msgstr "Übersetzt ' + str(count) + '"\n' if count % 3 == 0 else match.group(0)
text = re.sub(r'(msgid "[^"\n]+"\n)msgstr ""\n(?!")', fill, text)
open("de.po", "w", encoding="utf-8").write(text)
PY
run import-ru import ru.xlf
run import-de import de.po
run import-ar import ar.xlf
run build build
run build-html build --html
# An author's edit: a paragraph changed, a post added.
first=$(ls content/posts | head -1)
sed -i -E '0,/^[A-Z][a-z]+ /s//Changed /' "content/posts/$first"
printf -- '---\ntitle: "A new post"\n---\n\nA new paragraph.\n' > content/posts/zz-new-post.md
run sync-after-edit sync
run build-after-edit build
run status-after-edit status
cd "$work"
(cd sample && find . -type f ! -path './.tolk/*' | sort | while read -r file; do
  mkdir -p "$out/tree-sample/$(dirname "$file")"; cp "$file" "$out/tree-sample/$file"; done)

# --- a generated blog ---
python3 "$here/../shared/bench/gen_corpus.py" --posts "$posts" --seed 14 --out "$work/blog" >/dev/null
cd "$work/blog"
printf 'source: en\nlocales: [ru, de, ar, ja]\nfront_matter:\n  translate: [title, summary, tags]\n' > tolk.yaml
run blog-sync sync
run blog-export export ru --format po --only all --output ru.po
python3 - <<'PY'
import re
text = open("ru.po", encoding="utf-8").read()
text = re.sub(r'(msgid "([^"\n]*)"\n)msgstr ""\n(?!")', lambda m: m.group(1) + 'msgstr "RU ' + m.group(2)[:40] + '"\n', text)
open("ru.po", "w", encoding="utf-8").write(text)
PY
run blog-import import ru.po
run blog-build build
run blog-status status
cd "$work"
(cd blog && find . -type f ! -path './.tolk/*' ! -name corpus-manifest.json | sort | while read -r file; do
  mkdir -p "$out/tree-blog/$(dirname "$file")"; cp "$file" "$out/tree-blog/$file"; done)
echo "snapshot of $tolk in $out: $step commands, $(find "$out" -type f | wc -l) files"
