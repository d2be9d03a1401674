import Foundation
import XCTest

/// A kpi killed at any system call of a write: the next kpi command — whatever it is — finds
/// the change fully committed or fully absent (HEAD, index and working files agreeing), says
/// what it recovered, and leaves no lock or temporary file behind (docs/reliability.md).
final class CrashRecoveryTests: XCTestCase {
    static let strace = FaultInjection.strace

    private func sandbox() throws -> Sandbox { try FaultInjection.ledger() }

    /// `kpi ARGS` under strace, killed at the `n`th call of `syscall`.
    private func killed(_ s: Sandbox, at syscall: String, _ n: Int, _ args: [String], cwd: String) throws -> Sandbox.Run {
        try s.run(Self.strace, ["-f", "-qq", "-o", "/dev/null", "-e", "inject=\(syscall):signal=KILL:when=\(n)",
                                Sandbox.kpiBinary.path] + args, cwd: cwd)
    }

    /// Files a killed kpi could leave: git's locks, its journal, temporary files.
    private func leftovers(_ s: Sandbox, in root: String) -> [String] {
        var found: [String] = []
        let fm = FileManager.default
        for lock in [".git/index.lock", ".git/refs/heads/main.lock", ".git/HEAD.lock", "refs/heads/main.lock"]
        where fm.fileExists(atPath: root + "/" + lock) { found.append(lock) }
        found += WriteJournalFile.left(inGitDir: root + "/.git").map { ".git/" + $0 }
        if let all = fm.enumerator(atPath: root) {
            for case let p as String in all where p.hasSuffix(".tmp") || p.contains("/kpi/index") || p.contains("kpi/push-") { found.append(p) }
        }
        return found
    }

    private func fsckIsClean(_ s: Sandbox, _ path: String) throws -> Bool {
        let r = try s.run("/usr/bin/git", ["-C", path, "fsck", "--strict", "--no-dangling"])
        return r.status == 0 && r.stdout.isEmpty && r.stderr.isEmpty
    }

    func testAWriteKilledAtEachSystemCallIsFinishedOrUndoneByTheNextCommand() throws {
        let s = try sandbox()
        let file = "records/2026-Q3/alice.yaml"
        // The next command after each kill, in turn: reading commands and a write.
        let next: [[String]] = [["check"], ["score", "--quarter", "2026-Q3"], ["log"], ["audit"], ["history", "alice"],
                                ["record", "alice", "nps", "1", "--date", "2026-07-01", "--note", "after"]]
        var tried = 0, held = 0, recovered = 0, landed = 0, points: [String: Int] = [:]
        var day = 0
        func date() -> String {
            day += 1
            let d = Calendar(identifier: .gregorian).date(byAdding: .day, value: day, to: DateComponents(calendar: .init(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"), year: 2026, month: 7, day: 1).date!)!
            let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: d)
            return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
        }
        for syscall in ["flock", "write", "fsync", "rename", "link", "linkat", "unlink", "truncate", "mkdir"] {
            for n in 1...60 {
                let value = "\(1000 + tried)"
                let before = try s.git("rev-parse", "HEAD")
                let r = try killed(s, at: syscall, n, ["record", "alice", "nps", value, "--date", date()], cwd: s.ledger)
                if r.status == 0 {   // the write ran past its last call of this kind
                    points[syscall] = n - 1
                    break
                }
                XCTAssertTrue(r.status == SIGKILL || r.status == 128 + SIGKILL, "\(syscall) #\(n): \(r.status) \(r.stderr)")
                tried += 1
                let then = next[tried % next.count]
                var args = then
                if then[0] == "record" { args[3] = "\(9000 + tried)"; args[5] = date() }
                let after = try s.run(Sandbox.kpiBinary.path, args, cwd: s.ledger)
                XCTAssertEqual(after.status, 0, "\(syscall) #\(n), then kpi \(args.joined(separator: " ")): \(after.stderr)")
                if after.stderr.contains("kpi: recovered") || after.stderr.contains("kpi: removed") { recovered += 1 }

                // All or nothing: the killed value is in HEAD exactly when its commit is.
                let subjects = try s.git("log", "--format=%s")
                let committed = subjects.contains("record: alice nps \(value) on")
                let head = try s.run("/usr/bin/git", ["-C", s.ledger, "show", "HEAD:" + file]).stdout
                let inHead = head.contains("value: \(value)\n")
                let status = try s.git("status", "--porcelain", "--untracked-files=all")
                let left = leftovers(s, in: s.ledger)
                let clean = try fsckIsClean(s, s.ledger)
                XCTAssertEqual(committed, inHead, "\(syscall) #\(n): commit and content disagree")
                XCTAssertEqual(status, "", "\(syscall) #\(n): HEAD, index and files must agree")
                XCTAssertEqual(left, [], "\(syscall) #\(n): left behind")
                XCTAssertTrue(clean, "\(syscall) #\(n): git fsck")
                // The reflogs name only commits the branch held (libgit2 appends them before it
                // moves the branch).
                let onBranch = Set(try s.git("rev-list", "HEAD").split(separator: "\n"))
                for log in ["HEAD", "refs/heads/main"] {
                    let logged = try s.git("reflog", "show", "--format=%H", log).split(separator: "\n")
                    XCTAssertTrue(Set(logged).isSubset(of: onBranch), "\(syscall) #\(n): \(log)'s reflog names a commit the branch never held")
                }
                if committed {
                    landed += 1
                    XCTAssertTrue(subjects.split(separator: "\n").contains { $0.hasPrefix("record: alice nps \(value) on") })
                } else {
                    let now = try s.git("rev-parse", "HEAD")
                    XCTAssertTrue(then[0] == "record" || now == before, "\(syscall) #\(n)")
                }
                if committed == inHead && status.isEmpty && left.isEmpty && clean { held += 1 }
            }
            XCTAssertNotNil(points[syscall], "\(syscall): more than 60 calls in one write?")
        }
        // The counts docs/reliability.md reports.
        print("crash test: \(tried) kill points (\(points.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))), \(held) held, \(recovered) recovered with a message, \(landed) had landed")
        XCTAssertGreaterThan(tried, 25)
        XCTAssertEqual(held, tried)
        XCTAssertGreaterThan(recovered, 0)
        try s.kpi("record", "alice", "nps", "77", "--date", date())
        XCTAssertEqual(try s.git("status", "--porcelain", "--untracked-files=all"), "")
    }

    /// A bare ledger (no working tree, no index): killed at each rename, link, linkat, unlink and
    /// truncate of a write, the branch has the change or not and no ref lock or journal stays.
    func testAWriteToABareLedgerKilledAtEachRenameLeavesNoLock() throws {
        let s = try sandbox()
        let bare = s.dir.appendingPathComponent("bare.git").path
        _ = try s.git("clone", "-q", "--bare", s.ledger, bare, in: s.dir.path)
        var kills = 0
        for syscall in ["rename", "link", "linkat", "unlink", "truncate"] {
            for n in 1...20 {
                let value = "\(500 + kills)"
                let r = try killed(s, at: syscall, n, ["-C", bare, "record", "alice", "nps", value, "--date", "2026-07-\(String(format: "%02d", kills % 28 + 1))"], cwd: s.dir.path)
                if r.status == 0 { break }
                kills += 1
                try s.kpi("-C", bare, "log", cwd: s.dir.path)
                XCTAssertFalse(FileManager.default.fileExists(atPath: bare + "/refs/heads/main.lock"), "\(syscall) #\(n)")
                XCTAssertEqual(WriteJournalFile.left(inGitDir: bare), [], "\(syscall) #\(n)")
                let committed = try s.git("log", "--format=%s", in: bare).contains("record: alice nps \(value) on")
                let inHead = try s.run("/usr/bin/git", ["-C", bare, "show", "HEAD:records/2026-Q3/alice.yaml"]).stdout.contains("value: \(value)\n")
                XCTAssertEqual(committed, inHead, "\(syscall) #\(n)")
                XCTAssertTrue(try fsckIsClean(s, bare), "\(syscall) #\(n)")
            }
        }
        XCTAssertGreaterThan(kills, 3)
    }

    /// A lock a killed kpi left is its own and is cleared; a lock a running git holds is not:
    /// kpi waits a few seconds, then says what to do, having changed nothing.
    func testLocksOfAKilledKpiAreClearedAndAGitLockIsWaitedForThenReported() throws {
        let s = try sandbox()
        // kpi killed holding index.lock with its new records file in place (the first rename
        // after which the file exists).
        var log: Sandbox.Run? = nil
        for n in 1...8 {
            let r = try killed(s, at: "rename", n, ["record", "alice", "nps", "5", "--date", "2026-07-05"], cwd: s.ledger)
            XCTAssertTrue(r.status == SIGKILL || r.status == 128 + SIGKILL, "\(r.status)")
            guard FileManager.default.fileExists(atPath: s.ledger + "/records/2026-Q3/alice.yaml") else {
                try s.kpi("log")
                continue
            }
            XCTAssertTrue(FileManager.default.fileExists(atPath: s.ledger + "/.git/index.lock"))
            log = try s.kpi("log")
            break
        }
        guard let log else { return XCTFail("no rename put the records file in place") }
        XCTAssertTrue(log.stderr.contains("kpi: removed \(s.ledger)/.git/index.lock, left by kpi process"), log.stderr)
        XCTAssertTrue(log.stderr.contains("it had not been committed"), log.stderr)
        XCTAssertEqual(leftovers(s, in: s.ledger), [])

        // A running git's index.lock: untouched by reading commands, waited for by writes.
        let head = try s.git("rev-parse", "HEAD")
        XCTAssertTrue(FileManager.default.createFile(atPath: s.ledger + "/.git/index.lock", contents: Data()))
        XCTAssertEqual(try s.kpi("log").stderr, "")
        let refused = try s.kpi("record", "alice", "nps", "6", "--date", "2026-07-06", status: 1)
        XCTAssertTrue(refused.stderr.contains("the git index is locked: \(s.ledger)/.git/index.lock exists, so another git command is running"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("if no git command is running, delete \(s.ledger)/.git/index.lock and try again"), refused.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: s.ledger + "/.git/index.lock"), "git's lock is never removed by kpi")
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        try FileManager.default.removeItem(atPath: s.ledger + "/.git/index.lock")
        XCTAssertEqual(try s.git("status", "--porcelain", "--untracked-files=all"), "")

        // Released within the wait: the write lands.
        XCTAssertTrue(FileManager.default.createFile(atPath: s.ledger + "/.git/index.lock", contents: Data()))
        let releaser = Thread { usleep(700_000); unlink(s.ledger + "/.git/index.lock") }
        releaser.start()
        try s.kpi("record", "alice", "nps", "7", "--date", "2026-07-07")
        XCTAssertTrue(try s.git("show", "HEAD:records/2026-Q3/alice.yaml").contains("value: 7\n"))

        // A running git's ref lock: the write gives up cleanly and says what to do.
        let head2 = try s.git("rev-parse", "HEAD")
        try Data("0123456789012345678901234567890123456789\n".utf8).write(to: URL(fileURLWithPath: s.ledger + "/.git/refs/heads/main.lock"))
        let refs = try s.kpi("record", "alice", "nps", "8", "--date", "2026-07-08", status: 1)
        XCTAssertTrue(refs.stderr.contains("refs/heads/main is locked: \(s.ledger)/.git/refs/heads/main.lock exists"), refs.stderr)
        XCTAssertTrue(refs.stderr.contains("delete \(s.ledger)/.git/refs/heads/main.lock and try again"), refs.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head2)
        XCTAssertEqual(try s.git("status", "--porcelain", "--untracked-files=all"), "", "the working file is put back")
        XCTAssertTrue(FileManager.default.fileExists(atPath: s.ledger + "/.git/refs/heads/main.lock"))
        try FileManager.default.removeItem(atPath: s.ledger + "/.git/refs/heads/main.lock")
        XCTAssertEqual(leftovers(s, in: s.ledger), [])
        try s.kpi("record", "alice", "nps", "8", "--date", "2026-07-08")
    }

    /// A `kpi sync` killed while it updates a shared bare remote: the lock it leaves there is
    /// removed by the next kpi command in that clone, or by a sync from any clone.
    func testASyncKilledWhilePushingLeavesNoLockInTheSharedRemote() throws {
        let s = try sandbox()
        let remote = s.dir.appendingPathComponent("shared.git").path
        _ = try s.git("init", "-q", "--bare", "-b", "main", remote, in: s.dir.path)
        try s.kpi("remote", "add", "origin", remote)
        try s.kpi("sync")
        let other = s.dir.appendingPathComponent("other").path
        _ = try s.git("clone", "-q", remote, other, in: s.dir.path)
        var kills = 0, locksLeft = 0
        for n in 1...12 {
            try s.kpi("record", "alice", "nps", "\(n)", "--date", "2026-07-\(String(format: "%02d", n))")
            let r = try killed(s, at: "rename", n, ["sync"], cwd: s.ledger)
            if r.status == 0 { break }
            kills += 1
            if FileManager.default.fileExists(atPath: remote + "/refs/heads/main.lock") { locksLeft += 1 }
            // Clean-up by whichever comes first: this clone's next command, or another clone's sync.
            if n % 2 == 0 {
                _ = try s.kpi("log")
            } else {
                try s.kpi("sync", cwd: other)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: remote + "/refs/heads/main.lock"), "rename #\(n)")
            XCTAssertEqual(leftovers(s, in: remote), [], "rename #\(n)")
            try s.kpi("sync")
            XCTAssertEqual(try s.git("rev-parse", "main", in: remote), try s.git("rev-parse", "HEAD"))
            XCTAssertTrue(try fsckIsClean(s, remote))
        }
        print("sync crash test: \(kills) kills, \(locksLeft) left a lock in the remote, all cleared")
        XCTAssertGreaterThan(kills, 2)
        XCTAssertGreaterThan(locksLeft, 0, "some kill must have hit the remote's ref update")
        _ = try s.git("pull", "-q", "--no-rebase", in: other)
        XCTAssertEqual(try s.git("rev-parse", "HEAD", in: other), try s.git("rev-parse", "HEAD"))
    }
}
