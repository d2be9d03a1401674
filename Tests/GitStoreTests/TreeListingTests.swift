import Foundation
import XCTest
@testable import GitStore

/// The trees a commit patches as bytes (`TreePatch`) are listed for the next look-up from the
/// base trees' listings with the same changes, not parsed again: each listing is the one a
/// fresh `Repository` reads from the object database, entry for entry.
final class TreeListingTests: XCTestCase {
    func testATreePatchedFromAListedTreeIsListedAsGitWroteIt() throws {
        let dir = TestEnv.tempDir("listing")
        let repo = try Repository.create(at: dir)
        var files: [String: [UInt8]?] = ["ledger.yaml": bytes("name: x\n"), "records/2026-Q3/bob.yaml": bytes("b\n"),
                                         "records/2026-Q3/dan.yaml": bytes("d\n"), "records/2026-Q3/dan/x.yaml": bytes("folder beside a file\n"),
                                         "records/2026-Q3.txt": bytes("a file sorting before the folder\n"), "run.sh": bytes("#!/bin/sh\n")]
        try repo.commitFiles(files, message: "base", author: TestEnv.alice, committer: TestEnv.alice)
        try git(["update-index", "--chmod=+x", "run.sh"], in: dir)
        try git(["commit", "-q", "-m", "executable"], in: dir)
        // Changed, new (before, between and after the others) and executable files in folders the tip has.
        for (i, change) in [["records/2026-Q3/bob.yaml": bytes("b2\n")],
                            ["records/2026-Q3/alice.yaml": bytes("new first\n"), "records/2026-Q3/carol.yaml": bytes("new between\n"),
                             "records/2026-Q3/zoe.yaml": bytes("new last\n")],
                            ["run.sh": bytes("#!/bin/sh\necho\n"), "records/2026-Q3/dan/x.yaml": bytes("x2\n")]].enumerated() {
            files = change
            try repo.commitFiles(files, message: "change \(i)", author: TestEnv.alice, committer: TestEnv.alice)
            let fresh = try Repository(path: dir)
            let head = try XCTUnwrap(try repo.headCommit())
            var trees = [try repo.commitTree(head)]
            while let tree = trees.popLast() {
                let kept = try repo.treeEntries(tree), read = try fresh.treeEntries(tree)
                XCTAssertEqual(kept, read, "change \(i)")
                trees += read.filter { $0.kind == .tree }.map(\.id)
            }
        }
        XCTAssertEqual(try git(["ls-files", "-s", "run.sh"], in: dir).out.prefix(6), "100755")
        try git(["fsck", "--strict", "--no-dangling"], in: dir)
    }
}
