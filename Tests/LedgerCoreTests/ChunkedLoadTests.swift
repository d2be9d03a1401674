import TestFolders
import XCTest
@testable import LedgerCore

/// A load of more files than one chunk (`Reading.chunk`): each chunk is put into the model while
/// the next is read (docs/architecture.md, "How a read flows"). Whatever the chunks, every file
/// is in the model and the messages come in the order of a load of one file after the other:
/// parse problems in path order, then each kind's own messages in path order.
final class ChunkedLoadTests: XCTestCase {
    static let count = LedgerLoader.Reading.chunk + 1500

    func id(_ i: Int) -> String { "p" + String(repeating: "0", count: 5 - String(i).count) + String(i) }

    /// Person files; every 997th has a key twice (a parse error: the file is unreadable), every
    /// 1,009th a misspelt key (its own error, the person still read).
    func files() -> [(path: String, bytes: [UInt8])] {
        (0..<Self.count).map { i in
            var text = "name: Person \(i)\nteam: product\n"
            if i % 997 == 3 { text += "name: Again\n" }
            if i % 1009 == 5 { text += "manger: bob\n" }
            return ("people/\(id(i)).yaml", Array(text.utf8))
        }
    }

    func expected() -> (unreadable: [String], misspelt: [String]) {
        let all = Array(0..<Self.count)
        return (all.filter { $0 % 997 == 3 }.map { "people/\(id($0)).yaml" },
                all.filter { $0 % 1009 == 5 && $0 % 997 != 3 }.map { "people/\(id($0)).yaml" })
    }

    func check(_ ledger: Ledger, file: StaticString = #filePath, line: UInt = #line) {
        let (unreadable, misspelt) = expected()
        XCTAssertGreaterThan(unreadable.last!, "people/\(id(LedgerLoader.Reading.chunk))", "problems in the last chunk too", file: file, line: line)
        XCTAssertEqual(ledger.people.count, 2 + Self.count - unreadable.count, "alice, bob and every readable file", file: file, line: line)
        XCTAssertEqual(ledger.unreadable, Set(unreadable.map { "person/" + String($0.dropFirst(7).dropLast(5)) }), file: file, line: line)
        XCTAssertEqual(ledger.diagnostics.map(\.path), unreadable + misspelt, file: file, line: line)
        XCTAssertTrue(ledger.diagnostics.prefix(unreadable.count).allSatisfy { $0.line == 3 && $0.severity == .error }, file: file, line: line)
        XCTAssertTrue(ledger.diagnostics.suffix(misspelt.count).allSatisfy { $0.message.contains("'manger'") }, file: file, line: line)
        XCTAssertEqual(ledger.people[id(Self.count - 1)]?.name, "Person \(Self.count - 1)", file: file, line: line)
        XCTAssertEqual(ledger.paths.count, organisation.count + Self.count, file: file, line: line)
    }

    func testFilesGivenInProcess() {
        let all = organisation.map { ($0.key, Array($0.value.utf8)) } + files()
        check(LedgerLoader.load(files: all))
    }

    func testAFolderReadOnEveryCore() throws {
        let root = TestFolders.make("chunked-load")
        for (path, text) in organisation { try write(root, path, Array(text.utf8)) }
        for (path, bytes) in files() { try write(root, path, bytes) }
        check(try LedgerLoader.load(from: DirectorySource(root: root)))
    }

    /// Files of several kinds over more than a chunk, with paths that are no ledger file among
    /// them (a `.yml`, a sheet in a sub-folder) and the settings and catalog between the chunks
    /// of the others (`Reading.Kinds`, `Reading.Placements`): each file is read as its own kind
    /// wherever its chunk starts, and the layout's messages come first, in path order.
    func testKindsAndPlacesAcrossChunks() throws {
        let n = LedgerLoader.Reading.chunk / 2 + 300
        var all = organisation.map { ($0.key, Array($0.value.utf8)) }
        var misnamed: [String] = [], misplaced: [String] = []
        for i in 0..<n {
            all.append(("people/\(id(i)).yaml", Array("name: Person \(i)\nteam: product\n".utf8)))
            let goals = "subject: \(id(i))\nquarter: 2026-Q1\ngoals:\n  - metric: nps\n    target: \(i % 10)\n    weight: 100\n"
            all.append(("goals/2026-Q1/\(id(i)).yaml", Array(goals.utf8)))
            if i % 700 == 1 {
                misnamed.append("people/\(id(i))x.yml")
                misplaced.append("goals/2026-Q1/drafts/\(id(i)).yaml")
            }
        }
        all += (misnamed + misplaced).map { ($0, Array("name: X\n".utf8)) }
        let ledger = LedgerLoader.load(files: all.shuffled())
        XCTAssertGreaterThan(ledger.paths.count, LedgerLoader.Reading.chunk + 200)
        XCTAssertEqual(ledger.people.count, 2 + n)
        XCTAssertEqual(ledger.goalSheets.count, n)
        XCTAssertEqual(ledger.metrics.count, 2)
        for i in 0..<n {
            let sheet = try XCTUnwrap(ledger.goalSheets[SheetKey(subject: id(i), quarter: try XCTUnwrap(Quarter("2026-Q1")))])
            XCTAssertEqual(sheet.path, "goals/2026-Q1/\(id(i)).yaml")
            XCTAssertEqual(sheet.goals.map(\.targetText), ["\(i % 10)"])
            XCTAssertEqual(ledger.path(of: sheet.ref), sheet.path)
            XCTAssertEqual(ledger.people[id(i)]?.name, "Person \(i)")
        }
        let layout = (misnamed + misplaced).sorted()
        XCTAssertEqual(ledger.diagnostics.prefix(layout.count).map(\.path), layout)
        for d in ledger.diagnostics.prefix(layout.count) {
            XCTAssertEqual(d.severity, d.path.hasSuffix(".yml") ? .error : .warning, d.path)
            XCTAssertEqual(d.code, d.path.hasSuffix(".yml") ? .fileName : .misplacedFile, d.path)
        }
        XCTAssertEqual(ledger.diagnostics.dropFirst(layout.count).map(\.path), [], "no other message")
    }

    func write(_ root: String, _ path: String, _ bytes: [UInt8]) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: full, contents: Data(bytes)))
    }
}
