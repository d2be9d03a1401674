import Foundation
import GitStore
import TestFolders
import XCTest
@testable import LedgerCore

/// A working file's blob id taken from the git index instead of hashing its bytes
/// (`DirectorySource.read(_:vouchedBy:)`, a cold load's reading): only when the file's stat
/// data, taken after its bytes were read, are its index entry's and it is not racily clean;
/// every other file is hashed. The oracle is `git hash-object` of each file; and
/// `Links.readFile` given the size expected (read first, `fstat`-ed after), read whole at
/// every size, whatever size it was expected to have, and refusing what is not a regular file.
final class VouchedReadTests: XCTestCase {
    private var root = ""

    override func setUp() { root = TestFolders.make("vouched") }
    override func tearDown() { TestFolders.remove(root) }

    @discardableResult
    private func git(_ args: String...) throws -> String {
        gitCLI(args, in: root, home: root).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func write(_ path: String, _ text: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    /// The file's modification time set `seconds` ago (its change time moves to now).
    private func age(_ path: String, _ seconds: Int) {
        var times = [timespec(tv_sec: time(nil) - seconds, tv_nsec: 0), timespec(tv_sec: time(nil) - seconds, tv_nsec: 0)]
        XCTAssertEqual(utimensat(AT_FDCWD, root + "/" + path, &times, 0), 0)
    }

    private func record(_ n: Int, _ value: Int) -> String {
        "subject: p\(n)\nquarter: 2026-Q1\nrecords:\n  - date: 2026-01-1\(n % 10)\n    metric: nps\n    value: \(value)\n"
    }

    /// A committed ledger whose files were last modified a minute before the index was written
    /// (so none is racily clean), then: p1 rewritten with its size and modification time put
    /// back (only its change time tells), p2 rewritten longer, p3b new, p4 rewritten with a
    /// modification time after the index was written and staged so (racily clean: its stat data
    /// are its entry's, but a change in the same clock tick would leave them so).
    private func makeLedger() throws -> [String] {
        try git("init", "-q", "-b", "main")
        var paths = ["ledger.yaml", "metrics/nps.yaml"]
        try write("ledger.yaml", "name: Test\n")
        try write("metrics/nps.yaml", "name: NPS\ndimension: user_value\nunit: score\ndirection: higher\naggregate: last\n")
        for n in 0..<6 {
            try write("people/p\(n).yaml", "name: Person \(n)\n")
            try write("records/2026-Q1/p\(n).yaml", record(n, 10 + n))
            paths += ["people/p\(n).yaml", "records/2026-Q1/p\(n).yaml"]
        }
        for p in paths { age(p, 60) }
        try git("add", "-A")
        try git("commit", "-q", "-m", "ledger")
        try write("records/2026-Q1/p1.yaml", record(1, 91))
        age("records/2026-Q1/p1.yaml", 60)
        try write("records/2026-Q1/p2.yaml", record(2, 1234))
        try write("people/p3b.yaml", "name: Person 3b\n")
        try write("records/2026-Q1/p4.yaml", record(4, 77))
        age("records/2026-Q1/p4.yaml", -3600)
        try git("add", "records/2026-Q1/p4.yaml")
        return paths + ["people/p3b.yaml"]
    }

    func testOnlyFilesTheIndexVouchesForTakeItsBlobID() throws {
        let paths = try makeLedger()
        let index = try XCTUnwrap(IndexStat(gitDir: root + "/.git"))
        let source = DirectorySource(root: root, index: index, prefix: "")
        var vouched: Set<String> = []
        for path in paths {
            let (bytes, blob) = try source.read(path, vouchedBy: index, hint: 3)
            XCTAssertEqual(bytes, Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + path))), path)
            if let blob {
                XCTAssertEqual(blob.hex, try git("hash-object", path), path)
                vouched.insert(path)
            }
            // Without an index, nothing is vouched for.
            XCTAssertNil(try source.read(path, vouchedBy: nil).blob, path)
        }
        let changed: Set = ["records/2026-Q1/p1.yaml", "records/2026-Q1/p2.yaml", "people/p3b.yaml", "records/2026-Q1/p4.yaml"]
        XCTAssertEqual(vouched, Set(paths).subtracting(changed))
    }

    /// A cold load (empty parsed-file cache) with the index read before it: every file's state
    /// is the blob id of its bytes, vouched for or hashed, as `git hash-object` gives it, and
    /// the cache written then gives the same ledger warm.
    func testAColdLoadNotesTheBlobOfEveryFileItRead() throws {
        let paths = try makeLedger()
        let source = DirectorySource(root: root, gitDir: root + "/.git", environment: [:], prefix: "")
        XCTAssertNotNil(source.index)
        XCTAssertNotNil(source.indexIfRead)
        let cold = try LedgerLoader.load(from: source, cacheIn: root + "/.git", noteWorkingFiles: true)
        let listing = try XCTUnwrap(source.notes.listing)
        XCTAssertEqual(Set(listing.paths), Set(paths))
        for (path, state) in zip(listing.paths, listing.states) {
            guard case .read(let blob) = state else { return XCTFail("\(path): \(state)") }
            XCTAssertEqual(blob.hex, try git("hash-object", path), path)
        }
        let warm = try LedgerLoader.load(from: DirectorySource(root: root, gitDir: root + "/.git", environment: [:], prefix: ""),
                                         cacheIn: root + "/.git")
        XCTAssertEqual(warm.recordSheets.count, cold.recordSheets.count)
        XCTAssertEqual(warm.diagnostics.map(\.message), cold.diagnostics.map(\.message))
        for (key, sheet) in cold.recordSheets {
            XCTAssertEqual(warm.recordSheets[key]?.records.map { "\($0.date) \($0.metric) \($0.valueText)" },
                           sheet.records.map { "\($0.date) \($0.metric) \($0.valueText)" }, "\(key)")
        }
    }

    func testReadFileReadsWholeAtEverySizeAndRefusesWhatIsNotARegularFile() throws {
        let limit = 1 << 20
        // Expected at its size, smaller, larger, or not (stat first): the same bytes, and the
        // file's own stat data (taken after the read when a size is expected).
        for size in [0, 1, 4095, 65_536, 200_000] {
          for expected in [nil, size, max(size - 1, 0), size + 1, 0, 100] as [Int?] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = root + "/f\(size)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            var st = stat()
            guard case .bytes(let read) = try path.withCString({
                try Links.readFile($0, in: AT_FDCWD, limit: limit, describedAs: path, expected: expected, status: &st)
            }) else {
                XCTFail("\(size), \(String(describing: expected))")
                continue
            }
            XCTAssertEqual(read, bytes, "\(size), \(String(describing: expected))")
            var looked = stat()
            XCTAssertEqual(lstat(path, &looked), 0)
            XCTAssertEqual(Int(st.st_size), size)
            XCTAssertEqual(st.st_ino, looked.st_ino)
            XCTAssertEqual(st.st_mtim.tv_nsec, looked.st_mtim.tv_nsec)
          }
        }
        func file(_ path: String, limit: Int = limit, expected: Int?) throws -> Links.File {
            var st = stat()
            return try path.withCString { try Links.readFile($0, in: AT_FDCWD, limit: limit, describedAs: path, expected: expected, status: &st) }
        }
        XCTAssertEqual(mkfifo(root + "/fifo", 0o644), 0)
        try FileManager.default.createDirectory(atPath: root + "/folder", withIntermediateDirectories: false)
        XCTAssertEqual(symlink(root + "/f1", root + "/link"), 0)
        for expected in [nil, 0, 100, 200_000] as [Int?] {
            let what = String(describing: expected)
            guard case .tooLarge(200_000) = try file(root + "/f200000", limit: 100_000, expected: expected) else { return XCTFail("too large, \(what)") }
            guard case .tooLarge(200_000) = try file(root + "/f200000", limit: 199_999, expected: expected) else { return XCTFail("too large, \(what)") }
            guard case .none = try file(root + "/fifo", expected: expected) else { return XCTFail("a FIFO is not read (nor waited on), \(what)") }
            guard case .none = try file(root + "/folder", expected: expected) else { return XCTFail("a folder, \(what)") }
            guard case .link = try file(root + "/link", expected: expected) else { return XCTFail("a link is not followed, \(what)") }
            guard case .none = try file(root + "/missing", expected: expected) else { return XCTFail("missing, \(what)") }
        }
    }
}
