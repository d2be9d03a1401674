import Foundation
import GitStore
import TestFolders
import XCTest
@testable import LedgerCore

/// `uncommitted` (the ledger files that differ from HEAD) worked out from what the load learnt
/// of the working files and the index's half (`UncommittedFiles`), against libgit2's status
/// (`uncommittedLedgerFiles`, the answer before) and git's own `git status`, on real
/// repositories, one change after another: edited, staged and edited again, deleted, removed
/// from the index only, renamed, new, ignored (a file, a folder), touched with the same bytes,
/// rewritten with its size and modification time put back, modified after the index was
/// written (racily clean), executable, replaced by a folder; and the cases only libgit2 may
/// answer (a link, attributes, line-end conversion, a hidden ledger file, assume-unchanged),
/// which must give the same list. A ledger at the repository's root and one in a sub-folder;
/// each step with the parsed-file cache empty (every file read and hashed) and full (files the
/// index vouches for not read), and each of those with the files listed ahead of the load
/// (`LedgerSnapshot.listAhead`, as `kpi score` does).
final class UncommittedFilesTests: XCTestCase {
    private var root = ""

    override func setUp() {
        root = TestFolders.make("uncommitted")
    }

    override func tearDown() { TestFolders.remove(root) }

    @discardableResult
    private func git(_ args: String..., in dir: String? = nil) throws -> String {
        gitCLI(args, in: dir ?? root, home: root, config: ["-c", "core.autocrlf=false"])
    }

    private func write(_ ledger: String, _ path: String, _ text: String) throws {
        let full = ledger + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    private func record(_ n: Int, _ value: Int) -> String {
        "subject: p\(n)\nquarter: 2026-Q1\nrecords:\n  - date: 2026-01-1\(n % 10)\n    metric: nps\n    value: \(value)\n"
    }

    /// A committed ledger at `ledger` (inside the repository at `root`).
    private func makeLedger(_ ledger: String) throws {
        try git("init", "-q", "-b", "main")
        try write(ledger, "ledger.yaml", "name: Test\n")
        try write(ledger, "metrics/nps.yaml", "name: NPS\ndimension: user_value\nunit: score\ndirection: higher\naggregate: last\n")
        for n in 0..<12 {
            try write(ledger, "people/p\(n).yaml", "name: Person \(n)\n")
            try write(ledger, "records/2026-Q1/p\(n).yaml", record(n, 10 + n))
        }
        try write(ledger, "people/notes.txt", "not a ledger file\n")
        try git("add", "-A")
        try git("commit", "-q", "-m", "ledger")
    }

    /// git's own answer: the ledger files `git status` names (no renames: each side is a path).
    private func gitStatus(_ ledger: String, prefix: String) throws -> [String] {
        let out = try git("status", "--porcelain", "-z", "--untracked-files=all", "--no-renames")
        let paths = out.split(separator: "\0").map { String($0.dropFirst(3)) }
        // A path removed from the index but kept on disk is named twice (`D ` and `??`).
        return Set(paths.compactMap { p -> String? in
            guard p.hasPrefix(prefix) else { return nil }
            let path = String(p.dropFirst(prefix.count))
            return LedgerLayout.isLedgerFile(path) ? path : nil
        }).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The new answer equals libgit2's and git's, cold and warm; `fast`: worked out without
    /// libgit2's status.
    /// Also: the report cache's key made from what the load read (`ReportInputs.of(loaded:)`)
    /// is byte for byte the key of the walk a later run looks it up with, or nil (the walk is
    /// then taken) exactly where `keyed` says.
    private func check(_ ledger: String, prefix: String, fast: Bool, _ what: String, git usesGit: Bool = true, keyed: Bool? = nil,
                       file: StaticString = #filePath, line: UInt = #line) throws {
        let store = try LedgerStore.open(from: ledger)
        let before = try store.uncommittedLedgerFiles()
        if usesGit { XCTAssertEqual(before, try gitStatus(ledger, prefix: prefix), "libgit2 against git: \(what)", file: file, line: line) }
        for run in ["cold", "warm", "cold, listed ahead", "warm, listed ahead"] {
            if run.hasPrefix("cold") { try? FileManager.default.removeItem(atPath: store.repository.gitDir + "/kpi") }
            // `kpi score`'s listing begun before its command line is parsed, taken by the load.
            let ahead = run.hasSuffix("listed ahead") ? try XCTUnwrap(LedgerSnapshot.listAhead(from: ledger), file: file, line: line) : nil
            let pending = PendingUncommitted(start: ledger)
            let snap = try LedgerSnapshot.load(from: ledger, workingFiles: true)
            if let ahead { XCTAssertTrue(snap.working === ahead.notes, "\(what), \(run): the listing made ahead taken", file: file, line: line) }
            try checkKey(ledger, snap, keyed: keyed ?? fast, "\(what), \(run)", file: file, line: line)
            let half = try UncommittedFiles.indexHalf(store, environment: [:])
            let direct = try snap.working.flatMap { try half?.files($0, store) }
            XCTAssertEqual(direct != nil, fast, "\(what), \(run): \(fast ? "worked out from the load" : "left to libgit2")", file: file, line: line)
            if let direct { XCTAssertEqual(direct, before, "\(what), \(run)", file: file, line: line) }
            // Asked twice: the same answer (the working files' states are let go after the first).
            XCTAssertEqual(try pending.files(for: snap), before, "\(what), \(run)", file: file, line: line)
            XCTAssertEqual(try pending.files(for: snap), before, "\(what), \(run), again", file: file, line: line)
        }
    }

    /// The key of the load that gave `snap` against the walk's.
    private func checkKey(_ ledger: String, _ snap: LedgerSnapshot, keyed: Bool, _ what: String,
                          file: StaticString = #filePath, line: UInt = #line) throws {
        let context = Array("score --year 2026".utf8)
        let walked = try XCTUnwrap(ReportInputs.of(start: ledger, context: context, environment: [:]), what, file: file, line: line)
        let working = try XCTUnwrap(snap.working?.listing, file: file, line: line)
        let read = ReportInputs.of(loaded: working, start: ledger, context: context, environment: [:])
        XCTAssertEqual(read != nil, keyed, "\(what): \(keyed ? "keyed from the load" : "left to the walk")", file: file, line: line)
        guard let read else { return }
        XCTAssertEqual(read.key, walked.key, "the key of the load is the walk's: \(what)", file: file, line: line)
        XCTAssertEqual(read.files, walked.files, what, file: file, line: line)
        XCTAssertEqual(read.head, walked.head, what, file: file, line: line)
        XCTAssertFalse(read.touched, what, file: file, line: line)
    }

    /// Keys only (git's status of a repository without an index is not the point here).
    private func checkKeys(_ ledger: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for run in ["cold", "warm"] {
            if run == "cold" { try? FileManager.default.removeItem(atPath: try LedgerStore.open(from: ledger).repository.gitDir + "/kpi") }
            try checkKey(ledger, try LedgerSnapshot.load(from: ledger, workingFiles: true), keyed: true, "\(what), \(run)", file: file, line: line)
        }
    }

    private func changes(_ ledger: String, prefix: String) throws {
        try check(ledger, prefix: prefix, fast: true, "clean")
        try write(ledger, "records/2026-Q1/p1.yaml", record(1, 99))
        try check(ledger, prefix: prefix, fast: true, "edited")
        try write(ledger, "records/2026-Q1/p2.yaml", record(2, 98))
        try git("add", prefix + "records/2026-Q1/p2.yaml")
        try check(ledger, prefix: prefix, fast: true, "staged")
        try write(ledger, "records/2026-Q1/p2.yaml", record(2, 97))
        try check(ledger, prefix: prefix, fast: true, "staged and edited again")
        try FileManager.default.removeItem(atPath: ledger + "/records/2026-Q1/p3.yaml")
        try check(ledger, prefix: prefix, fast: true, "deleted")
        try git("rm", "-q", "--cached", prefix + "people/p4.yaml")
        try check(ledger, prefix: prefix, fast: true, "removed from the index, kept on disk")
        try git("mv", prefix + "people/p5.yaml", prefix + "people/p5b.yaml")
        try check(ledger, prefix: prefix, fast: true, "renamed")
        try write(ledger, "people/zoe.yaml", "name: Zoe\n")
        try write(ledger, "records/2026-Q2/zoe.yaml", "subject: zoe\nquarter: 2026-Q2\nrecords: []\n")
        try check(ledger, prefix: prefix, fast: true, "new")
        try write(root, ".gitignore", prefix + "people/ignored.yaml\n/" + prefix + "records/2026-Q4/\n")
        try write(ledger, "people/ignored.yaml", "name: Ignored\n")
        try write(ledger, "records/2026-Q4/p0.yaml", record(0, 1))
        try check(ledger, prefix: prefix, fast: true, "ignored, a file and a folder")
        try write(ledger, "people/notes.txt", "edited, not a ledger file\n")
        try write(ledger, "people/other.txt", "new, not a ledger file\n")
        try check(ledger, prefix: prefix, fast: true, "files that are not ledger files")
        try git("add", "-A")
        try git("commit", "-q", "-m", "all of it")
        try check(ledger, prefix: prefix, fast: true, "committed")

        // Same bytes, new times: unchanged. Other bytes of the same size with the old
        // modification time put back: changed (its change time says so).
        let touched = ledger + "/records/2026-Q1/p6.yaml"
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: touched)
        try check(ledger, prefix: prefix, fast: true, "touched, same bytes")
        let same = ledger + "/records/2026-Q1/p7.yaml"
        let mtime = try FileManager.default.attributesOfItem(atPath: same)[.modificationDate] as! Date
        try write(ledger, "records/2026-Q1/p7.yaml", record(7, 18))
        XCTAssertEqual(record(7, 18).utf8.count, record(7, 17).utf8.count)
        try FileManager.default.setAttributes([.modificationDate: mtime], ofItemAtPath: same)
        try check(ledger, prefix: prefix, fast: true, "same size and modification time, other bytes")
        // Modified no earlier than the index was written (racily clean): read again by everyone.
        let later = Date().addingTimeInterval(3600)
        try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: ledger + "/people/p8.yaml")
        try write(ledger, "people/p9.yaml", "name: Person X\n")
        try FileManager.default.setAttributes([.modificationDate: later], ofItemAtPath: ledger + "/people/p9.yaml")
        try check(ledger, prefix: prefix, fast: true, "racily clean, one changed")
        try git("add", "-A")
        try git("commit", "-q", "-m", "again")

        // The executable bit, on disk, then staged and taken off again.
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: ledger + "/people/p10.yaml")
        try check(ledger, prefix: prefix, fast: true, "made executable")
        try git("add", prefix + "people/p10.yaml")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: ledger + "/people/p10.yaml")
        try check(ledger, prefix: prefix, fast: true, "executable staged, taken off on disk")
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", "modes")

        // A file replaced by a folder holding a file.
        try FileManager.default.removeItem(atPath: ledger + "/people/p11.yaml")
        try write(ledger, "people/p11.yaml/inside.yaml", "name: Inside\n")
        try check(ledger, prefix: prefix, fast: true, "a file replaced by a folder")
        try FileManager.default.removeItem(atPath: ledger + "/people/p11.yaml")
        try git("checkout", "-q", "--", prefix + "people/p11.yaml")

        // Only libgit2 may answer these; the same list all the same.
        try FileManager.default.createSymbolicLink(atPath: ledger + "/people/link.yaml", withDestinationPath: "p0.yaml")
        try check(ledger, prefix: prefix, fast: false, "a symbolic link")
        try FileManager.default.removeItem(atPath: ledger + "/people/link.yaml")
        try write(ledger, "people/.hidden.yaml", "name: Hidden\n")
        try check(ledger, prefix: prefix, fast: false, "a hidden ledger file")
        try FileManager.default.removeItem(atPath: ledger + "/people/.hidden.yaml")
        try write(ledger, "people/.p0.yaml.swp", "swap\n")
        try check(ledger, prefix: prefix, fast: true, "an editor's hidden file")
        try write(root, ".gitattributes", "*.yaml text eol=lf\n")
        try check(ledger, prefix: prefix, fast: false, "attributes")
        try FileManager.default.removeItem(atPath: root + "/.gitattributes")
        try git("config", "core.autocrlf", "input")
        try check(ledger, prefix: prefix, fast: false, "line ends converted", git: false)
        try git("config", "--unset", "core.autocrlf")
        try git("update-index", "--assume-unchanged", prefix + "people/p0.yaml")
        try write(ledger, "people/p0.yaml", "name: Someone else\n")
        try check(ledger, prefix: prefix, fast: false, "assumed unchanged", keyed: true)
        try git("update-index", "--no-assume-unchanged", prefix + "people/p0.yaml")

        // git's rules inside a ledger folder, an empty folder, a file that is not a ledger file
        // in a quarter's folder, a file the index vouches for beside one it does not.
        try write(ledger, "people/.gitignore", "zoe.yaml\n")
        try FileManager.default.createDirectory(atPath: ledger + "/goals/2026-Q3", withIntermediateDirectories: true)
        try write(ledger, "records/2026-Q1/README.md", "notes\n")
        try check(ledger, prefix: prefix, fast: true, "rules in a ledger folder, an empty folder")
        // Names that sort between a folder and what it holds (`2026-Q1.yaml` after `2026-Q1/…`
        // in the walk, before it as strings), and one that is not ASCII.
        try write(ledger, "records/2026-Q1.yaml", "misplaced\n")
        try write(ledger, "records/2026-Q1-old/p0.yaml", record(0, 3))
        try write(ledger, "people/zoé.yaml", "name: Zoé\n")
        try check(ledger, prefix: prefix, fast: true, "names between a folder and what it holds")
        try git("add", "-A")
        try check(ledger, prefix: prefix, fast: true, "all of it staged")
        // No index at all.
        try FileManager.default.moveItem(atPath: root + "/.git/index", toPath: root + "/.git/index-away")
        try checkKeys(ledger, "no index")
        try FileManager.default.moveItem(atPath: root + "/.git/index-away", toPath: root + "/.git/index")
    }

    func testUncommittedFilesAtTheRepositorysRoot() throws {
        try makeLedger(root)
        try changes(root, prefix: "")
    }

    func testUncommittedFilesOfALedgerInASubfolder() throws {
        let ledger = root + "/finance/kpi"
        try makeLedger(ledger)
        try write(root, "finance/kpi-notes/x.yaml", "outside the ledger\n")
        try write(root, "finance/kpi.yaml", "beside it\n")
        try changes(ledger, prefix: "finance/kpi/")
    }
}
