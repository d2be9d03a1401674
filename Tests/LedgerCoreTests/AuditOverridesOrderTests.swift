import XCTest
import GitStore
@testable import LedgerCore

/// `HistoryReports.inHistoryOrder` merges the rating overrides into the rules' findings; it must
/// give exactly what a stable sort of both by their commit's place gives (each override after the
/// findings of its own commit, overrides of one commit in their order), also when the findings
/// are out of order (then it sorts them as a whole) and for commits outside the history.
final class AuditOverridesOrderTests: XCTestCase {
    func finding(_ commit: Int, _ n: Int, rule: String) -> AuditFinding {
        AuditFinding(rule: rule, severity: .warning, commit: ObjectID(bytes: [UInt8](repeating: UInt8(commit), count: 20))!,
                     author: Signature(name: "A", email: "a@example.com", time: 0, offsetMinutes: 0),
                     subject: nil, quarter: nil, metric: nil, message: "\(rule) \(n)")
    }

    /// The sort `audit(head:)` made before the merge.
    func sorted(_ findings: [AuditFinding], _ overrides: [AuditFinding], _ place: (ObjectID) -> Int) -> [String] {
        let all = findings + overrides
        let p = all.map { place($0.commit) }
        return all.indices.sorted { (p[$0], $0) < (p[$1], $1) }.map { all[$0].message }
    }

    func testMergeGivesWhatTheStableSortGives() {
        var rng = SystemRandomNumberGenerator()
        var merged = 0
        for round in 0..<2000 {
            // Commits 0...19 are in the history at their number; 20...24 are not (place Int.max).
            let place: (ObjectID) -> Int = { id in
                let c = Int(id.hex.prefix(2), radix: 16)!
                return c < 20 ? c : Int.max
            }
            var commits = (0..<Int.random(in: 0...30, using: &rng)).map { _ in Int.random(in: 0...24, using: &rng) }
            if round % 4 != 0 { commits.sort() }  // the rules' findings, in history order
            if round % 8 == 1 { commits = commits.map { min($0, 19) } }
            let findings = commits.enumerated().map { finding($1, $0, rule: "changed_after_start") }
            let overrides = (0..<Int.random(in: 0...8, using: &rng)).map { finding(Int.random(in: 0...24, using: &rng), $0, rule: "rating_overridden") }
            let got = HistoryReports.inHistoryOrder(findings, overrides, place: place)
            XCTAssertEqual(got.map(\.message), sorted(findings, overrides, place), "round \(round)")
            if zip(commits, commits.dropFirst()).allSatisfy({ $0 <= $1 }) { merged += 1 }
        }
        XCTAssertGreaterThan(merged, 500)
    }

    func testAnOverrideComesAfterEveryFindingOfItsCommit() {
        let findings = [finding(1, 0, rule: "a"), finding(2, 1, rule: "a"), finding(2, 2, rule: "a"), finding(3, 3, rule: "a")]
        let overrides = [finding(3, 0, rule: "r"), finding(2, 1, rule: "r"), finding(2, 2, rule: "r"), finding(9, 3, rule: "r")]
        let place: (ObjectID) -> Int = { id in
            let c = Int(id.hex.prefix(2), radix: 16)!
            return c == 9 ? Int.max : c
        }
        XCTAssertEqual(HistoryReports.inHistoryOrder(findings, overrides, place: place).map(\.message),
                       ["a 0", "a 1", "a 2", "r 1", "r 2", "a 3", "r 0", "r 3"])
    }
}
