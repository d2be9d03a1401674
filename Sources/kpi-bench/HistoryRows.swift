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

    // Each row is the median of `rounds` interleaved rounds (git log, then each kpi command cold
    // and warm), so a slow moment of this shared machine falls on one round of both sides rather
    // than on one side's single run. kpi is timed with its output to /dev/null, as git log is: a
    // 10 MB report written to a file cost kpi ~25 ms of kernel copying git's side did not pay.
    let rounds = quick ? 1 : 5
    let commands = [("kpi audit", ["audit", "--format", "json"]), ("kpi history", ["history", LedgerSpec.personID(5), "--format", "json"])]
    for layout in ["loose", "packed"] {
        if layout == "packed" { check(run(["git", "-C", dir, "gc", "-q"], keepOutput: false), "git gc") }
        let cache = dir + "/.git/kpi"
        var gitTimes: [Double] = []
        var coldTimes = Array(repeating: [Double](), count: commands.count)
        var warmTimes = coldTimes
        for _ in 0..<rounds {
            let g = run(["git", "-C", dir, "log", "--raw", "--no-abbrev", "main"], keepOutput: false)
            check(g, "git log --raw")
            gitTimes.append(g.seconds)
            for (c, (name, argv)) in commands.enumerated() {
                try? FileManager.default.removeItem(atPath: cache)
                let cold = run([kpi, "-C", dir] + argv, keepOutput: false)
                if cold.status > 1 { check(cold, name) }
                coldTimes[c].append(cold.seconds)
                warmTimes[c].append(run([kpi, "-C", dir] + argv, keepOutput: false).seconds)
            }
        }
        let git = median(gitTimes)
        let floor = sh("git -C \(dir) cat-file --batch < \(list) > /dev/null")
        check(floor, "git cat-file --batch")
        table.add("git cat-file --batch of the \(blobs.count) blobs the history changed, \(layout) (the floor a cold run adds to git log)",
                  fmtTime(floor.seconds), fmtTime(git), "\(fmt(floor.seconds / git, 2))× git log's time", "—")
        for (c, (name, argv)) in commands.enumerated() {
            // The outputs compared by an untimed cold and warm pair.
            try? FileManager.default.removeItem(atPath: cache)
            let coldText = run([kpi, "-C", dir] + argv, keepOutput: true)
            let warmText = run([kpi, "-C", dir] + argv, keepOutput: true)
            let same = !coldText.stdout.isEmpty && coldText.stdout == warmText.stdout
            let cold = median(coldTimes[c]), warm = median(warmTimes[c])
            let of = rounds == 1 ? "" : ", median of \(rounds) interleaved"
            table.add("\(name), \(commits) commits, \(layout), cold cache (vs git log --raw\(of))", fmtTime(cold), fmtTime(git),
                      "\(fmt(cold / git, 2))× git's time", "≤ 1× git log", met: cold <= git)
            table.add("\(name), \(commits) commits, \(layout), warm cache (vs git log --raw\(of))", fmtTime(warm), fmtTime(git),
                      "\(fmt(warm / git, 2))× git's time\(same ? "" : " — OUTPUT DIFFERS")", "≤ 0.2× git log",
                      met: same && warm <= 0.2 * git)
        }
    }
}
