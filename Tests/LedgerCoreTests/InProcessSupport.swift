import Foundation
import GitStore
import LedgerFormat
import TestFolders
import XCTest
@testable import LedgerCore

/// A new ledger (`LedgerInitializer`, as `kpi init` makes it) in a temporary folder, driven in
/// process: no binary, no environment, fixed identities.
final class TempLedger {
    let path: String
    let store: LedgerStore
    let sig = Signature(name: "Bob Manager", email: "bob@example.com", time: 1_781_920_800, offsetMinutes: 480)

    init() throws {
        path = TestFolders.path("kpi-inprocess")
        let sig = self.sig
        try LedgerInitializer.create(at: path, name: "Test") { _ in (sig, sig) }
        store = try LedgerStore.open(from: path)
    }

    deinit { TestFolders.remove(path) }

    func recorder(message: String? = nil, reopen: String? = nil) -> Recorder {
        Recorder(store: store, author: sig, committer: sig, message: message, reopenReason: reopen)
    }

    /// The ledger at HEAD, with every check.
    func ledger() throws -> Ledger { try store.ledger(at: try store.headCommit()) }
}

/// `text` with its caret `‸` removed, and the 1-based line and column (in characters) where it
/// stood: tests mark where a diagnostic must point, as the parser tests do.
func unmark(_ marked: String, file: StaticString = #filePath, line: UInt = #line) -> (text: String, line: Int, column: Int) {
    guard let caret = marked.firstIndex(of: "‸") else {
        XCTFail("no ‸ in the test input", file: file, line: line)
        return (marked, 0, 0)
    }
    let before = marked[..<caret]
    let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
    let l = before.filter { $0 == "\n" }.count + 1
    let column = before[lineStart...].unicodeScalars.count + 1
    var text = marked
    text.remove(at: caret)
    return (text, l, column)
}

/// Asserts that `diagnostics` hold one at `path`, at the caret's position, whose message
/// contains `words`.
func assertDiagnostic(_ diagnostics: [Diagnostic], path: String, at mark: (line: Int, column: Int), _ words: String,
                      severity: Diagnostic.Severity = .error, file: StaticString = #filePath, line: UInt = #line) {
    let here = diagnostics.filter { $0.path == path && $0.line == mark.line && $0.column == mark.column && $0.severity == severity }
    XCTAssertTrue(here.contains { $0.message.contains(words) },
                  "no \(severity) containing '\(words)' at \(path):\(mark.line):\(mark.column); got:\n"
                  + diagnostics.map(\.description).joined(separator: "\n"), file: file, line: line)
}
