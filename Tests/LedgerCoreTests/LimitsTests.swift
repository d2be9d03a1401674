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
}
