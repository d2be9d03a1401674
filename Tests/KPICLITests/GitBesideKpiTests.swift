import Foundation
import XCTest

/// kpi writers and a loop of plain `git add && git commit` on one repository: each write of
/// either lands or fails cleanly; git never commits kpi's files under its own name; nothing
/// kpi reported as recorded is lost or undone (docs/reliability.md).
final class GitBesideKpiTests: XCTestCase {
    func testKpiWritersAndAPlainGitCommitLoopEachLandOrFailCleanly() throws {
        let s = try Sandbox()
        s.env["GIT_AUTHOR_DATE"] = "2026-10-15T10:00:00+00:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-15T10:00:00+00:00"
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "40")
        let writers = 4, writes = 8, gitCommits = 30
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var kpiOK: [(writer: Int, value: String)] = [], kpiFailed: [String] = []
            var gitOK = 0, gitFailed: [String] = []
        }
        let t = Tally()
        let lock = t.lock
        DispatchQueue.concurrentPerform(iterations: writers + 1) { w in
            if w == writers {
                for i in 0..<gitCommits {
                    let note = "notes-\(i % 3).txt"
                    let path = s.ledger + "/" + note
                    let old = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                    try? Data((old + "line \(i)\n").utf8).write(to: URL(fileURLWithPath: path))
                    let env = ["GIT_AUTHOR_NAME": "Gitty", "GIT_AUTHOR_EMAIL": "gitty@example.com",
                               "GIT_COMMITTER_NAME": "Gitty", "GIT_COMMITTER_EMAIL": "gitty@example.com"]
                    let add = try? s.run("/usr/bin/git", ["-C", s.ledger, "add", note], env: env)
                    let commit = try? s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-q", "-m", "git \(i)"], env: env)
                    lock.lock()
                    // (A failed `git add` leaves the file for a later commit of the loop.)
                    if add?.status != 0 { t.gitFailed.append("git add: " + (add?.stderr.split(separator: "\n").first.map(String.init) ?? "")) }
                    if commit?.status == 0 { t.gitOK += 1 } else {
                        t.gitFailed.append("git commit: " + (commit?.stderr.split(separator: "\n").first.map(String.init) ?? ""))
                    }
                    lock.unlock()
                }
                return
            }
            for i in 0..<writes {
                let value = "\(1000 * (w + 1) + i)"
                let day = w * writes + i
                let date = String(format: "2026-%02d-%02d", 7 + day / 31, day % 31 + 1)
                let r = try? s.run(Sandbox.kpiBinary.path, ["record", "alice", "nps", value, "--date", date], cwd: s.ledger,
                                   env: ["GIT_AUTHOR_NAME": "Writer \(w)", "GIT_AUTHOR_EMAIL": "writer\(w)@example.com"])
                lock.lock()
                if r?.status == 0 { t.kpiOK.append((w, value)) } else { t.kpiFailed.append("\(value): \(r?.stderr ?? "?")") }
                lock.unlock()
            }
        }
        let (kpiOK, kpiFailed, gitOK, gitFailed) = (t.kpiOK, t.kpiFailed, t.gitOK, t.gitFailed)
        print("git beside kpi: kpi writes \(kpiOK.count) landed, \(kpiFailed.count) failed; git commits \(gitOK) of \(gitCommits) landed, \(gitFailed.count) git calls failed (\(Set(gitFailed).sorted().joined(separator: " | ")))")

        let records = try s.git("show", "HEAD:records/2026-Q3/alice.yaml")
        let log = try s.git("log", "--format=%an%x09%s")
        for (w, value) in kpiOK {
            XCTAssertTrue(records.contains("value: \(value)\n"), "\(value) reported recorded but not in HEAD")
            XCTAssertTrue(log.contains("Writer \(w)\trecord: alice nps \(value) on"), "\(value) not under its author")
        }
        for failure in kpiFailed {
            let value = String(failure.prefix { $0 != ":" })
            XCTAssertFalse(records.contains("value: \(value)\n"), "\(failure): reported failed but landed")
        }
        // git's commits hold only git's files; each one that succeeded is in the history.
        let gitFiles = Set(try s.git("log", "--author=Gitty", "--name-only", "--format=").split(separator: "\n").map(String.init))
        XCTAssertTrue(gitFiles.isSubset(of: ["notes-0.txt", "notes-1.txt", "notes-2.txt"]), "\(gitFiles)")
        XCTAssertEqual(try s.git("log", "--author=Gitty", "--format=%s").split(separator: "\n").count, gitOK)
        // Working tree and index hold no half of a kpi write (git's own staged notes may remain).
        let status = try s.git("status", "--porcelain", "--untracked-files=all").split(separator: "\n").filter { !$0.hasSuffix(".txt") }
        XCTAssertEqual(status, [])
        let fsck = try s.run("/usr/bin/git", ["-C", s.ledger, "fsck", "--strict", "--no-dangling"])
        XCTAssertEqual(fsck.status, 0)
        XCTAssertEqual(fsck.stdout + fsck.stderr, "")
        for leftover in [".git/index.lock", ".git/refs/heads/main.lock"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/" + leftover), leftover)
        }
        XCTAssertEqual(WriteJournalFile.left(inGitDir: s.ledger + "/.git"), [])
        XCTAssertEqual(kpiOK.count + kpiFailed.count, writers * writes)
        XCTAssertGreaterThan(kpiOK.count, writers * writes / 2)
        XCTAssertGreaterThan(gitOK, 0)
        try s.kpi("check")
    }
}
