#!/usr/bin/env bash
# Builds the libFuzzer targets (swiftc -sanitize=fuzzer,address) from the sources they test and
# runs each for SECONDS (default 60). Crashes land in Fuzz/artifacts/; each one found becomes
# a regression test in Tests/ with its input inline.
set -euo pipefail
export SWIFT_BACKTRACE=enable=no  # the backtracer trips ASan; a plain trap message is enough
cd "$(dirname "$0")"
SECONDS_EACH=${1:-60}
SWIFTC=${SWIFTC:-swiftc}
out=.build
mkdir -p "$out" artifacts
format=$(ls ../Sources/LedgerFormat/*.swift)
values="../Sources/LedgerCore/Values/*.swift ../Sources/LedgerCore/Model/TextTrimming.swift"
spreadsheet="../Sources/Spreadsheet/Cell.swift ../Sources/Spreadsheet/XMLScanner.swift ../Sources/Spreadsheet/XLSXReader.swift"
formula="../Sources/LedgerCore/Formula/Formula.swift ../Sources/LedgerCore/Formula/FormulaParser.swift ../Sources/LedgerCore/Formula/Formula+Evaluate.swift ../Sources/LedgerCore/Formula/FormulaError.swift ../Sources/LedgerCore/Formula/FormulaResult.swift"
flags=(-O -sanitize=fuzzer,address -parse-as-library -module-name Fuzz -swift-version 6)
build() { # name, sources...
  local name=$1; shift
  if [ ! -x "$out/$name" ] || [ -n "$(find "$@" -newer "$out/$name" 2>/dev/null)" ]; then
    echo "building $name"
    $SWIFTC "${flags[@]}" "$@" -o "$out/$name" 2> >(grep -v "Cannot export local symbol" >&2)
  fi
}
build fuzz-ledger-parser FuzzLedgerParser.swift $format
build fuzz-value-parser FuzzValueParser.swift $values
build fuzz-formula-parser FuzzFormulaParser.swift $formula $values
build fuzz-spreadsheet-xml FuzzSpreadsheetXML.swift $spreadsheet
status=0
for t in ledger-parser value-parser formula-parser spreadsheet-xml; do
  mkdir -p "corpus/$t"
  [ "$t" = ledger-parser ] && cp -n ../ledger-example/*/*.yaml ../ledger-example/*.yaml "corpus/$t/" 2>/dev/null || true
  [ "$t" = spreadsheet-xml ] && printf '%s' '<sst><si><t>a</t></si></sst><cellXfs><xf numFmtId="14"/></cellXfs><sheetData><row r="1"><c r="B1" t="s" s="0"><v>0</v></c><c t="inlineStr"><is><t>x&amp;y</t></is></c></row></sheetData>' > "corpus/$t/seed.xml"
  echo "fuzzing $t for ${SECONDS_EACH}s"
  if ! "$out/fuzz-$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -artifact_prefix="artifacts/$t-" -print_final_stats=1 "corpus/$t" > "$out/$t.log" 2>&1; then
    echo "FAILED: $t (see Fuzz/$out/$t.log and Fuzz/artifacts/)"; tail -30 "$out/$t.log"; status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$out/$t.log" | sed "s/^/  $t /"
  fi
done
exit $status
