import LedgerFormat
import XCTest
@testable import LedgerCore

/// The window an edit inside a records file changed (`RecordsEditWindow`): outside it the items
/// are the committed file's own, so the committed file's records are exactly the new file's
/// outside the window plus the committed items inside it.
final class RecordsEditWindowTests: XCTestCase {
    typealias Item = String
    static let header = "subject: alice\nquarter: 2026-Q3\nrecords:\n"

    func items(_ n: Int) -> [Item] { (0..<n).map { StreamingRecordsCheckTests.item($0) } }

    func bytes(_ items: [Item]) -> [UInt8] { Array((Self.header + items.joined()).utf8) }

    /// The line each item starts on.
    func lines(_ items: [Item]) -> [Int] {
        var line = 4, out: [Int] = []
        for i in items {
            out.append(line)
            line += i.utf8.filter { $0 == 10 }.count
        }
        return out
    }

    func facts(_ bytes: [UInt8]) -> [String] {
        guard case .records(let list)? = FileFacts.read(bytes, path: "records/2026-Q3/alice.yaml", kind: .records) else { return ["unreadable"] }
        return list.map(\.text)
    }

    func window(_ old: [Item], _ new: [Item]) -> RecordsEditWindow? {
        RecordsEditWindow(old: bytes(old), new: bytes(new), headerBytes: Self.header.utf8.count, column: 2)
    }

    /// The committed file's facts, counted from the window and the new file outside it, equal
    /// the committed file's own.
    func assertAccounts(_ old: [Item], _ new: [Item], window w: RecordsEditWindow, file: StaticString = #filePath, line: UInt = #line) {
        let inside = facts(w.committedText)
        XCTAssertEqual(inside.count, w.committedItems, file: file, line: line)
        var outside: [String] = []
        for (item, at) in zip(new, lines(new)) where at < w.firstLine || at >= w.afterLine {
            outside += facts(Array((Self.header + item).utf8))
        }
        XCTAssertEqual((outside + inside).sorted(), facts(bytes(old)).sorted(), file: file, line: line)
    }

    func testAValueChangedInsideIsOneItem() throws {
        let old = items(100)
        var new = old
        new[50] = StreamingRecordsCheckTests.item(50, value: "5000")
        let w = try XCTUnwrap(window(old, new))
        XCTAssertEqual([w.firstLine, w.afterLine, w.committedItems], [4 + 4 * 50, 4 + 4 * 51, 1])
        XCTAssertEqual(String(decoding: w.committedText, as: UTF8.self), Self.header + old[50])
        assertAccounts(old, new, window: w)
    }

    func testInsertedDeletedAndMovedItems() throws {
        let old = items(100)
        // Inserted: nothing of the committed file inside the window.
        var new = old
        new.insert(StreamingRecordsCheckTests.item(3), at: 11)
        var w = try XCTUnwrap(window(old, new))
        XCTAssertEqual([w.firstLine, w.afterLine, w.committedItems], [4 + 4 * 11, 4 + 4 * 12, 0])
        assertAccounts(old, new, window: w)
        // Deleted: the committed item is inside an empty window of the new file.
        new = old
        new.remove(at: 10)
        w = try XCTUnwrap(window(old, new))
        XCTAssertEqual([w.firstLine, w.afterLine, w.committedItems], [4 + 4 * 10, 4 + 4 * 10, 1])
        assertAccounts(old, new, window: w)
        // Two swapped, one far away changed: one window over all of them.
        new = old
        new.swapAt(20, 21)
        new[70] = StreamingRecordsCheckTests.item(70, value: "7")
        w = try XCTUnwrap(window(old, new))
        XCTAssertEqual([w.firstLine, w.afterLine, w.committedItems], [4 + 4 * 20, 4 + 4 * 71, 51])
        assertAccounts(old, new, window: w)
    }

    func testTheFirstAndTheLastItem() throws {
        let old = items(40)
        var new = old
        new[0] = StreamingRecordsCheckTests.item(0, value: "0.5")
        var w = try XCTUnwrap(window(old, new))
        XCTAssertEqual([w.firstLine, w.afterLine], [4, 8])
        assertAccounts(old, new, window: w)
        new = old
        new[39] = StreamingRecordsCheckTests.item(39, value: "$39.5")
        w = try XCTUnwrap(window(old, new))
        XCTAssertEqual([w.firstLine, w.afterLine], [4 + 4 * 39, 4 + 4 * 40])
        assertAccounts(old, new, window: w)
        // Items appended at the end, and the last one removed.
        new = old + [StreamingRecordsCheckTests.item(40)]
        w = try XCTUnwrap(window(old, new))
        XCTAssertEqual([w.firstLine, w.afterLine, w.committedItems], [4 + 4 * 40, 4 + 4 * 41, 0])
        assertAccounts(old, new, window: w)
        new = Array(old.dropLast())
        w = try XCTUnwrap(window(old, new))
        XCTAssertEqual([w.firstLine, w.afterLine, w.committedItems], [4 + 4 * 39, 4 + 4 * 39, 1])
        assertAccounts(old, new, window: w)
        // Unchanged: an empty window.
        w = try XCTUnwrap(window(old, old))
        XCTAssertEqual(w.committedItems, 0)
        assertAccounts(old, old, window: w)
    }

    func testNoWindowWhereItCannotBeCutAtItems() {
        let old = items(20)
        let oldBytes = bytes(old), headerBytes = Self.header.utf8.count
        // The header changed.
        let renamed = Array(("subject: alicia\nquarter: 2026-Q3\nrecords:\n" + old.joined()).utf8)
        XCTAssertNil(RecordsEditWindow(old: oldBytes, new: renamed, headerBytes: headerBytes + 2, column: 2))
        // The committed file has a key after its list where the new one has an item.
        let tail = Array((Self.header + old.joined() + "note: after\n").utf8)
        XCTAssertNil(RecordsEditWindow(old: tail, new: bytes(old + [StreamingRecordsCheckTests.item(20)]), headerBytes: headerBytes, column: 2))
        // The committed file does not end with a line end where the edit reaches its end.
        XCTAssertNil(RecordsEditWindow(old: Array(oldBytes.dropLast()), new: bytes(old + [StreamingRecordsCheckTests.item(20)]),
                                       headerBytes: headerBytes, column: 2))
    }
}
