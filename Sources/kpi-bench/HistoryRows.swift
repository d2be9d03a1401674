import Foundation
import LedgerCore

/// Issue 16 item 3: `kpi audit` and `kpi history` over 10,000 commits against `git log --raw`
/// measured in the same run, on loose objects as written in-process and packed as `git gc`
/// (or a clone) leaves them: cold (no `.git/kpi`) ≤ 1×, warm ≤ 0.2× (BENCHMARKS.md, "Issue 16
/// item 3"). Beside them, the physical floor of a cold run: `git cat-file --batch` reading every
/// blob the history changed (both sides of each change), which kpi must read and git log does not.
func historyRows(kpi: String, work: String, quick: Bool, table: Table, say: (String) -> Void) {
    let commits = quick ? 1_000 : 10_000
    let people = quick ? 200 : 750
    let spec = LedgerSpec(people: people, quarters: 4, goals: 5)
    let dir = work + "/history"
    say("\n[history] \(people) people (\(spec.files().count) files), \(commits) commits made in-process")
    let s = try! spec.makeHistory(at: dir, commits: commits)
    say("  made \(commits) commits in \(fmt(s, 1)) s (\(fmt(Double(commits) / s, 0)) commits/s, in-process, index and files updated once at the end)")
    func check(_ r: RunResult, _ what: String) {
        if !r.ok { say("  ! \(what) failed (exit \(r.status)): \(String(decoding: r.stderr.prefix(2000), as: UTF8.self))") }
    }
    // Every blob a change names, old and new side, once (the root commit's files included).
    let raw = run(["git", "-C", dir, "log", "--raw", "--no-abbrev", "--root", "--format="], keepOutput: true)
    check(raw, "git log --raw --root")
    var blobs = Set<Substring>()
    for line in String(decoding: raw.stdout, as: UTF8.self).split(separator: "\n") where line.hasPrefix(":") {
        let f = line.split(separator: " ", maxSplits: 5)
        guard f.count >= 4 else { continue }
        for id in [f[2], f[3]] where id.count == 40 && id.contains(where: { $0 != "0" }) { blobs.insert(id) }
    }
    let list = work + "/history-blobs.txt"
    try! Data((blobs.sorted().joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: list))

    for layout in ["loose", "packed"] {
        if layout == "packed" { check(run(["git", "-C", dir, "gc", "-q"], keepOutput: false), "git gc") }
        let g = run(["git", "-C", dir, "log", "--raw", "--no-abbrev", "main"], keepOutput: false)
        check(g, "git log --raw")
        let g2 = run(["git", "-C", dir, "log", "--raw", "--no-abbrev", "main"], keepOutput: false)
        let git = min(g.seconds, g2.seconds)
        let floor = sh("git -C \(dir) cat-file --batch < \(list) > /dev/null")
        check(floor, "git cat-file --batch")
        table.add("git cat-file --batch of the \(blobs.count) blobs the history changed, \(layout) (the floor a cold run adds to git log)",
                  fmtTime(floor.seconds), fmtTime(git), "\(fmt(floor.seconds / git, 2))× git log's time", "—")
        let cache = dir + "/.git/kpi"
        for (name, argv) in [("kpi audit", ["audit", "--format", "json"]), ("kpi history", ["history", LedgerSpec.personID(5), "--format", "json"])] {
            // Timed with the output to /dev/null, as git log's is: a 10 MB report written to a
            // file costs kpi ~25 ms of kernel copying that git's side does not pay. The outputs
            // are compared by a second, untimed cold and warm pair.
            try? FileManager.default.removeItem(atPath: cache)
            let cold = run([kpi, "-C", dir] + argv, keepOutput: false)
            if cold.status > 1 { check(cold, name) }
            let warm = run([kpi, "-C", dir] + argv, keepOutput: false)
            try? FileManager.default.removeItem(atPath: cache)
            let coldText = run([kpi, "-C", dir] + argv, keepOutput: true)
            let warmText = run([kpi, "-C", dir] + argv, keepOutput: true)
            let same = !coldText.stdout.isEmpty && coldText.stdout == warmText.stdout
            table.add("\(name), \(commits) commits, \(layout), cold cache (vs git log --raw)", fmtTime(cold.seconds), fmtTime(git),
                      "\(fmt(cold.seconds / git, 2))× git's time", "≤ 1× git log", met: cold.seconds <= git)
            table.add("\(name), \(commits) commits, \(layout), warm cache (vs git log --raw)", fmtTime(warm.seconds), fmtTime(git),
                      "\(fmt(warm.seconds / git, 2))× git's time\(same ? "" : " — OUTPUT DIFFERS")", "≤ 0.2× git log",
                      met: same && warm.seconds <= 0.2 * git)
        }
    }
}
