import Foundation
@testable import LedgerCore
import XCTest

/// The audit's findings are kept in `.git/kpi/findings-v1` by tip, close tags and program
/// (docs/architecture.md, "The caches"). The file changes speed only: cold, warm, damaged and
/// another key's file give the same output; a new commit, a new or moved close tag is audited
/// afresh; `--quarter` filters what is kept exactly as it filters a fresh audit.
final class FindingsCacheTests: XCTestCase {
    func testKeptFindingsGiveTheSameOutputAndFollowTipAndTags() throws {
        let s = try Sandbox()
        try GeneratedLedger.make(in: s)
        let kpiDir = s.ledger + "/.git/kpi/"
        let cachePath = kpiDir + "findings-v1"
        func audit(_ extra: String..., line: UInt = #line) throws -> String {
            let r = try s.run(Sandbox.kpiBinary.path, ["audit", "--format", "json"] + extra, cwd: s.ledger)
            XCTAssertEqual(r.status, 1, r.stderr, line: line)
            return r.stdout
        }
        func fresh(_ extra: String..., line: UInt = #line) throws -> String {
            try FileManager.default.removeItem(atPath: kpiDir)
            let r = try s.run(Sandbox.kpiBinary.path, ["audit", "--format", "json"] + extra, cwd: s.ledger)
            XCTAssertEqual(r.status, 1, r.stderr, line: line)
            return r.stdout
        }

        let cold = try audit()
        XCTAssertTrue(cold.contains("\"record_edited\""), cold)
        let written = try XCTUnwrap(FileManager.default.contents(atPath: cachePath), "the first audit keeps its findings")
        let head = try s.git("rev-parse", "HEAD", in: s.ledger).trimmingCharacters(in: .whitespacesAndNewlines)
        let header = String(String(decoding: written, as: UTF8.self).prefix { $0 != "\n" })
        XCTAssertTrue(header.hasPrefix("kpi-findings 1 ") && header.contains(" " + head + " "), header)
        XCTAssertEqual(try audit(), cold, "warm")
        XCTAssertEqual(try s.kpi("audit", status: 1).stdout, try s.kpi("audit", status: 1).stdout, "table, warm")
        let q2Warm = try audit("--quarter", "2026-Q2")
        XCTAssertEqual(q2Warm, try fresh("--quarter", "2026-Q2"), "a quarter's findings from the kept ones")
        XCTAssertNotEqual(q2Warm, cold)

        // The file is what a warm audit reads: a well-formed file for this key listing no
        // finding gives none (a test of the key, not a way to use the tool).
        XCTAssertEqual(try audit(), cold)
        var empty = Array((header + "\n").utf8)
        EventCache.put(UInt32(0), into: &empty)  // no finding
        EventCache.put(UInt32(0), into: &empty)  // no commit's quarters
        empty += Array("\nEND \(CacheFile.hexSeal(empty))\n".utf8)
        try Data(empty).write(to: URL(fileURLWithPath: cachePath))
        XCTAssertEqual(try s.kpi("audit", "--format", "json").stdout, "{\n  \"findings\": []\n}\n")
        // The same file naming another tip is ignored, and rewritten for this one.
        var forged = Array((header.replacingOccurrences(of: head, with: String(repeating: "0", count: 40)) + "\n").utf8)
        EventCache.put(UInt32(0), into: &forged)
        EventCache.put(UInt32(0), into: &forged)
        forged += Array("\nEND \(CacheFile.hexSeal(forged))\n".utf8)
        try Data(forged).write(to: URL(fileURLWithPath: cachePath))
        XCTAssertEqual(try audit(), cold, "another tip's findings")
        XCTAssertEqual(FileManager.default.contents(atPath: cachePath), written, "rewritten as before")

        // A byte flipped, a file cut short, garbage: ignored.
        var flipped = [UInt8](written)
        flipped[flipped.count / 2] ^= 0x20
        for broken in [flipped, Array(written.prefix(written.count - 3)), Array("garbage".utf8), []] {
            try Data(broken).write(to: URL(fileURLWithPath: cachePath))
            XCTAssertEqual(try audit(), cold, "damaged cache")
        }

        // A quarter closed at HEAD: the same tip, other findings (none yet: the tag reaches every
        // commit), then a change to the closed quarter after it: a new tip.
        try s.kpi("close", "2026-Q1")
        let closedTip = try s.git("rev-parse", "HEAD", in: s.ledger).trimmingCharacters(in: .whitespacesAndNewlines)
        let afterClose = try audit()
        XCTAssertEqual(afterClose, try fresh(), "a close tag is part of the key")
        let review = "reviews/2026-Q1/p00.yaml"
        try s.write(review, try s.read(review).replacingOccurrences(of: "rating: S", with: "rating: A"))
        _ = try s.git("commit", "-qam", "review: p00 rated A after the close", in: s.ledger)
        let afterEdit = try audit()
        XCTAssertTrue(afterEdit.contains("\"closed_quarter_changed\""), afterEdit)
        XCTAssertEqual(afterEdit, try fresh(), "a new tip")
        // The tag moved to the new tip: the edit is inside the closed history now.
        XCTAssertEqual(try audit(), afterEdit)
        _ = try s.git("tag", "-f", "-a", "-m", "closed again", "closed/2026-Q1", "HEAD", in: s.ledger)
        let moved = try audit()
        XCTAssertFalse(moved.contains("\"closed_quarter_changed\""), moved)
        XCTAssertEqual(moved, try fresh(), "a moved tag is part of the key")
        // The tag pointed back at a commit no longer in history: history_rewritten, from the key.
        _ = try s.git("reset", "-q", "--hard", closedTip + "^", in: s.ledger)
        _ = try s.git("tag", "-f", "-a", "-m", "closed", "closed/2026-Q1", closedTip, in: s.ledger)
        XCTAssertEqual(try audit(), try fresh())
    }
}
