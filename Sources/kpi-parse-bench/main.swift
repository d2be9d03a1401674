// Parse-speed benchmark for LedgerFormat: a ~100 MB records file in the ledger's shape,
// parsed several times, every record's date/metric/value read as Strings.
// Run: swift build -c release --product kpi-parse-bench && .build/release/kpi-parse-bench [MB]
//
// `kpi-parse-bench ledger DIR [ROUNDS]`: the in-process row of `make bench` ("parse+validate+score
// in-process", kpi-bench's MillionRows.swift) on the ledger in DIR (e.g. one `kpi-bench generate`
// wrote): its files read into memory first (.git left out), then `LedgerLoader.load` and the
// year's `Scorer.report`, timed alone, so a profile of this process is the row's work.
import LedgerCore
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

/// Every regular file under `root` (its `.git` left out), as a path relative to it and its bytes.
func ledgerFiles(_ root: String) -> [(path: String, bytes: [UInt8])] {
    var out: [(path: String, bytes: [UInt8])] = []
    func walk(_ rel: String) {
        guard let d = opendir(rel.isEmpty ? root : root + "/" + rel) else { return }
        defer { closedir(d) }
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            if name == "." || name == ".." || (rel.isEmpty && name == ".git") { continue }
            let path = rel.isEmpty ? name : rel + "/" + name
            if e.pointee.d_type == UInt8(DT_DIR) { walk(path); continue }
            guard let f = fopen(root + "/" + path, "rb") else { continue }
            fseek(f, 0, SEEK_END)
            let size = ftell(f)
            fseek(f, 0, SEEK_SET)
            let bytes = [UInt8](unsafeUninitializedCapacity: size) { b, n in n = fread(b.baseAddress, 1, size, f) }
            fclose(f)
            out.append((path, bytes))
        }
    }
    walk("")
    return out
}

if CommandLine.arguments.count > 2, CommandLine.arguments[1] == "ledger" {
    let files = ledgerFiles(CommandLine.arguments[2])
    let rounds = CommandLine.arguments.count > 3 ? Int(CommandLine.arguments[3]) ?? 1 : 1
    let bytes = files.reduce(0) { $0 + $1.bytes.count }
    var best = Double.infinity, subjects = 0
    for _ in 0..<rounds {
        let t0 = now()
        let ledger = LedgerLoader.load(files: files)
        let report = Scorer(ledger: ledger).report(quarters: Quarter.quarters(ofYear: 2026), subjects: nil, revision: nil)
        subjects = report.subjects.count
        best = min(best, now() - t0)
    }
    print("\(files.count) files, \(bytes) bytes, \(subjects) scores: \(String(format2: Double(bytes) / 1e6 / best)) MB/s (best of \(rounds))")
    exit(0)
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
