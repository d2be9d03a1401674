import GitStore
import XCTest
@testable import LedgerCore

/// A `LedgerEvent`'s fields live in one object its copies share (a copy is one reference count):
/// a value changed after it was copied changes alone, field by field, and the copy keeps what it
/// held; a value held once is changed in place.
final class LedgerEventCopyTests: XCTestCase {
    let a = Signature(name: "Alice Chen", email: "alice@example.com", time: 1_780_000_000, offsetMinutes: 480)
    let b = Signature(name: "Bob Li", email: "bob@example.com", time: 1_780_000_600, offsetMinutes: -300)

    func event() -> LedgerEvent {
        LedgerEvent(commit: ObjectID(hex: String(repeating: "1", count: 40))!, author: a, message: "Q3 goals", path: "goals/2026-Q3/alice.yaml",
                    kind: .goal, subject: "alice", quarter: Quarter(year: 2026, number: 3), metric: "nps", field: "target",
                    old: "40", new: "35", recordChange: nil)
    }

    func describe(_ e: LedgerEvent) -> String {
        "\(e.commit.hex) \(e.author) \(e.message) \(e.path) \(e.kind) \(e.subject ?? "-") \(e.quarter.map(\.description) ?? "-") "
            + "\(e.metric ?? "-") \(e.field) \(e.old ?? "-") \(e.new ?? "-") \(e.recordChange?.rawValue ?? "-") \(e.reason ?? "-")"
    }

    func testACopyChangedLeavesTheOriginalAsItWas() {
        let original = event()
        let before = describe(original)
        var copies = Array(repeating: original, count: 13)
        copies[0].commit = ObjectID(hex: String(repeating: "2", count: 40))!
        copies[1].author = b
        copies[2].message = "other"
        copies[3].path = "records/2026-Q3/alice.yaml"
        copies[4].kind = .record
        copies[5].subject = nil
        copies[6].quarter = Quarter(year: 2026, number: 4)
        copies[7].metric = nil
        copies[8].field = "weight"
        copies[9].old = nil
        copies[10].new = "30"
        copies[11].recordChange = .corrected
        copies[12].reason = "a typo"
        XCTAssertEqual(describe(original), before)
        let expected = [
            before.replacingOccurrences(of: String(repeating: "1", count: 40), with: String(repeating: "2", count: 40)),
            before.replacingOccurrences(of: "\(a)", with: "\(b)"),
            before.replacingOccurrences(of: "Q3 goals", with: "other"),
            before.replacingOccurrences(of: "goals/2026-Q3/alice.yaml", with: "records/2026-Q3/alice.yaml"),
            before.replacingOccurrences(of: " goal alice", with: " record alice"),
            before.replacingOccurrences(of: " goal alice", with: " goal -"),
            before.replacingOccurrences(of: "2026-Q3 nps", with: "2026-Q4 nps"),
            before.replacingOccurrences(of: " nps target", with: " - target"),
            before.replacingOccurrences(of: " target 40", with: " weight 40"),
            before.replacingOccurrences(of: " 40 35", with: " - 35"),
            before.replacingOccurrences(of: " 40 35", with: " 40 30"),
            before.replacingOccurrences(of: "35 - -", with: "35 corrected -"),
            before.replacingOccurrences(of: "35 - -", with: "35 - a typo"),
        ]
        for (i, c) in copies.enumerated() {
            XCTAssertEqual(describe(c), expected[i], "copy \(i)")
        }
        // Each changed copy has fields of its own: changing it again leaves the others alone.
        copies[10].new = "25"
        XCTAssertEqual(describe(copies[11]), expected[11])
        XCTAssertEqual(describe(original), before)
    }

    func testTheDerivedRatedSubject() {
        var e = event()
        XCTAssertNil(e.ratedSubject)
        let kept = e
        e.kind = .calibration
        e.field = "ratings.alice"
        XCTAssertEqual(e.ratedSubject, "alice")
        XCTAssertNil(kept.ratedSubject)
    }
}
