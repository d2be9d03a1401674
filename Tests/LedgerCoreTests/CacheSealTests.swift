import XCTest
@testable import LedgerCore

/// The history caches end in `CacheFile.seal` (FNV-1a's steps over 8 bytes at a time, then the
/// bytes left one at a time): the same value as those steps written out byte by byte, for every
/// length around the word boundaries, wherever the bytes start in memory; any one bit flipped
/// changes it, and a sealed file with a byte flipped anywhere (in a word or in the tail) is
/// not read.
final class CacheSealTests: XCTestCase {
    static func reference(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        var i = 0
        while i + 8 <= bytes.count {
            var w: UInt64 = 0
            for k in 0..<8 { w |= UInt64(bytes[i + k]) << UInt64(8 * k) }
            h = (h ^ w) &* 0x100000001b3
            i += 8
        }
        while i < bytes.count {
            h = (h ^ UInt64(bytes[i])) &* 0x100000001b3
            i += 1
        }
        return h
    }

    func testTheSealIsItsStepsAndSeesEveryBit() {
        var seed: UInt64 = 11
        func next() -> UInt8 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: seed >> 56)
        }
        let pool = (0..<80).map { _ in next() }
        for offset in 0..<8 {
            for n in 0...(pool.count - offset) {
                let bytes = Array(pool[offset..<(offset + n)])
                let sealed = pool.withUnsafeBytes { CacheFile.seal(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + n)])) }
                XCTAssertEqual(sealed, Self.reference(bytes), "\(n) bytes at \(offset)")
                XCTAssertEqual(CacheFile.hexSeal(bytes), String(repeating: "0", count: 16 - String(sealed, radix: 16).count) + String(sealed, radix: 16))
            }
        }
        let bytes = Array(pool[0..<37])
        let whole = CacheFile.hexSeal(bytes)
        XCTAssertEqual(whole.utf8.count, 16)
        for i in bytes.indices {
            for bit in 0..<8 {
                var flipped = bytes
                flipped[i] ^= UInt8(1 << bit)
                XCTAssertNotEqual(CacheFile.hexSeal(flipped), whole, "byte \(i), bit \(bit)")
            }
        }
    }

    /// `Sealer` given the same bytes in pieces of every length (empty ones too, pieces shorter
    /// than a word, words split anywhere) gives `seal` of the whole, and the same as it goes.
    func testTheSealOfPiecesIsTheSealOfTheWhole() {
        var seed: UInt64 = 5
        func next() -> UInt64 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return seed >> 33
        }
        let bytes = (0..<300).map { _ in UInt8(truncatingIfNeeded: next()) }
        for round in 0..<200 {
            var sealer = CacheFile.Sealer()
            var at = 0
            while at < bytes.count {
                let n = min(bytes.count - at, round < 20 ? round : Int(next() % 21))
                bytes.withUnsafeBytes { sealer.update(UnsafeRawBufferPointer(rebasing: $0[at..<(at + n)])) }
                at += n
                XCTAssertEqual(sealer.finish(), Self.reference(Array(bytes[..<at])), "round \(round), \(at) bytes")
                if round == 0 { break }
            }
        }
        var empty = CacheFile.Sealer()
        empty.update(bytes[0..<0])
        XCTAssertEqual(empty.finish(), Self.reference([]))
    }

    func testASealedFileWithAByteFlippedIsNotRead() throws {
        let path = NSTemporaryDirectory() + "kpi-seal-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let header = Array("kpi-test 1\n".utf8)
        let body = header + (0..<29).map { UInt8($0 * 7 + 1) }
        CacheFile.replaceSealed(path, body: body)
        XCTAssertEqual(CacheFile.readSealed(path, header: header), body)
        let written = try XCTUnwrap(FileManager.default.contents(atPath: path))
        for i in header.count..<body.count {
            var flipped = [UInt8](written)
            flipped[i] ^= 0x80
            try Data(flipped).write(to: URL(fileURLWithPath: path))
            XCTAssertNil(CacheFile.readSealed(path, header: header), "byte \(i)")
        }
    }
}
