import Foundation
import XCTest
@testable import LedgerCore

/// A cache file written as it is encoded (`CacheFileWriter`) is byte for byte the file
/// `CacheFile.replaceSealed` writes of the same bytes given whole — pieces of every size, bytes
/// and 4-byte numbers, through buffers smaller and larger than the pieces — and a head written
/// last over its stand-in is where the stand-in was; what is given so far can be mapped back.
final class CacheFileWriterTests: XCTestCase {
    func testTheFileIsTheOneWrittenWhole() throws {
        let dir = NSTemporaryDirectory() + "kpi-cache-writer-\(UUID().uuidString)/"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var rng = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let capacity = [16, 64, 1_000, 1 << 18][round % 4]
            let writer = CacheFileWriter(path: dir + "w", capacity: capacity)
            var whole: [UInt8] = []
            for _ in 0..<Int.random(in: 0..<60, using: &rng) {
                switch Int.random(in: 0..<3, using: &rng) {
                case 0:
                    let b = UInt8.random(in: 0...255, using: &rng)
                    writer.append(b)
                    whole.append(b)
                case 1:
                    let n = UInt32.random(in: 0...UInt32.max, using: &rng)
                    writer.appendLittleEndian(n)
                    whole.appendLittleEndian(n)
                default:
                    let piece = (0..<Int.random(in: 0..<3_000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                    writer.append(contentsOf: piece)
                    whole += piece
                }
                XCTAssertEqual(writer.offset, whole.count)
            }
            // Mapped back before the file is put in place (as `TipCache.save` reads `tip-v1`'s
            // events for `subjects-v1`): every byte given so far, still there once it is.
            let mapped = writer.mapWritten()
            writer.finishSealed()
            if whole.isEmpty {
                XCTAssertNil(mapped, "round \(round)")
            } else {
                let m = try XCTUnwrap(mapped, "round \(round)")
                XCTAssertEqual([UInt8](m), whole, "round \(round)")
                munmap(UnsafeMutableRawPointer(mutating: m.baseAddress), m.count)
            }
            CacheFile.replaceSealed(dir + "r", body: whole)
            XCTAssertEqual(FileManager.default.contents(atPath: dir + "w"), FileManager.default.contents(atPath: dir + "r"), "round \(round)")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }, [], "no temporary file left")

            let head = (0..<Int.random(in: 1..<100, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let headed = CacheFileWriter(path: dir + "h", capacity: capacity)
            headed.append(contentsOf: [UInt8](repeating: 0, count: head.count))
            headed.append(contentsOf: whole)
            headed.finish(overwritingStart: head)
            XCTAssertEqual(FileManager.default.contents(atPath: dir + "h").map { [UInt8]($0) }, head + whole, "round \(round)")
        }
    }

    /// A writer let go unfinished leaves nothing: no file, no temporary file.
    func testAnUnfinishedFileIsNotPutInPlace() throws {
        let dir = NSTemporaryDirectory() + "kpi-cache-writer-\(UUID().uuidString)/"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let writer = CacheFileWriter(path: dir + "w", capacity: 16)
            writer.append(contentsOf: Array(repeating: 7, count: 100))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), [])
    }
}
