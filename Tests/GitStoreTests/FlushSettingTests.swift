import XCTest
@testable import GitStore

/// `core.fsync` read as git reads it, reduced to what a commit writes (loose objects, references,
/// the index): a write flushes only when one of those is named (docs/reliability.md, step 6).
final class FlushSettingTests: XCTestCase {
    func testCoreFsyncAsGitReadsIt() {
        let asks = { (fsync: String?, objectFiles: Bool?) in Repository.asksForFlush(fsync: fsync, objectFiles: objectFiles) }
        XCTAssertFalse(asks(nil, nil), "git's default flushes nothing a commit writes")
        for value in ["none", "pack", "pack-metadata,commit-graph", "derived-metadata", "committed,-loose-object,-reference",
                      "all,none", "added,-index,-reference,-loose-object", "-all", "bogus", ""] {
            XCTAssertFalse(asks(value, nil), value)
        }
        for value in ["loose-object", "objects", "reference", "index", "committed", "added", "all", "none,index",
                      " pack , reference ", "all,-pack", "committed,-reference"] {
            XCTAssertTrue(asks(value, nil), value)
        }
        XCTAssertTrue(asks(nil, true))
        XCTAssertTrue(asks("none", true), "core.fsyncObjectFiles adds loose objects")
        XCTAssertFalse(asks(nil, false))
    }
}
