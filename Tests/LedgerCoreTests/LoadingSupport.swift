import Foundation
import LedgerFormat
import XCTest
@testable import LedgerCore

/// A small organisation that loads without a problem, for loader and check tests to add one
/// file to: two metrics, alice in team product led by bob.
let organisation: [String: String] = [
    "ledger.yaml": "name: Test\n",
    "metrics/nps.yaml": "name: NPS\ndimension: customer\nunit: score\ndirection: higher\naggregate: last\n",
    "metrics/retention.yaml": "name: Retention\ndimension: customer\nunit: percent\ndirection: higher\naggregate: last\n",
    "people/alice.yaml": "name: Alice\nmanager: bob\nteam: product\n",
    "people/bob.yaml": "name: Bob\n",
    "teams/product.yaml": "name: Product\nlead: bob\n",
]

/// The ledger of `organisation` with `files` added (or replacing its own), read in process.
func load(_ files: [String: String]) -> Ledger {
    let all = organisation.merging(files) { _, new in new }
    return LedgerLoader.load(files: all.map { ($0.key, Array($0.value.utf8)) })
}

/// `load`, with every file's parse kept (`Ledger.document(at:)`), as the recording path loads.
func loadKeepingDocuments(_ files: [String: String]) -> Ledger {
    let all = organisation.merging(files) { _, new in new }
    return LedgerLoader.extend(Ledger(), with: all.map { ($0.key, Array($0.value.utf8)) })
}

/// Loads `organisation` plus `path` written as `marked` (with a `‸`), and asserts a diagnostic
/// at the caret whose message contains `words`.
func expectDiagnostic(_ path: String, _ marked: String, _ words: String, severity: Diagnostic.Severity = .error,
                      others: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) {
    let (text, l, c) = unmark(marked, file: file, line: line)
    var files = others
    files[path] = text
    assertDiagnostic(load(files).diagnostics, path: path, at: (l, c), words, severity: severity, file: file, line: line)
}

/// The git CLI run in `dir` with no configuration but the test's own (`home` as HOME, no system
/// file), its standard output; a non-zero exit fails the test. The oracle of tests that compare
/// with what git itself says.
@discardableResult
func gitCLI(_ args: [String], in dir: String, home: String, config: [String] = []) -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    p.arguments = ["-c", "user.name=T", "-c", "user.email=t@example.com"] + config + args
    p.currentDirectoryURL = URL(fileURLWithPath: dir)
    p.environment = ["HOME": home, "PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"]
    let out = Pipe()
    p.standardOutput = out
    do { try p.run() } catch {
        XCTFail("git \(args): \(error)")
        return ""
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 0, "git \(args)")
    return String(decoding: data, as: UTF8.self)
}
