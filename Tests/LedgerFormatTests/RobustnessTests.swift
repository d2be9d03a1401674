import Foundation
import XCTest
import Yams
@testable import LedgerFormat

final class RobustnessTests: XCTestCase {
    /// Runs one hostile input. How fast it is refused is measured by the benchmark (`make bench`),
    /// never here: shared machines make timed tests flaky. A hang would stop the run.
    func hostile(_ what: String, _ body: () -> Void) {
        body()
    }

    func refused(_ bytes: [UInt8], _ words: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try LedgerParser.parse(bytes, path: "h.yaml")
            XCTFail("accepted", file: file, line: line)
        } catch {
            XCTAssertTrue(error.message.contains(words), error.message, file: file, line: line)
        }
    }

    func testDeepNestingIsRefusedQuickly() {
        hostile("100000 levels of `- `") {
            refused(Array(String(repeating: "- ", count: 100_000).utf8) + [0x78, 0x0A], "nested more than 32 levels")
        }
        hostile("10^6 brackets") { refused([UInt8](repeating: 0x5B, count: 1_000_000), "brackets") }
        hostile("100000 levels of `a:`") {
            var t: [UInt8] = []
            for i in 0..<100_000 { t += [UInt8](repeating: 0x20, count: min(i, 40) * 2) + Array("a:\n".utf8) }
            refused(t, "nested more than 32 levels")
        }
    }

    func testLongLineIsHandledQuickly() {
        var big = Array("key: ".utf8)
        big += [UInt8](repeating: 0x78, count: 50_000_000)
        hostile("50 MB line") {
            refused(big + [0x01], "control character")
        }
        hostile("5 MB line") {
            refused(Array("key: ".utf8) + [UInt8](repeating: 0x78, count: 5_000_000) + Array(": x".utf8), "cannot itself be `key: value`")
        }
    }

    func testManyKeysAreLinear() {
        var t: [UInt8] = []
        t.reserveCapacity(3_000_000)
        for i in 0..<200_000 { t += Array("k\(i): v\n".utf8) }
        hostile("200000 keys, duplicate at the end") {
            refused(t + Array("k0: again\n".utf8), "appears twice")
        }
    }

    func testRandomBytesNeverCrash() {
        var g = SplitMix(state: 1)
        let alphabet = Array("ab :-#'\"\\|>[]{}&*!%@`,?\n\r\t0~é用\u{FEFF}".utf8) + [0, 0xFF, 0xC3]
        for i in 0..<3000 {
            let n = Int(g.next() % 120)
            let bytes: [UInt8] = (0..<n).map { _ in
                i % 2 == 0 ? UInt8(truncatingIfNeeded: g.next()) : alphabet[Int(g.next() % UInt64(alphabet.count))]
            }
            exercise(bytes)
        }
    }

    func testMutatedFixturesNeverCrashAndReadLikeYams() {
        // LEDGER_FUZZ_ITERATIONS / LEDGER_FUZZ_SEED run longer campaigns by hand.
        let env = ProcessInfo.processInfo.environment
        let iterations = env["LEDGER_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 3000
        var g = SplitMix(state: env["LEDGER_FUZZ_SEED"].flatMap { UInt64($0) } ?? 99)
        let fixtures = YamsDifferentialTests.fixtures.sorted { $0.key < $1.key }.map { Array($0.value.utf8) }
        let inserts = Array(" :-#'\"|\n\t[&x".utf8)
        var accepted = 0, disagreements: [String] = []
        for _ in 0..<iterations {
            var b = fixtures[Int(g.next() % UInt64(fixtures.count))]
            for _ in 0..<(1 + Int(g.next() % 3)) where !b.isEmpty {
                let at = Int(g.next() % UInt64(b.count))
                switch g.next() % 3 {
                case 0: b.remove(at: at)
                case 1: b.insert(inserts[Int(g.next() % UInt64(inserts.count))], at: at)
                default: b[at] = inserts[Int(g.next() % UInt64(inserts.count))]
                }
            }
            if let doc = exercise(b) {
                accepted += 1
                // Whatever we accept, Yams must read the same way.
                if let text = String(validating: b, as: UTF8.self), let d = differenceFromYams(doc, text) {
                    disagreements.append("\(d)\n---\n\(text)\n---")
                }
            }
        }
        XCTAssertGreaterThan(accepted, 100)
        XCTAssertEqual(disagreements.count, 0, disagreements.prefix(12).joined(separator: "\n"))
    }

    /// Parse; on success touch every node; on failure check the position lies in the file.
    @discardableResult
    func exercise(_ bytes: [UInt8]) -> LedgerDocument? {
        do {
            let doc = try LedgerParser.parse(bytes, path: "f.yaml")
            if let r = doc.root {
                _ = doc.value(r)
                var stack = [r]
                while let n = stack.popLast() {
                    _ = doc.position(n)
                    XCTAssertTrue(doc.span(n).upperBound <= bytes.count)
                    stack += doc.items(n)
                    for e in doc.entries(n) { stack += [e.key, e.value] }
                }
            }
            return doc
        } catch {
            let lines = bytes.filter { $0 == 0x0A }.count + 1
            XCTAssertTrue(error.line >= 1 && error.line <= lines && error.column >= 1, "\(error)")
            XCTAssertNotEqual(error.category, .general)
            return nil
        }
    }
}
