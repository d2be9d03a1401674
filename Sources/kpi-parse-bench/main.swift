// Parse-speed benchmark for LedgerFormat: a ~100 MB records file in the ledger's shape,
// parsed several times, every record's date/metric/value read as Strings.
// Run: swift build -c release --product kpi-parse-bench && .build/release/kpi-parse-bench [MB]
import LedgerFormat
import SyntheticLedger

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let targetMB = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 100 : 100
let (text, n) = SyntheticFiles.largeRecordsFile(megabytes: targetMB, header: "# records/2026-Q3/alice.yaml\n")
let mb = Double(text.count) / 1_000_000
print("generated \(n) records, \(String(format2: mb)) MB")

var best = Double.infinity
var bestParse = Double.infinity
var checksum = 0
for _ in 0..<5 {
    let t0 = now()
    let doc: LedgerDocument
    do { doc = try LedgerParser.parse(text, path: "bench.yaml") } catch { print(error); exit(1) }
    let t1 = now()
    guard let root = doc.root, let recs = doc.value(forKey: "records", in: root) else { print("no records"); exit(1) }
    var count = 0
    for item in doc.items(recs) {
        if let d = doc.value(forKey: "date", in: item) { checksum &+= doc.string(d).utf8.count }
        if let m = doc.value(forKey: "metric", in: item) { checksum &+= doc.string(m).utf8.count }
        if let v = doc.value(forKey: "value", in: item) { checksum &+= doc.string(v).utf8.count }
        count += 1
    }
    let t2 = now()
    precondition(count == n)
    bestParse = min(bestParse, t1 - t0)
    best = min(best, t2 - t0)
}
print("parse only:   \(String(format2: mb / bestParse)) MB/s")
print("parse + walk: \(String(format2: mb / best)) MB/s  (best of 5; checksum \(checksum))")

extension String {
    init(format2 v: Double) { self = String(Double(Int(v * 10)) / 10) }
}
