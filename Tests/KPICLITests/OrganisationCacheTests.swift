import Foundation
import XCTest

/// A write reads the organisation's files from `.git/kpi/organisation` when the trees they come
/// from are unchanged (docs/architecture.md, "The caches"): a change by plain git is seen, and a
/// damaged cache file changes nothing.
final class OrganisationCacheTests: XCTestCase {
    func testAChangeByPlainGitIsSeenAndADamagedCacheIsIgnored() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("record", "alice", "nps", "40", "--date", "2026-06-01")
        let cache = s.ledger + "/.git/kpi/organisation"
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache))
        // Garbage in the cache: the files are read from git again, the write is the same.
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: cache))
        try s.kpi("record", "alice", "nps", "41", "--date", "2026-06-02")
        // The catalog changed by plain git: the next write knows nps no longer exists.
        try s.git("rm", "-q", "metrics/nps.yaml")
        try s.git("commit", "-q", "-m", "nps retired")
        let r = try s.kpi("record", "alice", "nps", "42", "--date", "2026-06-03", status: 1)
        XCTAssertTrue(r.stderr.contains("unknown metric 'nps'"), r.stderr)
    }
}
