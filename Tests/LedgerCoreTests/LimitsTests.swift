import Foundation
import XCTest
@testable import LedgerCore
import LedgerFormat

/// Hostile files are refused with a clear, located message (functional checks; the benchmark
/// measures how quickly).
final class LimitsTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "kpi-limits-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/people", withIntermediateDirectories: true)
        try "name: Limits\n".write(toFile: dir + "/ledger.yaml", atomically: true, encoding: .utf8)
        try "name: Bob\n".write(toFile: dir + "/people/bob.yaml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func load() throws -> Ledger { try LedgerLoader.load(from: DirectorySource(root: dir)) }

    func testFileOverTheSizeLimitIsRefusedBeforeItIsRead() throws {
        // A sparse 1 GB file: costs no disk, and would cost 1 GB of memory if it were read.
        let path = dir + "/people/huge.yaml"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0)
        _ = "name: ".withCString { write(fd, $0, 6) }
        XCTAssertEqual(ftruncate(fd, 1_000_000_000), 0)
        close(fd)
        let ledger = try load()
        let errors = ledger.diagnostics.filter { $0.path == "people/huge.yaml" }
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(errors.first?.line, 1)
        XCTAssertTrue(errors.first?.message.contains("limited to 256 MB") ?? false, "\(errors)")
        XCTAssertNotNil(ledger.people["bob"], "the other files are still read")
    }

    func testMillionNestingLevelsAreRefused() throws {
        var s = "name: x\nk:\n"
        s.reserveCapacity(2_100_000)
        for _ in 0..<1_000_000 { s += "- " }
        s += "a\n"
        try s.write(toFile: dir + "/people/deep.yaml", atomically: true, encoding: .utf8)
        let errors = try load().diagnostics.filter { $0.path == "people/deep.yaml" }
        XCTAssertEqual(errors.count, 1)
        XCTAssertTrue(errors.first?.message.contains("nested more than") ?? false, "\(errors)")
    }

    func testMillionKeysGiveABoundedNumberOfMessages() throws {
        var s = "name: x\n"
        for i in 0..<1_000_000 { s += "k\(i): v\n" }
        try s.write(toFile: dir + "/people/wide.yaml", atomically: true, encoding: .utf8)
        let errors = try load().diagnostics.filter { $0.path == "people/wide.yaml" }
        XCTAssertEqual(errors.count, FileReader.maxDiagnostics + 1)
        XCTAssertEqual(errors.first?.line, 2)
        XCTAssertTrue(errors.first?.message.contains("unknown key 'k0'") ?? false, "\(errors.first!)")
        XCTAssertTrue(errors.last?.message.contains("999900 more problems") ?? false, "\(errors.last!)")
    }

    func testFastNumberTextMatchesDecimal() {
        // `Number.description`'s fast path writes exactly what Decimal's description does.
        XCTAssertTrue(DecimalBits.layoutKnown, "the fast path is in use on this platform")
        var values: [Number] = [Number(1), Number(-1), Number(10), Number(100), Number(1_000_000), Number(Int.max), Number(Int.min + 1)]
        for _ in 0..<20_000 {
            let sig = UInt64.random(in: 0...UInt64.max) >> UInt64.random(in: 0...63)
            if let n = Number(significand: sig, exponent: Int.random(in: -30...20), negative: Bool.random()) { values.append(n) }
        }
        values += [Number(1) / Number(3), Number(2) / Number(3), Number(-7) / Number(8), Number(12345) / Number(100)]
        for _ in 0..<2_000 {
            let a = Number(Int.random(in: -1_000_000...1_000_000)), b = Number(Int.random(in: 1...10_000))
            values.append(a / b)
            values.append((a / Number(1000)) * (b / Number(100)))
            values.append(a + b / Number(7))
            values.append(Number(Int.random(in: 1...Int.max)) * Number(Int.random(in: 1...Int.max)) / Number(Int.random(in: 1...99)))
        }
        for v in values {
            let expected = v.decimalValue.isZero ? "0" : v.decimalValue.description
            XCTAssertEqual(v.description, expected)
        }
    }
}
