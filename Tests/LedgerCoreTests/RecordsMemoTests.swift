import XCTest
@testable import LedgerCore

/// A thread reading version after version of records files reads a version from the last item
/// of the version of the same path it read before, when every byte before that item is the
/// same (`FileFacts.read(_:path:kind:memo:)`): whatever the edit — records appended, the last
/// one edited or cut short, one in the middle changed, the top changed, a version of another
/// shape or none that loads — the facts are those `FileFacts.read` gives the version alone.
final class RecordsMemoTests: XCTestCase {
    func render(_ f: FileFacts?) -> String {
        guard case .records(let r)? = f else { return f == nil ? "refused" : "other" }
        return r.map { "\($0.date)|\($0.metric)|\($0.value)|\($0.source ?? "-")|\($0.note ?? "-")|\($0.corrects ?? "-")" }.joined(separator: "\n")
    }

    func record(_ n: Int, _ rng: inout SystemRandomNumberGenerator) -> String {
        var lines = ["  - date: 2026-01-\(10 + n % 19)", "    metric: m\(Int.random(in: 0..<4, using: &rng))", "    value: \(Int.random(in: 0..<1000, using: &rng))"]
        if Bool.random(using: &rng) { lines.append("    note: n\(n) é") }
        if Int.random(in: 0..<5, using: &rng) == 0 { lines.append("    corrects: 2026-01-1\(n % 10)") }
        if Int.random(in: 0..<5, using: &rng) == 0 { lines.append("    source: export") }
        return lines.joined(separator: "\n") + "\n"
    }

    func testEveryVersionReadsAsItDoesAlone() {
        var rng = SystemRandomNumberGenerator()
        let memo = FileFacts.RecordsMemo()
        var files: [String: [String]] = [:]  // path → its records' texts
        var tops: [String: String] = [:]
        var poisoned = Set<String>()  // paths whose last record is of another shape (taken away next)
        for step in 0..<4_000 {
            let path = "records/2026-Q1/p\(Int.random(in: 0..<6, using: &rng)).yaml"
            var records = files[path] ?? []
            if poisoned.remove(path) != nil, !records.isEmpty { records.removeLast() }
            var top = tops[path] ?? "subject: p\nquarter: 2026-Q1\n"
            switch Int.random(in: 0..<12, using: &rng) {
            case 0..<6: records.append(record(step, &rng))                                       // appended
            case 6: if !records.isEmpty { records[records.count - 1] = record(step, &rng) }      // the last one edited
            case 7: if !records.isEmpty { records[Int.random(in: 0..<records.count, using: &rng)] = record(step, &rng) }
            case 8: if !records.isEmpty { records.removeLast() }                                 // cut short
            case 9: top = Bool.random(using: &rng) ? "subject: q\nquarter: 2026-Q1\n" : "subject: p\nquarter: 2026-Q1\n"
            case 10: records.append("  - date: \"2026-01-02\"\n    metric: m0\n    value: 1\n"); poisoned.insert(path)  // the parser's shape
            default: records.append("  - date: 2026-01-03\n    metric: m0\n    value: 1\n    value: 2\n"); poisoned.insert(path)  // refused
            }
            if records.count > 40 { records.removeFirst(10) }
            files[path] = records
            tops[path] = top
            let text = top + (records.isEmpty ? "records: []\n" : "records:\n" + records.joined())
            let bytes = Array(text.utf8)
            XCTAssertEqual(render(FileFacts.read(bytes, path: path, kind: .records, memo: memo)),
                           render(FileFacts.read(bytes, path: path, kind: .records)), text)
        }
        XCTAssertGreaterThan(memo.resumed, 1_500, "most versions are read from the last version's last item on")
    }
}
