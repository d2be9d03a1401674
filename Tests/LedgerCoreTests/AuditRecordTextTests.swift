import XCTest
@testable import LedgerCore

/// The audit reads each record event's `date metric value` back into a record
/// (`Auditor.record`); its fast path on bytes gives exactly what splitting by `Character` gives,
/// for the usual texts and for texts where a space is part of a larger character.
final class AuditRecordTextTests: XCTestCase {
    static func bySplit(_ text: String?) -> FileFacts.RecordFact? {
        guard let parts = text?.split(separator: " ", maxSplits: 2), parts.count == 3 else { return nil }
        return FileFacts.RecordFact(date: String(parts[0]), metric: String(parts[1]), value: String(parts[2]))
    }

    func testTheSameRecordAsSplittingByCharacter() {
        var texts: [String?] = [nil, "", " ", "  ", "a", "a b", "a b c", "2026-10-31 revenue 61.0万", "2026-10-31 nps 7 (note: a b)",
                                "a  b c", " a b c", "a b  c", "a b c ", "a b ", "a  b", "é b c", "a é c", "a b é",
                                "a \u{301}b c", "a b \u{301}c", "a\u{301} b c", "a b\u{301} c", "\u{600} b c", "a \u{600}b c",
                                "a\u{600} b c", "日 本 語", "a\tb c", "a b\nc d", "2026-07-01 nps 3; 2026-07-02 nps 4"]
        let pieces = ["a", "b", " ", "  ", "é", "\u{301}", "\u{600}", "万", "7", "-", "\u{200D}", "🇫", "🇷", "\r", "\n"]
        var seed: UInt64 = 42
        for _ in 0..<3000 {
            var s = ""
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            for k in 0..<Int(seed >> 60) + 1 { s += pieces[Int((seed >> UInt64(k * 4)) & 0xF) % pieces.count] }
            texts.append(s)
        }
        for t in texts {
            let fast = Auditor.record(t), slow = Self.bySplit(t)
            XCTAssertEqual(fast.map { [$0.date, $0.metric, $0.value] }.map { $0.map { Array($0.utf8) } },
                           slow.map { [$0.date, $0.metric, $0.value] }.map { $0.map { Array($0.utf8) } }, "\(String(reflecting: t))")
        }
    }
}
