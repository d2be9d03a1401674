import Foundation
import XCTest

/// kpi writers and a loop of plain `git add && git commit` on one repository: each write of
/// either lands or fails cleanly; git never commits a kpi write ahead of kpi; each write kpi
/// reported is whole in its own commit. A `git commit` whose read of the index and lock of it
/// straddle a kpi write undoes that write in the index, as it undoes a `git add` (git's race,
/// forced in GitCommitStaleIndexTests): the checks say what holds in either case
/// (docs/reliability.md).
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
        let path = "records/2026-Q3/alice.yaml"

        // The history is one line (every writer here makes one-parent commits on main); the
        // commits that changed alice's records file, oldest first, with its blob before and after
        // (000… when absent).
        let raw = try s.git("log", "--reverse", "--format=C%x09%an%x09%s", "--raw", "--no-abbrev", "--", path)
        var changes: [(author: String, subject: String, before: String, after: String)] = []
        for line in raw.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if f[0] == "C" { changes.append((f[1], f[2], "", "")) } else if line.hasPrefix(":") {
                let ids = f[0].split(separator: " ").map(String.init)
                changes[changes.count - 1].before = ids[2]
                changes[changes.count - 1].after = ids[3]
            }
        }
        let absent = String(repeating: "0", count: 40)
        var text: [String: String] = [absent: ""]
        for id in Set(changes.map(\.after)) where id != absent { text[id] = try s.git("cat-file", "blob", id) }
        let gittyChanges = changes.filter { $0.author == "Gitty" }
        let staged = try s.git("ls-files", "-s", path).split(separator: " ").dropFirst().first.map(String.init) ?? absent
        let committed = changes.last?.after ?? absent
        // `git commit` reads the index before it takes index.lock and writes back what it read: one
        // whose read and lock straddled a kpi write undid that write in the index (and committed
        // the undoing if it read HEAD after kpi's branch move) — git's own race, which undoes a
        // `git add` or `git commit PATH` the same way (GitCommitStaleIndexTests, docs/reliability.md).
        let staleWriteBack = !gittyChanges.isEmpty || staged != committed
        print("git beside kpi: kpi writes \(kpiOK.count) landed, \(kpiFailed.count) failed; git commits \(gitOK) of \(gitCommits) landed, \(gitFailed.count) git calls failed (\(Set(gitFailed).sorted().joined(separator: " | "))); a git commit wrote back an index read before a kpi write: \(staleWriteBack ? "yes" : "no")")

        // Whatever the order: each write kpi reported is whole in a commit of its own, under its author.
        for (w, value) in kpiOK {
            let own = changes.filter { $0.author == "Writer \(w)" && $0.subject.hasPrefix("record: alice nps \(value) on") }
            XCTAssertEqual(own.count, 1, "\(value) reported recorded but not committed under its author")
            XCTAssertTrue(own.allSatisfy { text[$0.after]!.contains("value: \(value)\n") }, "\(value) not in its commit")
        }
        // Each write kpi reported failed was refused cleanly and is in no commit (waiting on git's
        // locks, or losing the branch to git's commits every time it tried).
        var refusals = ["the git index is locked", "is locked: ", "kept moving while this command wrote"]
        if staleWriteBack { refusals += ["has the version from before commit", "has a staged change", "has its deletion staged", "has uncommitted changes"] }
        for failure in kpiFailed {
            let value = String(failure.prefix { $0 != ":" })
            XCTAssertTrue(refusals.contains { failure.contains($0) }, failure)
            XCTAssertFalse(text.values.contains { $0.contains("value: \(value)\n") }, "\(failure): reported failed but landed")
        }
        // git's commits: each one that succeeded is in the history; none holds a version of a
        // ledger file that no earlier commit had (kpi's branch moves before its index changes, so
        // git never commits a kpi write ahead of kpi) — and, unless git wrote back an index it had
        // read before a kpi write, none holds a ledger file at all.
        XCTAssertEqual(try s.git("log", "--author=Gitty", "--format=%s").split(separator: "\n").count, gitOK)
        let gitFiles = Set(try s.git("log", "--author=Gitty", "--name-only", "--format=").split(separator: "\n").map(String.init))
        XCTAssertTrue(gitFiles.isSubset(of: ["notes-0.txt", "notes-1.txt", "notes-2.txt"] + (staleWriteBack ? [path] : [])), "\(gitFiles)")
        for (i, c) in changes.enumerated() where c.author == "Gitty" {
            XCTAssertTrue(c.after == absent || changes[..<i].contains { $0.after == c.after }, "a git commit holds \(path) as no earlier commit had it")
        }
        // The working file is kpi's last write, and nothing else of kpi's is left in the working
        // tree (no temporary file; git's own staged notes may remain; alice's file may differ from
        // the index or HEAD only by git's write-back).
        let lastKpi = changes.last { $0.author.hasPrefix("Writer ") }
        XCTAssertEqual(try s.read(path), text[lastKpi?.after ?? absent])
        let status = try s.git("status", "--porcelain", "--untracked-files=all").split(separator: "\n")
            .filter { !$0.hasSuffix(".txt") && !(staleWriteBack && $0.hasSuffix(" " + path)) }
        XCTAssertEqual(status, [])
        let fsck = try s.run("/usr/bin/git", ["-C", s.ledger, "fsck", "--strict", "--no-dangling"])
        XCTAssertEqual(fsck.status, 0)
        XCTAssertEqual(fsck.stdout + fsck.stderr, "")
        for leftover in [".git/index.lock", ".git/refs/heads/main.lock"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/" + leftover), leftover)
        }
        XCTAssertEqual(WriteJournalFile.left(inGitDir: s.ledger + "/.git"), [])
        XCTAssertEqual(kpiOK.count + kpiFailed.count, writers * writes)
        XCTAssertGreaterThan(gitOK, 0)
        if !staleWriteBack {
            // The usual run: kpi's writes only wait for git's index lock, most land, HEAD holds them all.
            XCTAssertEqual(committed, lastKpi?.after)
            for (_, value) in kpiOK { XCTAssertTrue(text[committed]!.contains("value: \(value)\n"), "\(value) not in HEAD") }
            XCTAssertGreaterThan(kpiOK.count, writers * writes / 2)
        }
        if testRun?.hasSucceeded == false {
            // A rare order is worth reading whole.
            print("history of \(path), oldest first (author, subject, blob before → after):\n"
                  + changes.map { "  \($0.author)\t\($0.subject)\t\($0.before.prefix(8)) → \($0.after.prefix(8))" }.joined(separator: "\n")
                  + "\nindex: \(staged.prefix(8)); kpi failures: \(kpiFailed); git failures: \(gitFailed)")
        }
        try s.kpi("check")
    }
}
