// The project's benchmark (issue 8): every performance target (BENCHMARKS.md) measured side by side with
// its peer in one run. `make bench` (full sizes) or `.build/release/kpi-bench --quick`.
// `kpi-bench generate DIR [--people N] [--quarters Q] [--goals G] [--records-per-goal R] [--no-reviews]
//  [--commits C] [--hledger FILE]`
// writes a synthetic ledger (a git history of C commits when C > 0). `kpi-bench record-loop DIR N`:
// the in-process recording loop alone, for a profiler; `kpi-bench record-compare DIR`: the in-process
// recording rows alone (RecordRows.swift).
import Foundation
import GitStore
import LedgerCore
import LedgerFormat
import SyntheticLedger
import Yams

let args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
func intOption(_ name: String, _ def: Int) -> Int { option(name).flatMap { Int($0) } ?? def }

if args.first == "generate" {
    guard args.count >= 2 else { print("usage: kpi-bench generate DIR [--people N] [--quarters Q] [--goals G] [--records-per-goal R] [--no-reviews] [--commits C] [--hledger FILE]"); exit(2) }
    let dir = args[1]
    let spec = LedgerSpec(people: intOption("--people", 1000), quarters: intOption("--quarters", 4), goals: intOption("--goals", 5),
                          reviews: !args.contains("--no-reviews"), recordsPerGoal: intOption("--records-per-goal", 3))
    let commits = intOption("--commits", 0)
    do {
        if commits > 0 {
            let s = try spec.makeHistory(at: dir, commits: commits) { print("  \($0) commits", terminator: "\r"); fflush(nil) }
            print("\(dir): \(spec.people) people, \(spec.records) records, \(commits) commits (\(fmt(s, 1)) s)")
        } else {
            try spec.write(to: dir)
            print("\(dir): \(spec.people) people, \(spec.records) records, \(fmtMB(dirSize(dir)))")
        }
        if let j = option("--hledger") { try Data(spec.hledgerJournal()).write(to: URL(fileURLWithPath: j)) }
    } catch { print("error: \(error)"); exit(1) }
    exit(0)
}

if args.first == "record-loop", args.count >= 3, let n = Int(args[2]) {
    recordLoop(dir: args[1], count: n, warm: intOption("--warm", 10))
    exit(0)
}
if args.first == "record-compare", args.count >= 2 {
    // The in-process recording rows alone (RecordRows.swift), in work folder DIR (made anew).
    try? FileManager.default.removeItem(atPath: args[1])
    try! FileManager.default.createDirectory(atPath: args[1], withIntermediateDirectories: true)
    let rows = Table()
    inProcessRecordRows(work: args[1], quick: args.contains("--quick"), table: rows)
    print(rows.markdown())
    try? FileManager.default.removeItem(atPath: args[1])
    exit(0)
}
if args.first == "read-floor", args.count >= 2 {
    for _ in 0..<(args.count > 2 ? Int(args[2]) ?? 3 : 3) {
        for (way, floor) in [("lstat, open by path", readAll(args[1])), ("d_type, openat, O_NOFOLLOW", readAllAt(args[1]))] {
            print("\(way): \(fmtTime(floor.seconds)), CPU \(fmt(floor.cpu, 2)) s, \(floor.files) files, \(fmtMB(floor.bytes))")
        }
    }
    exit(0)
}

// A run starts by deleting its work folder, so anything but the options below (a typo, `--help`)
// prints the usage instead of starting one.
let runUsage = """
    usage: kpi-bench [--quick] [--only ROWS] [--kpi PATH] [--workdir DIR] [--million DIR] [--history-from DIR] [--example DIR]
           kpi-bench generate DIR [--people N] [--quarters Q] [--goals G] [--records-per-goal R] [--no-reviews] [--commits C] [--hledger FILE]
           kpi-bench record-loop DIR N [--warm W]
           kpi-bench record-compare DIR [--quick]
           kpi-bench read-floor DIR [ROUNDS]
      ROWS: a comma-separated list of parse, hledger, score, history, record, import, large, limits, serve (default: all)
    """
do {
    let valued: Set = ["--only", "--kpi", "--workdir", "--million", "--history-from", "--example"]
    var i = 0
    while i < args.count {
        if args[i] == "--help" || args[i] == "-h" { print(runUsage); exit(0) }
        if valued.contains(args[i]), i + 1 < args.count { i += 2; continue }
        if args[i] == "--quick" { i += 1; continue }
        print("kpi-bench: unexpected argument '\(args[i])'\n\(runUsage)")
        exit(2)
    }
}

let quick = args.contains("--quick") || ProcessInfo.processInfo.environment["KPI_BENCH_QUICK"] != nil
let only = option("--only").map { Set($0.split(separator: ",").map(String.init)) }
func want(_ s: String) -> Bool { only?.contains(s) ?? true }
let exeDir = (CommandLine.arguments[0] as NSString).deletingLastPathComponent
let kpi = option("--kpi") ?? (exeDir.isEmpty ? "kpi" : exeDir + "/kpi")
let work = option("--workdir") ?? NSTemporaryDirectory() + "kpi-bench"
try? FileManager.default.removeItem(atPath: work)
try! FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
let table = Table()
func say(_ s: String) { print(s); fflush(nil) }
func ratio(_ a: Double, _ b: Double) -> String { "\(fmt(b / a, 1))×" }
func must(_ r: RunResult, _ what: String) {
    if !r.ok { say("  ! \(what) failed (exit \(r.status)): \(String(decoding: r.stderr.prefix(2000), as: UTF8.self))") }
}

// `make bench` measures the kind of binary users install (`make release`: the Swift runtime linked in).
let linkage = String(decoding: run(["ldd", kpi]).stdout, as: UTF8.self).contains("libswiftCore")
    ? "Swift runtime linked dynamically, unlike `make release`" : "Swift runtime linked in, as `make release` builds it"
say("kpi-bench (\(quick ? "quick" : "full") run) — kpi binary: \(kpi) (\(linkage)), work folder: \(work)")

// MARK: 1. Parse throughput
if want("parse") {
    let targetMB = quick ? 10 : 100
    say("\n[parse] a \(targetMB) MB records file; parse + read every record's date/metric/value")
    let text = SyntheticFiles.largeRecordsFile(megabytes: targetMB).bytes
    let mb = Double(text.count) / 1_000_000
    var checksum = 0
    let t = best(3) {
        let doc = try! LedgerParser.parse(text, path: "bench.yaml")
        let recs = doc.value(forKey: "records", in: doc.root!)!
        for item in doc.items(recs) {
            if let v = doc.value(forKey: "value", in: item) { checksum &+= doc.string(v).utf8.count }
            if let d = doc.value(forKey: "date", in: item) { checksum &+= doc.string(d).utf8.count }
            if let m = doc.value(forKey: "metric", in: item) { checksum &+= doc.string(m).utf8.count }
        }
    }
    let yamsMB = quick ? 1 : 5
    var cut = min(text.count, yamsMB * 1_000_000)
    while cut < text.count, text[cut - 1] != UInt8(ascii: "\n") || text[cut] != UInt8(ascii: " ") { cut += 1 }
    let small = String(decoding: text[..<cut], as: UTF8.self)
    let ty = best(1) { _ = try! Yams.compose(yaml: small) }
    let ours = mb / t, yams = Double(cut) / 1_000_000 / ty
    table.add("parse (LedgerFormat vs Yams compose, \(yamsMB) MB)", "\(fmt(ours, 0)) MB/s", "\(fmt(yams, 1)) MB/s", "\(fmt(ours / yams, 0))× faster", "≥ 100 MB/s")
}

// MARK: 2. Parse + validate + score in-process, and `kpi score` / `kpi check` over 1,000,000 records
if want("score") { millionRows(kpi: kpi, work: work, quick: quick, reuse: option("--million"), table: table) }

// MARK: 3. kpi score against hledger balance --budget and ledger-cli balance (ScoreRows.swift)
if want("hledger") { scoreRows(table, work: work, quick: quick, kpi: kpi) }

// MARK: 4. History and audit over 10,000 commits against git log --raw (HistoryRows.swift)
if want("history") { historyRows(kpi: kpi, work: work, quick: quick, table: table, say: say) }

// MARK: 5–6. Recording one entry per commit, and `kpi import` of 100,000 rows (RecordRows.swift)
if want("record") { recordRows(kpi: kpi, work: work, quick: quick, historyFrom: option("--history-from"), table: table) }
if want("import") { importRows(kpi: kpi, work: work, quick: quick, table: table) }

// MARK: 7. Start-up and hostile files
if want("limits") {
    say("\n[limits] kpi check on the example ledger, and pathological files")
    let example = option("--example") ?? FileManager.default.currentDirectoryPath + "/ledger-example"
    var c = run([kpi, "-C", example, "check"], keepOutput: false)
    for _ in 0..<4 { let c2 = run([kpi, "-C", example, "check"], keepOutput: false); if c2.seconds < c.seconds { c = c2 } }
    must(c, "kpi check")
    let v = run([kpi, "--help"], keepOutput: false)
    table.add("kpi check, example ledger", fmtTime(c.seconds), "kpi --help \(fmtTime(v.seconds))", "\(fmt(c.seconds / max(v.seconds, 1e-6), 1))× start-up", "tens of ms")
    let base = LedgerSpec(people: 3, quarters: 1, goals: 2, reviews: false)
    func hostile(_ name: String, _ make: (String) throws -> Void) {
        let dir = work + "/hostile-\(name)"
        try! base.write(to: dir)
        try! make(dir + "/people/p000001.yaml")
        let r = run([kpi, "-C", dir, "check"])
        let msg = String(decoding: (r.stdout + r.stderr), as: UTF8.self).split(separator: "\n").first { $0.contains("people/p000001.yaml") } ?? "(no message about the file)"
        table.add("kpi check, \(name)", fmtTime(r.seconds), "exit \(r.status), peak \(fmt(Double(r.maxRSSKB) / 1000, 0)) MB", String(msg.prefix(110)).replacingOccurrences(of: "|", with: "\\|"), "refused quickly")
        try? FileManager.default.removeItem(atPath: dir)
    }
    hostile("1 GB single line") { path in
        let fd = open(path, O_WRONLY | O_TRUNC | O_CREAT, 0o644)
        _ = "name: ".withCString { write(fd, $0, 6) }
        ftruncate(fd, 1_000_000_000)
        close(fd)
    }
    hostile("10^6 nesting levels") { path in
        var s = "name: x\nk:\n"
        var indent = 1
        s.reserveCapacity(4_000_000)
        for _ in 0..<1_000_000 { s += "- "; indent += 1 }
        s += "a\n"
        try s.write(toFile: path, atomically: false, encoding: .utf8)
    }
    hostile("10^6 keys") { path in
        var s = "name: x\n"
        for i in 0..<1_000_000 { s += "k\(i): v\n" }
        try s.write(toFile: path, atomically: false, encoding: .utf8)
    }
}

// MARK: 8. `kpi serve`: the scoreboard page, cold and warm
if want("serve") {
    let people = quick ? 200 : 1_000
    let warmRuns = 20
    let spec = LedgerSpec(people: people, quarters: 4, goals: 5)
    say("\n[serve] `kpi serve --read-only --port 0` on \(people) people × 4 quarters × 5 goals; GET / once cold, then \(warmRuns) times warm")
    let dir = work + "/serve"
    try! spec.makeHistory(at: dir, commits: 0)
    let server = Process()
    server.executableURL = URL(fileURLWithPath: kpi)
    server.arguments = ["-C", dir, "serve", "--read-only", "--port", "0"]
    let out = Pipe()
    server.standardOutput = out
    server.standardError = FileHandle.nullDevice
    let started = now()
    try! server.run()
    // The server prints its URL (http://127.0.0.1:PORT/) once it listens.
    var line: [UInt8] = []
    while !line.contains(UInt8(ascii: "\n")) {
        let chunk = out.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line += chunk
    }
    let url = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let listening = now() - started
    if let port = url.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "/"))) }) {
        let t0 = now()
        let cold = httpGet(port: port, path: "/")
        let tCold = now() - t0
        var warm: [Double] = []
        var bad = cold.map { $0.status != 200 } ?? true
        for _ in 0..<warmRuns {
            let t = now()
            let r = httpGet(port: port, path: "/")
            warm.append(now() - t)
            if r?.status != 200 { bad = true }
        }
        warm.sort()
        let median = (warm[(warmRuns - 1) / 2] + warm[warmRuns / 2]) / 2
        if bad { say("  ! GET / did not answer 200 (cold: \(cold.map { String($0.status) } ?? "no answer"))") }
        table.add("kpi serve, GET / (scoreboard, \(people) people, \(fmtMB(cold?.bytes ?? 0)) page): warm median of \(warmRuns)",
                  fmtTime(median), "cold \(fmtTime(tCold)), listening after \(fmtTime(listening))",
                  "max warm \(fmtTime(warm.last!))", "< 100 ms warm")
    } else {
        say("  ! kpi serve printed no URL: \(url)")
    }
    server.terminate()
    server.waitUntilExit()
}

// MARK: 9. A large records file (issue 14): writes cost what they add, not the file's size
if want("large") {
    let mb = quick ? 10 : 100
    let dir = work + "/large"
    let spec = LedgerSpec(people: 10, quarters: 1, goals: 5, reviews: false)
    say("\n[large] a valid \(mb) MB records file of one person: kpi commit, kpi record and kpi import against git add && git commit")
    try! spec.makeHistory(at: dir, commits: 0)
    let path = "records/2026-Q1/\(LedgerSpec.personID(1)).yaml"
    let file = dir + "/" + path
    var text = try! [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
    text.reserveCapacity(mb * 1_000_000 + 1000)
    var n = 0
    while text.count < mb * 1_000_000 {
        let day = LedgerSpec.pad(n % 28 + 1, 2), month = LedgerSpec.pad(1 + (n / 28) % 3, 2)
        let (metric, value) = [("revenue", "\(1000 + n % 977)"), ("retention", "\(n % 97).\(n % 10)%"), ("nps", "\(n % 9 + 1)")][n % 3]
        text += Array("  - date: 2026-\(month)-\(day)\n    metric: \(metric)\n    value: \(value)\n    source: bulk \(n)\n".utf8)
        n += 1
    }
    try! Data(text).write(to: URL(fileURLWithPath: file))
    must(sh("git add \(path) && git commit -q -m 'bulk load'", cwd: dir), "git commit of the large file")
    func handAppend(_ i: Int) {
        let h = FileHandle(forWritingAtPath: file)!
        h.seekToEndOfFile()
        h.write(Data("  - date: 2026-03-28\n    metric: nps\n    value: \(10 + i)\n    source: by hand\n".utf8))
        try! h.close()
    }
    let mbText = fmtMB(text.count)
    handAppend(0)
    let g = sh("git add \(path) && git commit -q -m 'by hand'", cwd: dir)
    must(g, "git add && git commit")
    table.add("git add && git commit of a hand edit of the \(mbText) records file (the peer)", fmtTime(g.seconds), "—", "—", "—")
    func row(_ what: String, _ r: RunResult) {
        table.add("\(what), \(mbText) records file", "\(fmtTime(r.seconds)), peak \(fmt(Double(r.maxRSSKB) / 1000, 0)) MB",
                  "git add && commit \(fmtTime(g.seconds))", "\(fmt(g.seconds / r.seconds, 1))× git's speed",
                  "≤ git, memory a small multiple of the file")
    }
    handAppend(1)
    var r = run([kpi, "-C", dir, "commit", "-m", "by hand"], keepOutput: false)
    must(r, "kpi commit (first)")
    row("kpi commit of a record appended by hand, first (reads and summarises the file)", r)
    handAppend(2)
    r = run([kpi, "-C", dir, "commit", "-m", "by hand"], keepOutput: false)
    must(r, "kpi commit")
    row("kpi commit of a record appended by hand, summary kept", r)
    var records: [RunResult] = []
    for i in 0..<3 {
        records.append(run([kpi, "-C", dir, "record", LedgerSpec.personID(1), "nps", "\(20 + i)", "--date", "2026-03-2\(i)"], keepOutput: false))
        must(records.last!, "kpi record")
    }
    row("kpi record of one entry (best of 3)", records.min { $0.seconds < $1.seconds }!)
    // A change inside the file (not an append) reads and checks the whole file.
    must(sh("sed -i '0,/source: bulk 7$/s//source: bulk seven/' \(path)", cwd: dir), "hand edit")
    r = run([kpi, "-C", dir, "commit", "-m", "by hand"], keepOutput: false)
    must(r, "kpi commit (edit inside)")
    row("kpi commit of an edit inside the file (the whole file is read)", r)

    // kpi import of 100,000 rows as one commit: into one subject's new file, then into that file again.
    let rows = quick ? 10_000 : 100_000
    let csv = work + "/large-import.csv"
    for round in 0..<2 {
        var t = "subject,metric,date,value,source\n"
        for i in 0..<rows { t += "\(LedgerSpec.personID(2)),nps,2026-03-\(LedgerSpec.pad(i % 28 + 1, 2)),\(round * rows + i),import \(i)\n" }
        try! t.write(toFile: csv, atomically: true, encoding: .utf8)
        let r = run([kpi, "-C", dir, "import", csv], keepOutput: false)
        must(r, "kpi import")
        table.add("kpi import \(rows) rows into one subject's file (\(round == 0 ? "new" : "the same file again"))",
                  "\(fmtTime(r.seconds)), peak \(fmt(Double(r.maxRSSKB) / 1000, 0)) MB", "target 2 s",
                  "\(fmt(2 / r.seconds, 1))× target", "< 2 s, one commit", met: r.seconds < 2)
    }
}

say("\nResults (\(quick ? "quick" : "full") run):\n")
print(table.markdown())
