import Foundation
import XCTest

/// A subfolder ledger shared through a remote (docs/repositories.md): `kpi clone` of a monorepo
/// sets up its ledger, `kpi sync` and git's merge driver merge the ledger's files by meaning
/// while the rest of the repository merges as git would.
final class SubfolderSyncTests: XCTestCase {
    let carol = ["GIT_AUTHOR_NAME": "Carol Lead", "GIT_AUTHOR_EMAIL": "carol@example.com",
                 "GIT_COMMITTER_NAME": "Carol Lead", "GIT_COMMITTER_EMAIL": "carol@example.com",
                 "GIT_AUTHOR_DATE": "2026-08-12T09:00:00+02:00", "GIT_COMMITTER_DATE": "2026-08-12T09:00:00+02:00"]
    let bob = ["GIT_AUTHOR_DATE": "2026-08-11T09:00:00+08:00", "GIT_COMMITTER_DATE": "2026-08-11T09:00:00+08:00"]

    func testTwoClonesOfAMonorepoMergeTheLedgerByMeaningWithKpiSyncAndGitPull() throws {
        let s = try Sandbox()
        let a = s.dir.appendingPathComponent("a").path, hrA = a + "/hr/ledger"
        try FileManager.default.createDirectory(atPath: a, withIntermediateDirectories: true)
        _ = try s.git("init", "-q", "-b", "main", in: a)
        try write(a + "/README.md", "Monorepo\n")
        _ = try s.git("add", "README.md", in: a)
        _ = try s.git("commit", "-q", "-m", "readme", in: a)
        try s.kpi("init", "hr/ledger", "--name", "HR", cwd: a)
        try s.kpi("person", "add", "bob", "--name", "Bob Manager", "--email", "bob@example.com", cwd: hrA)
        try s.kpi("person", "add", "alice", "--name", "Alice Chen", "--manager", "bob", cwd: hrA)
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%", "--weight", "100", cwd: hrA)
        try s.kpi("record", "alice", "retention", "40%", "--date", "2026-07-10", env: bob, cwd: hrA)
        try s.kpi("hooks", "install", cwd: hrA)
        let remote = s.dir.appendingPathComponent("remote.git").path
        _ = try s.git("init", "-q", "--bare", "-b", "main", remote, in: s.dir.path)
        try s.kpi("remote", "add", "origin", remote, cwd: hrA)
        XCTAssertTrue(try s.kpi("sync", cwd: hrA).stdout.contains("Pushed"))

        // kpi clone finds the ledger in its subfolder and sets it up.
        let b = s.dir.appendingPathComponent("b").path, hrB = b + "/hr/ledger"
        let cloned = try s.kpi("clone", remote, b, cwd: s.dir.path)
        XCTAssertTrue(cloned.stdout.contains("Ledger in hr/ledger/:"), cloned.stdout)
        XCTAssertEqual(try s.git("config", "merge.kpi.name", in: b), "kpi ledger merge (by meaning)\n")

        // Both record offline in the same records file; B also changes the README.
        try s.kpi("record", "alice", "retention", "42%", "--date", "2026-07-31", env: bob, cwd: hrA)
        try s.kpi("record", "alice", "retention", "41%", "--date", "2026-07-20", env: carol, cwd: hrB)
        try write(b + "/README.md", "Monorepo, edited in B\n")
        _ = try s.git("commit", "-q", "-a", "-m", "readme in B", in: b)
        XCTAssertTrue(try s.kpi("sync", cwd: hrA).stdout.contains("Pushed"))
        let merged = try s.kpi("sync", cwd: hrB)
        XCTAssertTrue(merged.stdout.contains("Merged origin/main and pushed"), merged.stdout)
        let records = try s.git("show", "HEAD:hr/ledger/records/2026-Q3/alice.yaml", in: b)
        for value in ["40%", "41%", "42%"] { XCTAssertTrue(records.contains("value: \(value)\n"), records) }
        XCTAssertEqual(try s.git("show", "HEAD:README.md", in: b), "Monorepo, edited in B\n")
        XCTAssertEqual(try s.git("status", "--porcelain", in: b), "")

        // Plain git: `git pull` runs kpi's merge driver on the subfolder ledger's records file.
        try s.kpi("sync", cwd: hrA)
        try s.kpi("record", "alice", "retention", "43%", "--date", "2026-08-05", env: bob, cwd: hrA)
        try s.kpi("sync", cwd: hrA)
        try s.kpi("record", "alice", "retention", "44%", "--date", "2026-08-06", env: carol, cwd: hrB)
        let pull = try s.run("/usr/bin/git", ["-C", b, "pull", "--no-rebase", "--no-edit", "origin", "main"])
        XCTAssertEqual(pull.status, 0, pull.stdout + pull.stderr)
        let pulled = try String(contentsOfFile: hrB + "/records/2026-Q3/alice.yaml", encoding: .utf8)
        XCTAssertFalse(pulled.contains("<<<<<<<"), pulled)
        for value in ["40%", "41%", "42%", "43%", "44%"] { XCTAssertTrue(pulled.contains("value: \(value)\n"), pulled) }
        try s.kpi("check", cwd: hrB)
    }

    func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
