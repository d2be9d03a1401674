import Foundation
@testable import LedgerCore
import XCTest

/// `rating_overridden` scores the whole ledger at the audited tip; its result is kept in
/// `.git/kpi/rating-overrides-v1` by ledger tree. The file changes speed only: cold, warm,
/// damaged and another tree's file give the same findings, and a new tree is scored afresh.
final class RatingOverrideCacheTests: XCTestCase {
    func testCachedOverridesGiveTheSameFindingsAndFollowTheTree() throws {
        let s = try Sandbox()
        try GeneratedLedger.make(in: s)
        let cachePath = s.ledger + "/.git/kpi/rating-overrides-v1"
        // Without the findings of the tip kept (`FindingsCache`), which would answer before this cache is read.
        func audit() throws -> String {
            try? FileManager.default.removeItem(atPath: s.ledger + "/.git/kpi/findings-v1")
            return try s.kpi("audit", "--format", "json", status: 1).stdout
        }
        func overrides(_ json: String) -> Int { json.components(separatedBy: "\"rating_overridden\"").count - 1 }

        let cold = try audit()
        XCTAssertEqual(overrides(cold), 8, "the generated ledger's Q1 reviews that differ from the computed rating")
        let written = try XCTUnwrap(FileManager.default.contents(atPath: cachePath), "the first audit keeps the overrides")
        let text = String(decoding: written, as: UTF8.self)
        let tree = try s.git("rev-parse", "HEAD^{tree}", in: s.ledger).trimmingCharacters(in: .whitespacesAndNewlines)
        let header = String(text.prefix { $0 != "\n" })
        XCTAssertTrue(header.hasPrefix("kpi-rating-overrides 1 ") && header.hasSuffix(" " + tree), header)
        XCTAssertEqual(try audit(), cold, "warm")

        // The cache is what a warm audit reads: a well-formed file for this tree listing no
        // override gives none (a test of the key, not a way to use the tool).
        var empty = Array((header + "\n").utf8)
        EventCache.put(UInt32(0), into: &empty)
        empty += Array("\nEND \(CacheFile.hexSeal(empty))\n".utf8)
        try Data(empty).write(to: URL(fileURLWithPath: cachePath))
        XCTAssertEqual(overrides(try audit()), 0)
        // The same file naming another tree is ignored, and rewritten for this one.
        let other = header.replacingOccurrences(of: tree, with: String(repeating: "0", count: 40))
        var forged = Array((other + "\n").utf8)
        EventCache.put(UInt32(0), into: &forged)
        forged += Array("\nEND \(CacheFile.hexSeal(forged))\n".utf8)
        try Data(forged).write(to: URL(fileURLWithPath: cachePath))
        XCTAssertEqual(try audit(), cold, "another tree's overrides")
        XCTAssertEqual(FileManager.default.contents(atPath: cachePath), written, "rewritten as before")

        // A byte flipped, a file cut short, garbage: ignored.
        var flipped = [UInt8](written)
        flipped[flipped.count / 2] ^= 0x20
        for broken in [flipped, Array(written.prefix(written.count - 3)), Array("garbage".utf8)] {
            try Data(broken).write(to: URL(fileURLWithPath: cachePath))
            XCTAssertEqual(try audit(), cold, "damaged cache")
        }

        // A new tree: p00's reviewer now gives the computed rating, so p00 is no longer a finding.
        let review = "reviews/2026-Q1/p00.yaml"
        let before = try s.read(review)
        XCTAssertTrue(cold.contains("rated p00 S for 2026-Q1"), cold)
        try s.write(review, before.replacingOccurrences(of: "rating: S", with: "rating: B"))
        _ = try s.git("commit", "-qam", "review: p00 rated as computed", in: s.ledger)
        let afterEdit = try audit()
        XCTAssertEqual(overrides(afterEdit), 7)
        XCTAssertFalse(afterEdit.contains("rated p00"), afterEdit)
        try FileManager.default.removeItem(atPath: s.ledger + "/.git/kpi")
        XCTAssertEqual(try audit(), afterEdit, "the same as with no cache at all")
    }
}
