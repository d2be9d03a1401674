// Issue 16 target 4 (BENCHMARKS.md, "Writes that cost what they add"): recording one entry per
// commit, in-process and as a process, and `kpi import` of 100,000 rows as one commit, each
// beside git doing the same work in the same run. The machine is shared: each side runs
// interleaved with its peer, and ratios compare medians; CPU time (user + system, from wait4)
// is printed beside wall time, since under load the wall time is mostly waiting for a core.
import Foundation
import GitStore
import LedgerCore
import SyntheticLedger

func median(_ v: [Double]) -> Double {
    let s = v.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// `kpi-bench --only record`. `historyFrom`: a ledger made before by `kpi-bench generate DIR
/// --people 1000 --quarters 4 --goals 5 --commits 10000`, copied instead of made again.
func recordRows(kpi: String, work: String, quick: Bool, historyFrom: String?, table: Table) {
    inProcessRecordRows(work: work, quick: quick, table: table)
    processRecordRows(kpi: kpi, work: work, quick: quick, historyFrom: historyFrom, table: table)
}

/// The in-process rows of `recordRows` (also `kpi-bench record-compare`): `Recorder.record` and
/// `commitFiles` per entry on the 100-person ledger, interleaved with a git add && git commit loop.
func inProcessRecordRows(work: String, quick: Bool, table: Table) {
    let n = quick ? 100 : 1_000, rounds = 10
    let spec = LedgerSpec(people: 100, quarters: 1, goals: 5, reviews: false)
    say("\n[record] \(n) entries, one commit each, on a ledger of 100 people, in \(rounds) rounds interleaved with a git add && git commit loop")
    let dir = work + "/record"
    try! spec.makeHistory(at: dir, commits: 0)
    let store = try! LedgerStore.open(from: dir)
    let sig = Signature(name: "Bench", email: "bench@example.com", time: 1_775_000_000, offsetMinutes: 0)
    let recorder = Recorder(store: store, author: sig, committer: sig)
    let gdir = work + "/record-git"
    _ = sh("mkdir -p \(gdir) && cd \(gdir) && git init -q -b main && git config user.email b@example.com && git config user.name B && git config commit.gpgsign false")
    // The file-system calls of a record alone, in a copy of the ledger (RecordFloor).
    must(run(["cp", "-a", dir, work + "/record-floor"], keepOutput: false), "cp -a")
    let floor = RecordFloor(dir: work + "/record-floor")
    var perFloor: [Double] = [], cpuFloor: [Double] = []
    var perRecorder: [Double] = [], perGit: [Double] = []
    // CPU time too (this process's, and the git loop's from wait4): wall time on shared cores is
    // mostly waiting, and a loop of processes waits more than one process does.
    var cpuRecorder: [Double] = [], cpuGit: [Double] = [], systemRecorder: [Double] = []
    let each = n / rounds
    for round in 0..<rounds {
        let (c0, s0) = (processCPUSeconds(), processCPUSeconds(system: true))
        let t0 = now()
        for i in (round * each)..<((round + 1) * each) {
            _ = try! recorder.record(.init(subject: LedgerSpec.personID(i % 100), metric: "nps", date: Day(year: 2026, month: 2, day: 1 + i % 28)!,
                                           value: "\(i).5"))  // never a duplicate (kpi record refuses those)
        }
        perRecorder.append((now() - t0) / Double(each))
        cpuRecorder.append((processCPUSeconds() - c0) / Double(each))
        systemRecorder.append((processCPUSeconds(system: true) - s0) / Double(each))
        let (c1, t1) = (processCPUSeconds(), now())
        for i in (round * each)..<((round + 1) * each) { floor.once(i) }
        perFloor.append((now() - t1) / Double(each))
        cpuFloor.append((processCPUSeconds() - c1) / Double(each))
        let loop = "for i in $(seq \(round * each + 1) \((round + 1) * each)); do echo \"  - value: $i\" >> records.yaml; git add records.yaml && git commit -q -m \"record $i\"; done"
        let gl = sh(loop, cwd: gdir)
        must(gl, "git loop")
        perGit.append(gl.seconds / Double(each))
        cpuGit.append(gl.cpuSeconds / Double(each))
    }
    let (tRec, gPer) = (median(perRecorder), median(perGit))
    let (cRec, cGit) = (median(cpuRecorder), median(cpuGit))
    let t1 = now()
    var extra: [UInt8] = []
    for i in 0..<n {
        extra += Array("# raw commit \(i)\n".utf8)
        try! store.repository.commitFiles(["notes-bench.txt": extra], message: "bench \(i)", author: sig, committer: sig)
    }
    let tRaw = (now() - t1) / Double(n)
    table.add("record, in-process Recorder (validate + commit) per entry, median of \(rounds) rounds", fmtTime(tRec), "git add && commit \(fmtTime(gPer))",
              "\(fmt(gPer / tRec, 1))× faster", "≥ 5×", met: gPer / tRec >= 5)
    table.add("record, in-process Recorder per entry: CPU (user + system), median of \(rounds) rounds", "\(fmtTime(cRec)) (system \(fmtTime(median(systemRecorder))))", "git add && commit \(fmtTime(cGit))",
              "\(fmt(cGit / cRec, 1))× faster", "≥ 5×", met: cGit / cRec >= 5)
    table.add("commit, in-process GitStore commitFiles per entry", fmtTime(tRaw), "git add && commit \(fmtTime(gPer))",
              "\(fmt(gPer / tRaw, 1))× faster", "—")
    let (tFloor, cFloor) = (median(perFloor), median(cpuFloor))
    table.add("the file-system calls of one record alone (RecordFloor: its 8 new files, 3 renames over files, journal, reflogs; no checks, hashing or zlib)",
              "\(fmtTime(tFloor)), CPU \(fmtTime(cFloor))", "git add && commit \(fmtTime(gPer)), CPU \(fmtTime(cGit))",
              "\(fmt(gPer / tFloor, 1))× faster, CPU \(fmt(cGit / cFloor, 1))×", "—")
    try? FileManager.default.removeItem(atPath: work + "/record-floor")
    // Most of a record's CPU is the kernel's, creating files (perf: over half its samples in
    // ext4's inode allocator, `find_inode_bit` and `recently_deleted`, which steps past inodes
    // freed in the last seconds of the folder's block group). The floor above makes the record's
    // own file calls in a copy of its repository; these rows make one file in a new folder of
    // their own: the difference is the ledger's folders' recent churn, not the calls themselves.
    let made = fileCalls(in: work + "/record-files", times: quick ? 50 : 200)
    table.add("one file created in a new folder of its own (1.4 KB: opened new, written, closed; a record creates ~7 in its repository), median of 5 rounds",
              "\(fmtTime(made.create.wall)), CPU \(fmtTime(made.create.cpu)); 7 of them CPU \(fmtTime(7 * made.create.cpu))",
              "git add && commit CPU \(fmtTime(cGit)), a fifth \(fmtTime(cGit / 5))", "7 creations = \(fmt(7 * made.create.cpu / (cGit / 5), 2))× a fifth of git's CPU", "—")
    table.add("one file replaced atomically in a new folder of its own (1.4 KB written to a new file, renamed over the old; a record replaces 3 files so, git add && commit 2), median of 5 rounds",
              "\(fmtTime(made.replace.wall)), CPU \(fmtTime(made.replace.cpu))", "git add && commit \(fmtTime(gPer)), a fifth \(fmtTime(gPer / 5))",
              "3 replacements = \(fmt(3 * made.replace.wall / (gPer / 5), 2))× a fifth of git's time", "—")

}

/// As processes on the 1,000-person ledger after its 10,000 commits, each `kpi record`
/// followed by one git add && git commit of a records file in that same repository.
func processRecordRows(kpi: String, work: String, quick: Bool, historyFrom: String?, table: Table) {
    let people = quick ? 200 : 1_000, commits = quick ? 1_000 : 10_000, kh = 31
    let hdir = work + "/record-history"
    if let from = historyFrom {
        must(run(["cp", "-a", from, hdir], keepOutput: false), "cp -a \(from)")
        say("  copied the ledger of \(from)")
    } else {
        let big = LedgerSpec(people: people, quarters: 4, goals: 5)
        let made = try! big.makeHistory(at: hdir, commits: commits)
        say("  made the \(people)-person ledger with \(commits) commits in \(fmt(made, 1)) s")
    }
    // One write first, so every measured one finds kpi's caches as a ledger in use has them.
    must(run([kpi, "-C", hdir, "record", LedgerSpec.personID(1), "nps", "0.5", "--date", "2026-11-01"], keepOutput: false), "kpi record")
    let file = "records/2026-Q4/\(LedgerSpec.personID(people - 1)).yaml"
    var kt: [Double] = [], gt: [Double] = [], kc: [Double] = [], gc: [Double] = []
    for i in 0..<kh {
        let r = run([kpi, "-C", hdir, "record", LedgerSpec.personID(i * 37 % (people - 1)), "nps", "\(i).5", "--date", "2026-11-\(10 + i % 18)"], keepOutput: false)
        if !r.ok { must(r, "kpi record") }
        kt.append(r.seconds)
        kc.append(r.cpuSeconds)
        let g = sh("printf '  - date: 2026-11-2\(i % 9)\\n    metric: nps\\n    value: \(i).25\\n' >> \(file) && git add \(file) && git commit -q -m 'record \(i)'", cwd: hdir)
        if !g.ok { must(g, "git add && git commit") }
        gt.append(g.seconds)
        gc.append(g.cpuSeconds)
    }
    let (km, gm, kcm, gcm) = (median(kt), median(gt), median(kc), median(gc))
    let what = "`kpi record` process, \(people)-person ledger after \(commits) commits (median of \(kh), interleaved)"
    table.add(what + ": wall", fmtTime(km), "git add && commit there \(fmtTime(gm))", "\(fmt(gm / km, 2))× git's speed", "≥ 1× (no slower)", met: km <= gm)
    table.add(what + ": CPU", fmtTime(kcm), "git add && commit there \(fmtTime(gcm))", "\(fmt(gcm / kcm, 2))× git's speed", "≥ 1× (no slower)", met: kcm <= gcm)
}

/// `kpi-bench --only import`: 100,000 rows as one commit into the 1,000-person ledger, spread
/// over the 1,000 people's files and into one person's file (new, then that file again); the
/// peer is `git add -A && git commit` of the same files in a copy of the same ledger.
func importRows(kpi: String, work: String, quick: Bool, table: Table) {
    let n = quick ? 10_000 : 100_000
    let spec = LedgerSpec(people: 1_000, quarters: 1, goals: 5, reviews: false)
    say("\n[import] \(n) records from CSV into a ledger of 1,000 people, one commit (spread over the 1,000 files; into one file, twice)")
    let base = work + "/import-base"
    try! spec.makeHistory(at: base, commits: 0)
    // Every row a new record (a repeated subject, metric, day and value is refused as a duplicate).
    var spread = "subject,metric,date,value,source\n"
    for i in 0..<n { spread += "\(LedgerSpec.personID(i % 1000)),new_users,2026-03-\(10 + i % 18),\(100 + i),import\n" }
    func oneFile(_ from: Int) -> String {
        var t = "subject,metric,date,value,source\n"
        for i in 0..<n { t += "\(LedgerSpec.personID(2)),nps,2026-03-\(LedgerSpec.pad(i % 28 + 1, 2)),\(from + i),import \(i)\n" }
        return t
    }
    func commitCount(_ dir: String) -> Int {
        Int(String(decoding: run(["git", "-C", dir, "rev-list", "--count", "HEAD"]).stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
    let cases = [("over 1,000 people's files", [spread]), ("into one subject's file, new then again", [oneFile(0), oneFile(n)])]
    for (c, (name, csvs)) in cases.enumerated() {
        let dir = work + "/import-\(c)", peer = work + "/import-\(c)-git"
        must(run(["cp", "-a", base, dir], keepOutput: false), "cp -a")
        must(run(["cp", "-a", base, peer], keepOutput: false), "cp -a")
        for (round, text) in csvs.enumerated() {
            let csv = work + "/import-\(c)-\(round).csv"
            try! text.write(toFile: csv, atomically: true, encoding: .utf8)
            let before = commitCount(dir)
            let r = run([kpi, "-C", dir, "import", csv], keepOutput: false)
            must(r, "kpi import")
            let commits = commitCount(dir) - before
            // The peer: the same change, as files, committed by git.
            must(sh("git -C \(dir) diff --binary HEAD~1 HEAD | git -C \(peer) apply --whitespace=nowarn"), "git apply")
            let g = sh("git add -A && git commit -q -m import", cwd: peer)
            must(g, "git add -A && git commit")
            let label = "kpi import \(n) rows \(name)\(csvs.count > 1 ? (round == 0 ? ": new file" : ": the same file again") : "") (CSV \(fmtMB(text.utf8.count)))"
            table.add(label + ": wall", "\(fmtTime(r.seconds)), peak \(fmt(Double(r.maxRSSKB) / 1000, 0)) MB, \(commits) commit\(commits == 1 ? "" : "s")",
                      "git add -A && commit \(fmtTime(g.seconds))", "\(fmt(g.seconds / r.seconds, 2))× git's speed", "< 2 s, one commit",
                      met: r.seconds < 2 && commits == 1)
            table.add(label + ": CPU", fmtTime(r.cpuSeconds), "git add -A && commit \(fmtTime(g.cpuSeconds))",
                      "\(fmt(g.cpuSeconds / r.cpuSeconds, 2))× git's speed", "< 2 s", met: r.cpuSeconds < 2)
        }
        try? FileManager.default.removeItem(atPath: dir)
        try? FileManager.default.removeItem(atPath: peer)
    }
    try? FileManager.default.removeItem(atPath: base)
}

/// User + system CPU time of this process so far (getrusage), in seconds; `system`: the
/// kernel's part alone.
func processCPUSeconds(system: Bool = false) -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    if system { return Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6 }
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

/// `kpi-bench record-loop DIR N [--warm W]`: the in-process row's work alone, for a profiler
/// (`valgrind --tool=callgrind`): the 100-person ledger of `recordRows` made at DIR, W records
/// (default 10) to warm kpi's caches, then N more, each one commit. Instructions per record:
/// the difference between two runs with different N, divided by the difference of N. Prints the
/// N records' wall, user and system time per record; before them it calls `access` on
/// `/kpi-bench-record-loop-measured`, a mark to cut an `strace -f -T` log at.
func recordLoop(dir: String, count: Int, warm: Int) {
    let spec = LedgerSpec(people: 100, quarters: 1, goals: 5, reviews: false)
    try! spec.makeHistory(at: dir, commits: 0)
    let store = try! LedgerStore.open(from: dir)
    let sig = Signature(name: "Bench", email: "bench@example.com", time: 1_775_000_000, offsetMinutes: 0)
    let recorder = Recorder(store: store, author: sig, committer: sig)
    func record(_ i: Int) {
        _ = try! recorder.record(.init(subject: LedgerSpec.personID(i % 100), metric: "nps", date: Day(year: 2026, month: 2, day: 1 + i % 28)!,
                                       value: "\(i).5"))
    }
    for i in 0..<warm { record(i) }
    _ = access("/kpi-bench-record-loop-measured", F_OK)
    var u0 = rusage(), u1 = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u0)
    let t0 = now()
    for i in warm..<(warm + count) { record(i) }
    let wall = now() - t0
    getrusage(RUSAGE_SELF.rawValue, &u1)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    let per = { (s: Double) in fmt(s / Double(max(count, 1)) * 1000, 3) + " ms" }
    print("record-loop: \(count) records after \(warm): wall \(per(wall)), user \(per(seconds(u1.ru_utime) - seconds(u0.ru_utime))), system \(per(seconds(u1.ru_stime) - seconds(u0.ru_stime))) per record")
}

/// The system calls one `Recorder.record` makes on its files, without any of its work between
/// them (no check, hash, zlib or tree): five objects as unnamed files linked to their names, the
/// index lock's mark linked as `index.lock`, the journal written in place, the records file
/// written beside itself and renamed over it, the index written into the lock, the branch's lock
/// written, both reflogs appended, the lock renamed over the ref and `index.lock` over the index,
/// the mark deleted and the journal marked done. On a copy of the ledger (its objects are not
/// objects: the copy is thrown away). Its time is the least a record can take on this file
/// system, whatever kpi's code does (BENCHMARKS.md, "In-process recording, session 8").
final class RecordFloor {
    let dir: String
    private let index: [UInt8], records: [[UInt8]]
    private let objects = [1_441, 4_000, 60, 220, 180].map { [UInt8](repeating: 0x61, count: $0) }

    init(dir: String) {
        self.dir = dir
        index = Array(FileManager.default.contents(atPath: dir + "/.git/index")!)
        records = (0..<100).map { Array(FileManager.default.contents(atPath: dir + "/records/2026-Q1/\(LedgerSpec.personID($0)).yaml") ?? Data(count: 1_400)) }
        mkdir(dir + "/.git/kpi", 0o755)
    }

    private func put(_ path: String, _ bytes: [UInt8], flags: Int32) {
        let fd = open(path, O_WRONLY | O_CLOEXEC | flags, 0o644)
        precondition(fd >= 0, "\(path): \(errno)")
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    func once(_ i: Int) {
        let g = dir + "/.git/"
        for (k, object) in objects.enumerated() {
            let name = String(format: "%02x/%038x", (i * 5 + k) % 256, i * 5 + k)
            _ = utimes(g + "objects/" + name, nil)
            let fd = open(g + "objects", O_WRONLY | O_CLOEXEC | 0o20_200_000, 0o444)   // O_TMPFILE (Linux: __O_TMPFILE | O_DIRECTORY)
            _ = object.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, g + "objects/" + name, AT_SYMLINK_FOLLOW) != 0, errno == ENOENT {
                mkdir(g + "objects/" + name.prefix(2), 0o755)
                _ = linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, g + "objects/" + name, AT_SYMLINK_FOLLOW)
            }
            close(fd)
        }
        let mark = g + "kpi/index.lock-\(getpid())"
        let markFD = open(mark, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        _ = link(mark, g + "index.lock")
        put(g + "kpi/floor-journal", [UInt8](repeating: 0x6a, count: 450), flags: O_CREAT)
        let file = dir + "/records/2026-Q1/\(LedgerSpec.personID(i % 100)).yaml", temp = file + ".floor.tmp"
        put(temp, records[i % 100] + Array("  - date: 2026-02-01\n    metric: nps\n    value: \(i).5\n".utf8), flags: O_CREAT | O_EXCL)
        _ = rename(temp, file)
        _ = index.withUnsafeBytes { write(markFD, $0.baseAddress, $0.count) }
        let lock = g + "refs/heads/main.lock"
        put(lock, Array(String(format: "%040x\n", i).utf8), flags: O_CREAT | O_EXCL)
        let line = [UInt8](repeating: 0x72, count: 224) + [10]
        put(g + "logs/refs/heads/main", line, flags: O_CREAT | O_APPEND)
        put(g + "logs/HEAD", line, flags: O_CREAT | O_APPEND)
        _ = rename(lock, g + "refs/heads/main")
        close(markFD)
        _ = rename(g + "index.lock", g + "index")
        unlink(mark)
        let fd = open(g + "kpi/floor-journal", O_WRONLY | O_CLOEXEC)
        _ = lseek(fd, 405, SEEK_SET)
        _ = write(fd, "done", 4)
        close(fd)
    }
}

/// A file created (opened new, written, closed, removed again after the round) and a file
/// replaced (written whole under a new name, then renamed over the old) as kpi and git create and
/// replace files, `times` times in each of 5 rounds: the median round's wall and CPU per call.
func fileCalls(in dir: String, times: Int) -> (create: (wall: Double, cpu: Double), replace: (wall: Double, cpu: Double)) {
    try? FileManager.default.removeItem(atPath: dir)
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let bytes = [UInt8](repeating: 0x61, count: 1_400), file = dir + "/records.yaml", temp = dir + "/.records.yaml.tmp"
    func put(_ path: String, _ flags: Int32) {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0o644)
        precondition(fd >= 0, "\(path): \(errno)")
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
    func perCall(_ body: (Int) -> Void, after: () -> Void) -> (wall: Double, cpu: Double) {
        var walls: [Double] = [], cpus: [Double] = []
        for _ in 0..<5 {
            let (t0, c0) = (now(), processCPUSeconds())
            for i in 0..<times { body(i) }
            walls.append((now() - t0) / Double(times))
            cpus.append((processCPUSeconds() - c0) / Double(times))
            after()
        }
        return (median(walls), median(cpus))
    }
    let create = perCall({ put(dir + "/new-\($0)", O_EXCL) }, after: { for i in 0..<times { unlink(dir + "/new-\(i)") } })
    put(file, O_TRUNC)
    let replace = perCall({ _ in put(temp, O_TRUNC); _ = rename(temp, file) }, after: {})
    return (create, replace)
}
