import Foundation
import XCTest

/// A write in a repository whose git configuration asks for flushes (`core.fsync`) makes its
/// journal and working files durable with one flush (docs/reliability.md, "The order of a
/// write"): an fsync of each when they are few, one `syncfs` when many — and a kill at that flush
/// or at any rename after it is still finished or undone by the next command. Without that
/// setting nothing is flushed (`FlushAsGitConfiguredTests`).
final class OneFlushPerWriteTests: XCTestCase {
    static let strace = "/usr/bin/strace"

    private func sandbox() throws -> Sandbox {
        guard FileManager.default.isExecutableFile(atPath: Self.strace) else {
            throw XCTSkip("strace is not installed (.ci/run installs Debian's strace)")
        }
        let s = try Sandbox()
        s.env["GIT_AUTHOR_DATE"] = "2026-10-15T10:00:00+00:00"
        s.env["GIT_COMMITTER_DATE"] = "2026-10-15T10:00:00+00:00"
        try s.makeLedger()
        try s.git("config", "core.fsync", "committed")
        for id in ["carol", "dan", "erin", "frank", "gina"] {
            try s.kpi("person", "add", id, "--name", id.capitalized, "--manager", "bob", "--team", "product")
        }
        return s
    }

    /// One row for each of the six people (six records files), values from `base`.
    private func csv(_ s: Sandbox, _ base: Int) throws -> String {
        var text = "subject,metric,date,value\n"
        for (i, id) in ["alice", "bob", "carol", "dan", "erin", "frank"].enumerated() { text += "\(id),nps,2026-07-0\(i + 1),\(base + i)\n" }
        let path = s.dir.path + "/rows-\(base).csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The files `kpi ARGS` fsyncs, by name (not their folders), and how many `syncfs` calls it makes.
    private func flushedFiles(_ s: Sandbox, _ args: [String]) throws -> (files: [String], syncfs: Int) {
        let log = s.dir.path + "/strace-y.log"
        let r = try s.run(Self.strace, ["-f", "-qq", "-y", "-o", log, "-e", "trace=fsync,fdatasync,syncfs",
                                        Sandbox.kpiBinary.path] + args, cwd: s.ledger)
        XCTAssertEqual(r.status, 0, r.stderr)
        var files: [String] = [], syncfs = 0
        for line in try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n") {
            if line.contains("syncfs(") { syncfs += 1; continue }
            guard let open = line.range(of: "<"), let close = line.range(of: ">", range: open.upperBound..<line.endIndex) else { continue }
            let path = line[open.upperBound..<close.lowerBound]
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: String(path), isDirectory: &isFolder), isFolder.boolValue { continue }
            files.append(String(path.split(separator: "/").last!))
        }
        return (files, syncfs)
    }

    /// libgit2 flushes its objects and refs too (`core.fsync`): only kpi's own files are counted.
    func testAnImportIntoSixFilesFlushesOnceAndARecordFsyncsItsJournalAndFile() throws {
        let s = try sandbox()
        let imported = try flushedFiles(s, ["import", try csv(s, 10)])
        XCTAssertEqual(imported.syncfs, 1)
        XCTAssertEqual(imported.files.filter { $0 == "journal-v3" || $0.contains(".kpi-") }, [])
        let recorded = try flushedFiles(s, ["record", "alice", "nps", "33", "--date", "2026-07-20"])
        XCTAssertEqual(recorded.syncfs, 0)
        XCTAssertEqual(recorded.files.filter { $0 == "journal-v3" || $0.contains(".kpi-") }.map { $0.hasPrefix(".alice.yaml.kpi-") ? ".alice.yaml.kpi-…" : $0 },
                       ["journal-v3", ".alice.yaml.kpi-…"])
        XCTAssertEqual(try s.git("status", "--porcelain"), "")
        XCTAssertEqual(try s.git("show", "HEAD~1:records/2026-Q3/frank.yaml").contains("value: 15"), true)
    }

    func testAnImportKilledAtItsFlushOrAnyRenameIsFinishedOrUndone() throws {
        let s = try sandbox()
        var base = 100
        var points: [String: Int] = [:], landedCount = 0
        for syscall in ["syncfs", "rename"] {
            var n = 1
            while true {
                let head = try s.git("rev-parse", "HEAD")
                let file = try csv(s, base)
                let r = try s.run(Self.strace, ["-f", "-qq", "-o", "/dev/null", "-e", "inject=\(syscall):signal=KILL:when=\(n)",
                                                Sandbox.kpiBinary.path, "import", file], cwd: s.ledger)
                if r.status == 0 { break }   // ran past its last such call
                XCTAssertTrue(r.status == SIGKILL || r.status == 128 + SIGKILL, "\(syscall) #\(n): \(r.status) \(r.stderr)")
                try s.kpi("log")   // any command recovers
                let landed = try s.git("rev-parse", "HEAD") != head
                points[syscall, default: 0] += 1
                if landed { landedCount += 1 }
                for (i, id) in ["alice", "bob", "carol", "dan", "erin", "frank"].enumerated() {
                    let committed = (try? s.run("/usr/bin/git", ["-C", s.ledger, "show", "HEAD:records/2026-Q3/\(id).yaml"]).stdout) ?? ""
                    XCTAssertEqual(committed.contains("value: \(base + i)\n"), landed, "\(syscall) #\(n): \(id)")
                }
                XCTAssertEqual(try s.git("status", "--porcelain", "--untracked-files=all"), "", "\(syscall) #\(n)")
                let left = FileManager.default.enumerator(atPath: s.ledger)?.compactMap { $0 as? String }
                    .filter { $0.hasSuffix(".tmp") || $0.hasSuffix("index.lock") || $0.hasSuffix("main.lock") } ?? []
                XCTAssertEqual(left, [], "\(syscall) #\(n)")
                XCTAssertEqual(WriteJournalFile.left(inGitDir: s.ledger + "/.git"), [], "\(syscall) #\(n)")
                let fsck = try s.run("/usr/bin/git", ["-C", s.ledger, "fsck", "--strict", "--no-dangling"])
                XCTAssertTrue(fsck.status == 0 && fsck.stdout.isEmpty, "\(syscall) #\(n): \(fsck.stdout)")
                n += 1
                base += 10
                XCTAssertLessThan(n, 40, "\(syscall): more than 40 calls in one import?")
                if n >= 40 { break }
            }
            XCTAssertGreaterThan(n, 1, "\(syscall) was never called")
            base += 10
        }
        print("flush crash test: \(points.values.reduce(0, +)) kill points (\(points.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))), \(landedCount) had landed")
    }
}
