import Foundation
import TestFolders
import XCTest
@testable import LedgerCore

/// `DirectorySource.files(under:)` lists every file in path order (`String`'s `<`), which the
/// loader's messages and the parsed-file cache follow. Each folder's names are sorted as it is
/// listed; a name that sorts between a folder and what it holds (`-` and `.` come before `/`)
/// must still come out in path order.
final class DirectoryListingOrderTests: XCTestCase {
    func listing(_ paths: [String]) throws -> [String] {
        let root = TestFolders.make("listing-order")
        for path in paths {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            XCTAssertTrue(FileManager.default.createFile(atPath: full, contents: Data("x: 1\n".utf8)))
        }
        return Array(DirectorySource(root: root).files(under: LedgerLayout.ledgerRoots))
    }

    func testTheUsualFoldersComeOutInPathOrder() throws {
        // Names whose first 8 bytes are the same (the listing's sort key), one of them 8 bytes long.
        var paths = ["ledger.yaml", "metrics/nps.yaml", "teams/t1.yaml", "people/zoë.yaml", "people/zoe.yaml", "people/Zed.yaml",
                     "people/personnel_b.yaml", "people/personnel_a.yaml", "people/personne", "people/personnel.yaml"]
        for q in ["2026-Q1", "2025-Q4", "2026-Q2"] {
            for p in ["p10", "p2", "p1", "p1a"] { paths += ["goals/\(q)/\(p).yaml", "records/\(q)/\(p).yaml"] }
        }
        XCTAssertEqual(try listing(paths.shuffled()), paths.sorted())
    }

    func testANameBetweenAFolderAndWhatItHolds() throws {
        let paths = ["goals/2026-Q1/p1.yaml", "goals/2026-Q1-old.yaml", "goals/2026-Q1.yaml", "goals/2026-Q1/z.yaml",
                     "records/2026-Q2/p1.yaml", "records/2026-Q2 copy/p1.yaml"]
        let listed = try listing(paths)
        XCTAssertEqual(listed, paths.sorted())
        XCTAssertEqual(listed.prefix(2), ["goals/2026-Q1-old.yaml", "goals/2026-Q1.yaml"], "before the folder's own files")
    }
}
