import XCTest

final class SyncTests: XCTestCase {
    let carol = ["GIT_AUTHOR_NAME": "Carol Lead", "GIT_AUTHOR_EMAIL": "carol@example.com",
                 "GIT_COMMITTER_NAME": "Carol Lead", "GIT_COMMITTER_EMAIL": "carol@example.com",
                 "GIT_AUTHOR_DATE": "2026-07-12T09:00:00+02:00", "GIT_COMMITTER_DATE": "2026-07-12T09:00:00+02:00"]

    /// A ledger (clone A = s.ledger) pushed to a bare remote, and a second clone B made with git.
    func setUp(_ s: Sandbox) throws -> (remote: String, b: String) {
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--baseline", "40%", "--target", "45%", "--weight", "50")
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "30", "--weight", "50")
        let remote = s.dir.appendingPathComponent("remote.git").path
        _ = try s.git("init", "-q", "--bare", "-b", "main", remote, in: s.dir.path)
        try s.kpi("remote", "add", "origin", remote)
        let first = try s.kpi("sync")
        XCTAssertTrue(first.stdout.contains("Pushed"), first.stdout)
        XCTAssertEqual(try s.git("config", "branch.main.merge"), "refs/heads/main\n")
        XCTAssertEqual(try s.git("rev-parse", "main", in: remote), try s.git("rev-parse", "HEAD"))
        let b = s.dir.appendingPathComponent("b").path
        _ = try s.git("clone", "-q", remote, b, in: s.dir.path)
        return (remote, b)
    }

    func twoManagersWorkOffline(_ s: Sandbox, b: String) throws {
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", "--allow-future")
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--weight", "60")
        try s.kpi("record", "alice", "retention", "41%", "--date", "2026-07-10", env: carol, cwd: b)
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "35", env: carol, cwd: b)
    }

    func checkConverged(_ s: Sandbox, remote: String, b: String) throws {
        let head = try s.git("rev-parse", "HEAD")
        XCTAssertEqual(try s.git("rev-parse", "HEAD", in: b), head)
        XCTAssertEqual(try s.git("rev-parse", "main", in: remote), head)
        XCTAssertEqual(try s.git("log", "-1", "--format=%P").split(separator: " ").count, 2, "a merge commit with two parents")
        let records = try s.git("show", "HEAD:records/2026-Q3/alice.yaml")
        XCTAssertTrue(records.contains("date: 2026-07-10\n    metric: retention\n    value: 41%"), records)
        XCTAssertTrue(records.contains("date: 2026-07-31\n    metric: retention\n    value: 42%"), records)
        XCTAssertLessThan(records.range(of: "2026-07-10")!.lowerBound, records.range(of: "2026-07-31")!.lowerBound)
        let goals = try s.git("show", "HEAD:goals/2026-Q3/alice.yaml")
        XCTAssertTrue(goals.contains("weight: 60"), goals)
        XCTAssertTrue(goals.contains("target: 35"), goals)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        XCTAssertEqual(try s.git("status", "--porcelain", in: b), "")
        _ = try s.git("fsck", "--strict")
        _ = try s.git("fsck", "--strict", in: remote)
        try s.kpi("check")
        // Each side's authors stay in the history.
        let authors = try s.git("log", "--format=%an")
        XCTAssertTrue(authors.contains("Carol Lead") && authors.contains("Bob Manager"))
        let history = try s.kpi("history", "alice", "--quarter", "2026-Q3")
        XCTAssertTrue(history.stdout.contains("Carol Lead"), history.stdout)
        // The merge is not a second author of either side's change: each change shows once,
        // with its own author, whoever ran the sync.
        let json = try s.kpi("history", "alice", "--quarter", "2026-Q3", "--format", "json").stdout
        let events = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["events"] as! [[String: Any]]
        let changes = events.filter { $0["old"] is String }.map { "\($0["metric"]!) \($0["field"]!) \($0["old"]!) → \($0["new"]!) by \($0["email"]!)" }
        XCTAssertEqual(changes.sorted(), ["nps target 30 → 35 by carol@example.com", "retention weight 50 → 60 by bob@example.com"])
    }

    func testTwoManagersSyncAOrderAThenB() throws {
        let s = try Sandbox()
        let (remote, b) = try setUp(s)
        try twoManagersWorkOffline(s, b: b)
        try s.kpi("sync")
        let merged = try s.kpi("sync", cwd: b)
        XCTAssertTrue(merged.stdout.contains("Merged"), merged.stdout)
        let ff = try s.kpi("sync")
        XCTAssertTrue(ff.stdout.contains("Fast-forwarded"), ff.stdout)
        try checkConverged(s, remote: remote, b: b)
    }

    func testTwoManagersSyncBThenA() throws {
        let s = try Sandbox()
        let (remote, b) = try setUp(s)
        try twoManagersWorkOffline(s, b: b)
        try s.kpi("sync", cwd: b)
        try s.kpi("sync")
        try s.kpi("sync", cwd: b)
        try checkConverged(s, remote: remote, b: b)
    }

    func testATrueConflictStopsWithNothingLostAndSettlesWithOursOrTheirs() throws {
        let s = try Sandbox()
        let (remote, b) = try setUp(s)
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40")
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "50", env: carol, cwd: b)
        try s.kpi("sync", cwd: b)
        let head = try s.git("rev-parse", "HEAD"), remoteHead = try s.git("rev-parse", "main", in: remote)
        let file = try s.read("goals/2026-Q3/alice.yaml")
        let r = try s.kpi("sync", status: 1)
        for word in ["alice", "2026-Q3", "nps", "target", "40", "50", "Bob Manager", "Carol Lead", "--ours", "--theirs"] {
            XCTAssertTrue(r.stderr.contains(word), "missing \(word) in: \(r.stderr)")
        }
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("rev-parse", "main", in: remote), remoteHead)
        XCTAssertEqual(try s.read("goals/2026-Q3/alice.yaml"), file)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        // Still a conflict on a second try: the user has to decide.
        try s.kpi("sync", status: 1)
        // The manager decides with `kpi goal set` and syncs again: 45, kept over the remote's 50.
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "45")
        let settled = try s.kpi("sync")
        XCTAssertTrue(settled.stdout.contains("settled"), settled.stdout)
        XCTAssertEqual(try s.git("log", "-1", "--format=%P").split(separator: " ").count, 2)
        XCTAssertTrue(try s.git("log", "-1", "--format=%B").contains("nps target: ours 45, theirs 50"))
        // History shows the settlement: the remote's 50 overridden by the merge, so its last
        // word is the value the ledger holds.
        let json = try s.kpi("history", "alice", "nps", "--format", "json").stdout
        let events = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["events"] as! [[String: Any]]
        XCTAssertEqual(events.filter { $0["field"] as? String == "target" }.map { "\($0["old"]!) → \($0["new"]!) by \($0["email"]!)" },
                       ["<null> → 30 by bob@example.com", "30 → 40 by bob@example.com", "40 → 45 by bob@example.com",
                        "30 → 50 by carol@example.com", "50 → 45 by bob@example.com"])
        try s.kpi("sync", cwd: b)
        XCTAssertTrue(try s.git("show", "HEAD:goals/2026-Q3/alice.yaml", in: b).contains("target: 45"))
        XCTAssertEqual(try s.git("rev-parse", "HEAD", in: b), try s.git("rev-parse", "HEAD"))
        // Taking theirs.
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "41")
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "52", env: carol, cwd: b)
        try s.kpi("sync", cwd: b)
        try s.kpi("sync", status: 1)
        try s.kpi("sync", "--theirs")
        XCTAssertTrue(try s.read("goals/2026-Q3/alice.yaml").contains("target: 52"))
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
    }

    func testGitPullUsesTheMergeDriver() throws {
        let s = try Sandbox()
        let (_, b) = try setUp(s)
        try s.kpi("hooks", "install")
        XCTAssertTrue(try s.git("config", "merge.kpi.driver").contains("merge-driver %O %A %B %P"))
        try s.kpi("record", "alice", "retention", "41%", "--date", "2026-07-10", env: carol, cwd: b)
        try s.kpi("sync", cwd: b)
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", "--allow-future")
        let pull = try s.run("/usr/bin/git", ["-C", s.ledger, "-c", "pull.rebase=false", "pull", "--no-edit"])
        XCTAssertEqual(pull.status, 0, pull.stdout + pull.stderr)
        let records = try s.read("records/2026-Q3/alice.yaml")
        XCTAssertFalse(records.contains("<<<<<<<"), records)
        XCTAssertTrue(records.contains("41%") && records.contains("42%"), records)
        XCTAssertEqual(try s.git("log", "-1", "--format=%P").split(separator: " ").count, 2)
        try s.kpi("check")
    }

    func testAnUnreachableRemoteLeavesLocalCommitsAlone() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("remote", "add", "gone", s.dir.appendingPathComponent("no/such/remote.git").path)
        let head = try s.git("rev-parse", "HEAD")
        let r = try s.kpi("sync", "gone", status: 1)
        XCTAssertTrue(r.stderr.contains("cannot reach remote 'gone'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("local commits are kept"), r.stderr)
        XCTAssertEqual(try s.git("rev-parse", "HEAD"), head)
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        let none = try s.kpi("sync", status: 1)
        XCTAssertTrue(none.stderr.contains("no remote named 'origin'"), none.stderr)
    }

    func testAnUnbornBranchFastForwardsAndFileURLsWork() throws {
        let s = try Sandbox()
        let (remote, _) = try setUp(s)
        let c = s.dir.appendingPathComponent("c").path
        _ = try s.git("init", "-q", "-b", "main", c, in: s.dir.path)
        try s.kpi("remote", "add", "origin", "file://" + remote, cwd: c)
        let r = try s.kpi("sync", cwd: c)
        XCTAssertTrue(r.stdout.contains("Fast-forwarded"), r.stdout)
        XCTAssertEqual(try s.git("rev-parse", "HEAD", in: c), try s.git("rev-parse", "HEAD"))
        XCTAssertEqual(try s.git("status", "--porcelain", in: c), "")
        XCTAssertTrue(FileManager.default.fileExists(atPath: c + "/goals/2026-Q3/alice.yaml"))
        try s.kpi("check", cwd: c)
    }
}
