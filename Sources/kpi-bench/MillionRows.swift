// Issue 16 target 2: a million records. `kpi score --year` (time, peak memory against the
// ledger's size) and `kpi check` (MB/s), beside the floor they cannot beat: reading the same
// files at all (`find -exec cat`). Results and how to read them: BENCHMARKS.md, "A million
// records".
import Foundation
import LedgerCore

/// The rows. `reuse`: a folder for the 16,700-person ledger (`--million DIR`): generated there
/// when it holds none, kept afterwards, so a second run skips the generation.
func millionRows(kpi: String, work: String, quick: Bool, reuse: String?, table: Table) {
    let people = quick ? 1_700 : 16_700
    let spec = LedgerSpec(people: people, quarters: 4, goals: 5)
    say("\n[score] \(people) people × 4 quarters × 5 goals, monthly records: \(spec.records) records")
    let files = spec.files()
    let bytes = files.reduce(0) { $0 + $1.1.count }
    var subjects = 0
    let t = best(quick ? 3 : 1) {
        let ledger = LedgerLoader.load(files: files.map { (path: $0.0, bytes: $0.1) })
        let report = Scorer(ledger: ledger).report(quarters: Quarter.quarters(ofYear: 2026), subjects: nil, revision: nil)
        subjects = report.subjects.count
    }
    table.add("parse+validate+score in-process (\(fmtMB(bytes)), \(subjects) scores)", "\(fmt(Double(bytes) / 1e6 / t, 0)) MB/s",
              "target 100 MB/s", "\(fmt(Double(bytes) / 1e6 / t / 100, 2))× target", "≥ 100 MB/s", met: Double(bytes) / 1e6 / t >= 100)
    // The same million records two ways: a file per person and quarter (every sheet small), and
    // 2,000 record files of 500 records each (500 people × 4 quarters, 100 records per goal).
    let dense = LedgerSpec(people: quick ? 50 : 500, quarters: 4, goals: 5, recordsPerGoal: 100)
    let shapes: [(String, LedgerSpec, String?)] = [("\(people) people's sheets", spec, quick ? nil : reuse),
                                                   ("\(dense.people * 4) record files", dense, nil)]
    for (name, s, kept) in shapes {
        let dir = kept ?? work + "/score-\(s.people)"
        if !FileManager.default.fileExists(atPath: dir + "/" + LedgerLayout.settingsFile) {
            let t0 = now()
            try! s.write(to: dir)
            say("  generated \(dir) in \(fmt(now() - t0, 1)) s")
        }
        // Committed to git, as a ledger is kept: the parsed-file cache needs a repository.
        if !FileManager.default.fileExists(atPath: dir + "/.git") {
            let git = ["git", "-C", dir, "-c", "user.name=Bench", "-c", "user.email=bench@example.com"]
            must(run(git + ["init", "-q"], keepOutput: false), "git init")
            must(run(git + ["add", "-A"], keepOutput: false), "git add")
            must(run(git + ["commit", "-q", "-m", "ledger"], keepOutput: false), "git commit")
        }
        let size = dirSize(dir)
        let startup = run([kpi, "--help"])
        // The floor: every file opened and read once, by a C program, one core.
        let floor = run(["find", dir, "-type", "f", "-exec", "cat", "{}", "+"], keepOutput: false)
        let floorRate = Double(size) / 1e6 / floor.seconds
        table.add("reading the files at all (find -exec cat), \(name) (\(fmtMB(size)))", fmtTime(floor.seconds),
                  "CPU \(fmt(floor.cpuSeconds, 2)) s", "\(fmt(floorRate, 0)) MB/s", "—")
        func best2(_ argv: [String], _ what: String) -> RunResult {
            var r = run(argv, keepOutput: false)
            must(r, what)
            let r2 = run(argv, keepOutput: false)
            if r2.seconds < r.seconds { r = r2 }
            return r
        }
        /// A run with no parsed-file cache (it leaves one), then the best of two with it.
        func coldWarm(_ args: [String], _ what: String) -> [(String, RunResult)] {
            let cold = run(["sh", "-c", "rm -f \"$0/.git/kpi/files-v1\" && exec \"$@\"", dir, kpi, "-C", dir] + args, keepOutput: false)
            must(cold, what + ", cold")
            return [("cold", cold), ("warm", best2([kpi, "-C", dir] + args, what + ", warm"))]
        }
        for (state, r) in coldWarm(["score", "--year", "2026", "--format", "json"], "kpi score") {
            table.add("kpi score --year, \(s.records) records in \(name) (\(fmtMB(size))), \(state): time", fmtTime(r.seconds),
                      "start-up \(fmtTime(startup.seconds)); CPU \(fmt(r.cpuSeconds, 2)) s", "\(fmt(Double(s.records) / r.seconds / 1e6, 2)) M records/s",
                      "< 1 s", met: r.seconds < 1)
            table.add("kpi score --year, \(s.records) records in \(name), \(state): peak memory", "\(fmt(Double(r.maxRSSKB) / 1000, 0)) MB", "ledger \(fmtMB(size))",
                      "\(fmt(Double(r.maxRSSKB) * 1000 / Double(size), 2))× ledger size", "< 1×", met: Double(r.maxRSSKB) * 1000 < Double(size))
        }
        for (state, c) in coldWarm(["check"], "kpi check") {
            let mbs = Double(size) / 1e6 / c.seconds
            table.add("kpi check, \(s.records) records in \(name) (\(fmtMB(size))), \(state)", fmtTime(c.seconds),
                      "peak \(fmt(Double(c.maxRSSKB) / 1000, 0)) MB; CPU \(fmt(c.cpuSeconds, 2)) s (\(fmt(Double(size) / 1e6 / c.cpuSeconds, 0)) MB/s of CPU)",
                      "\(fmt(mbs, 0)) MB/s", "≥ 100 MB/s", met: mbs >= 100)
        }
        if kept == nil { try? FileManager.default.removeItem(atPath: dir) }
    }
}
