#!/bin/bash
# Records what every secgov command prints and writes over the templates and a corpus folder, so
# that a refactoring can be checked byte for byte: run it before and after, then `diff -r`.
# usage (from the repository root): outputs.sh SECGOV CORPUS OUTDIR [SYNTH]
#   SECGOV  the release binary, e.g. target/release/secgov
#   CORPUS  ../shared/corpus (never copied into the repository)
#   SYNTH   optional: target/release/examples/synth, to compare the synthetic corpora too
set -u
B=$1; C=$2; O=$3; S=${4:-}
rm -rf "$O"; mkdir -p "$O"
export COLUMNS=100 NO_COLOR=1 LC_ALL=C LANG=C
run() { local out=$1; shift; "$@" > "$out" 2>&1; echo "rc=$?" >> "$out"; }
ins="templates/usg/order-to-cash.xml templates/usg/procure-to-pay.xml templates/aot
 templates/secconfig/SecurityDatabaseCustomizations.xml $C/aot $C/metadata
 $C/projects/DevAxCmmUtils $C/projects/FastTrack-SABatchTracing"
n=0
for i in $ins; do
  n=$((n+1))
  for f in human json sarif github junit; do run "$O/validate.$n.$f" "$B" validate "$i" -f $f; done
  for f in text json mermaid; do run "$O/inspect.$n.$f" "$B" inspect "$i" -f $f; done
  for f in human csv json markdown; do run "$O/access.$n.$f" "$B" access "$i" -f $f; done
  run "$O/fmt.$n" "$B" fmt "$i"
  for t in aot secconfig; do run "$O/convert.$n.$t.log" "$B" convert "$i" --to $t -o "$O/convert.$n.$t"; done
  for f in csv yaml toml; do run "$O/outline.$n.$f.log" "$B" outline "$i" -o "$O/outline.$n.$f"; done
  run "$O/unpack.$n.log" "$B" unpack "$i" -o "$O/unpack.$n"
  run "$O/pack.$n.log" "$B" pack "$i" -o "$O/pack.$n.xml"
done
pairs="templates/usg/order-to-cash.xml:templates/usg/procure-to-pay.xml
 templates/aot:templates/secconfig/SecurityDatabaseCustomizations.xml $C/aot:$C/metadata
 templates/usg/procure-to-pay.xml:templates/aot"
n=0
for p in $pairs; do
  n=$((n+1)); a=${p%%:*}; b=${p##*:}
  for f in human json markdown html; do
    run "$O/diff.$n.$f" "$B" diff "$a" "$b" -f $f
    run "$O/diffaccess.$n.$f" "$B" diff "$a" "$b" --access -f $f
  done
done
for o in templates/outlines/*; do
  b=$(basename "$o")
  for e in usg aot; do run "$O/generate.$b.$e.log" "$B" generate "$o" --emit $e -o "$O/generate.$b.$e"; done
done
run "$O/catalog.log" "$B" catalog build templates "$C" -o "$O/catalog.xml"
run "$O/validate.catalog" "$B" validate templates/usg/order-to-cash.xml --reference "$O/catalog.xml" -f json
run "$O/man" "$B" man
run "$O/rules" "$B" rules
for c in $("$B" rules 2>/dev/null | grep -o '^SG[0-9]*' | sort -u); do run "$O/explain.$c" "$B" explain "$c"; done
for sh in bash zsh fish powershell elvish; do run "$O/completions.$sh" "$B" completions $sh; done
if [ -n "$S" ]; then
  run "$O/synth.backup.log" "$S" backup --seed 3 --mb 0.3 -o "$O/synth.backup.xml"
  run "$O/synth.changed.log" "$S" changed --seed 3 --mb 0.3 -o "$O/synth.changed.xml"
  run "$O/synth.aot.log" "$S" aot --seed 3 --files 200 -o "$O/synth.aot"
  run "$O/synth.outline.log" "$S" outline --seed 3 --tasks 300 -o "$O/synth.outline.csv"
fi
# The output folder's own path appears in logs; normalise it.
grep -rl "$O" "$O" 2>/dev/null | xargs -r sed -i "s|$O|OUT|g"
