import GitStore
import XCTest
@testable import LedgerCore

/// `EventCache.encode` writes an event read where its fields stand in a `LedgerEvent` exactly as
/// it writes the event's `change` copied out: every field present and absent, any UTF-8.
final class EventEncodingTests: XCTestCase {
    func testAnEventAndItsChangeEncodeToTheSameBytes() throws {
        let author = Signature(name: "Zoë", email: "zoe@example.com", time: 1_781_920_800, offsetMinutes: 480)
        let id = try XCTUnwrap(ObjectID(hex: String(repeating: "ab", count: 20)))
        let q = Quarter("2026-Q3")
        var n = 0
        for subject in [nil, "alice"] as [String?] {
            for quarter in [nil, q] {
                for metric in [nil, "nps"] as [String?] {
                    for (old, new) in [(nil, "45%"), ("10万 → x", nil), ("", "")] as [(String?, String?)] {
                        for change in [nil, .added, .corrected] as [LedgerEvent.RecordChange?] {
                            for reason in [nil, "因为 Q3 close"] as [String?] {
                                let e = LedgerEvent(commit: id, author: author, message: "m", path: "records/2026-Q3/alice.yaml", kind: .record,
                                                    subject: subject, quarter: quarter, metric: metric, field: "record", old: old, new: new,
                                                    recordChange: change, reason: reason)
                                var fromEvent: [UInt8] = [], fromChange: [UInt8] = []
                                EventCache.encode(e, into: &fromEvent)
                                EventCache.encode(e.change, into: &fromChange)
                                XCTAssertEqual(fromEvent, fromChange)
                                XCTAssertFalse(fromEvent.isEmpty)
                                n += 1
                            }
                        }
                    }
                }
            }
        }
        XCTAssertEqual(n, 144)
    }
}
