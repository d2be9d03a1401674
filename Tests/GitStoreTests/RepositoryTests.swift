import CGit2
import Foundation
import XCTest
@testable import GitStore

final class RepositoryTests: XCTestCase {
    func testCreateNonBareAndBare() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir + "/work")
        XCTAssertFalse(repo.isBare)
        XCTAssertEqual(repo.workdir, dir + "/work/")
        XCTAssertEqual(repo.gitDir, dir + "/work/.git/")
        XCTAssertEqual(repo.headBranch, "refs/heads/main")
        XCTAssertNil(try repo.headCommit())
        XCTAssertEqual(try git(["symbolic-ref", "HEAD"], in: dir + "/work").out, "refs/heads/main\n")
        try git(["fsck", "--strict"], in: dir + "/work")

        let bare = try Repository.create(at: dir + "/bare.git", bare: true, initialBranch: "trunk")
        XCTAssertTrue(bare.isBare)
        XCTAssertNil(bare.workdir)
        XCTAssertEqual(bare.headBranch, "refs/heads/trunk")
        XCTAssertEqual(try git(["rev-parse", "--is-bare-repository"], in: dir + "/bare.git").out, "true\n")

        // Open and discover.
        try FileManager.default.createDirectory(atPath: dir + "/work/goals/2026-Q3", withIntermediateDirectories: true)
        let found = try Repository.discover(from: dir + "/work/goals/2026-Q3")
        XCTAssertEqual(found.gitDir, repo.gitDir)
        XCTAssertThrowsError(try Repository(path: dir + "/work/goals")) { e in
            XCTAssertEqual((e as? GitError)?.code, .notFound)
        }
        XCTAssertEqual(try Repository(path: dir + "/work").gitDir, repo.gitDir)
    }

    func testObjectsRoundTripAgainstCatFile() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        let content = bytes("name: Retention rate\nunit: percent\n")
        let blob = try repo.writeBlob(content)
        XCTAssertEqual(try git(["hash-object", "--stdin"], in: dir).status, 0)
        XCTAssertEqual(try git(["cat-file", "-p", blob.hex], in: dir).out, String(decoding: content, as: UTF8.self))
        XCTAssertEqual(try repo.blob(blob), content)
        XCTAssertEqual(try repo.blobSize(blob), content.count)
        XCTAssertEqual(try repo.writeBlob([]), ObjectID(hex: "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"))

        let tree = try repo.updateTree(base: nil, [
            .upsert("metrics/retention.yaml", blob),
            .upsert("goals/2026-Q3/alice.yaml", blob),
            .upsert("ledger.yaml", blob, filemode: 0o100755),
        ])
        let lsTree = try git(["ls-tree", "-r", tree.hex], in: dir).out
        XCTAssertEqual(lsTree, """
        100644 blob \(blob.hex)\tgoals/2026-Q3/alice.yaml
        100755 blob \(blob.hex)\tledger.yaml
        100644 blob \(blob.hex)\tmetrics/retention.yaml

        """)
        let top = try repo.treeEntries(tree)
        XCTAssertEqual(top.map(\.name), ["goals", "ledger.yaml", "metrics"])
        XCTAssertEqual(top.map(\.kind), [.tree, .blob, .tree])
        XCTAssertEqual(top[1].filemode, 0o100755)
        XCTAssertEqual(try repo.entry(at: "goals/2026-Q3/alice.yaml", in: tree)?.id, blob)
        XCTAssertNil(try repo.entry(at: "goals/2026-Q4/alice.yaml", in: tree))

        // Removing the only file of a folder removes the folder.
        let smaller = try repo.updateTree(base: tree, [.remove("goals/2026-Q3/alice.yaml")])
        XCTAssertEqual(try git(["ls-tree", "-r", "--name-only", smaller.hex], in: dir).out, "ledger.yaml\nmetrics/retention.yaml\n")
        XCTAssertThrowsError(try repo.updateTree(base: tree, [.upsert("../evil", blob)]))
        XCTAssertThrowsError(try repo.updateTree(base: tree, [.upsert(".git/config", blob)]))
        XCTAssertThrowsError(try repo.updateTree(base: tree, [.remove("no/such/file")])) { e in
            XCTAssertEqual((e as? GitError)?.code, .notFound)
            XCTAssertTrue("\(e)".hasPrefix("git_tree_create_updated: "), "\(e)")
        }

        let c1 = try repo.createCommit(tree: tree, parents: [], author: TestEnv.alice, committer: TestEnv.bob,
                                       message: "First goals\n\nWith a body.")
        XCTAssertNil(try repo.headCommit(), "createCommit moves no reference")
        let read = try repo.commit(c1)
        XCTAssertEqual(read.tree, tree)
        XCTAssertEqual(read.parents, [])
        XCTAssertEqual(read.author, TestEnv.alice)
        XCTAssertEqual(read.committer, TestEnv.bob)
        XCTAssertEqual(read.message, "First goals\n\nWith a body.\n")
        XCTAssertEqual(read.summary, "First goals")
        let raw = try git(["cat-file", "-p", c1.hex], in: dir).out
        XCTAssertTrue(raw.contains("author Alice Chen <alice@example.com> 1786330800 +0800\n"), raw)
        XCTAssertTrue(raw.contains("committer Bob Li <bob@example.com> 1786334400 -0500\n"), raw)
        try repo.updateReference("refs/heads/main", to: c1, expected: nil, logMessage: "test")
        XCTAssertEqual(try repo.headCommit(), c1)
        try git(["fsck", "--strict"], in: dir)
        XCTAssertEqual(try git(["log", "--format=%H %an %s"], in: dir).out, "\(c1.hex) Alice Chen First goals\n")
    }

    func testObjectIDBasics() throws {
        let hex = "0123456789abcdef0123456789abcdef01234567"
        let id = try XCTUnwrap(ObjectID(hex: hex.uppercased()))
        XCTAssertEqual(id.hex, hex)
        XCTAssertEqual(id.short, "0123456")
        XCTAssertEqual(id.bytes.count, 20)
        XCTAssertNil(ObjectID(hex: "xyz"))
        XCTAssertNil(ObjectID(hex: String(hex.dropLast())))
        let a = ObjectID(hex: "00" + String(repeating: "f", count: 38))!
        let b = ObjectID(hex: "01" + String(repeating: "0", count: 38))!
        let c = ObjectID(hex: String(repeating: "0", count: 39) + "1")!
        XCTAssertLessThan(a, b)
        XCTAssertLessThan(c, a)
        XCTAssertEqual(Set([id, id, a]).count, 2)
        XCTAssertEqual(MemoryLayout<ObjectID>.size, 20)
    }

    /// `oid` stores the id's integers big-endian into libgit2's `git_oid`: its 20 bytes are
    /// `bytes`, and libgit2 writes the same hex, for every byte value at every place.
    func testObjectIDAsGitOID() throws {
        for v in 0..<256 {
            let bytes = (0..<20).map { UInt8(truncatingIfNeeded: v + $0 * 29) }
            let id = try XCTUnwrap(ObjectID(bytes: bytes))
            var oid = id.oid
            XCTAssertEqual(withUnsafeBytes(of: &oid.id) { Array($0) }, bytes)
            XCTAssertEqual(ObjectID(oid), id)
            var text = [CChar](repeating: 0, count: 41)
            git_oid_tostr(&text, 41, &oid)
            XCTAssertEqual(String(decoding: text.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self), id.hex)
        }
    }

    /// `hex` writes its digits straight into the string: the same text as two digits per byte of
    /// `bytes` (and as `appendHex`), for every byte value at every place.
    func testObjectIDHexIsTwoDigitsPerByte() throws {
        var seed: UInt64 = 7
        var ids = [ObjectID(bytes: [UInt8](repeating: 0, count: 20))!, ObjectID(bytes: [UInt8](repeating: 0xFF, count: 20))!]
        for v in 0..<256 { ids.append(ObjectID(bytes: (0..<20).map { UInt8(truncatingIfNeeded: v + $0 * 13) })!) }
        for _ in 0..<500 {
            ids.append(ObjectID(bytes: (0..<20).map { _ in
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: seed >> 56)
            })!)
        }
        for id in ids {
            let expected = id.bytes.map { String(format: "%02x", $0) }.joined()
            XCTAssertEqual(id.hex, expected)
            XCTAssertEqual(id.hex.utf8.count, 40)
            var appended: [UInt8] = []
            id.appendHex(to: &appended)
            XCTAssertEqual(String(decoding: appended, as: UTF8.self), expected)
            XCTAssertEqual(ObjectID(hex: id.hex), id)
        }
    }

    func testCompareAndSwapAndRevparse() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        let c1 = try repo.commitFiles(["a.yaml": bytes("a: 1\n")], message: "one", author: TestEnv.alice, committer: TestEnv.alice)
        let c2 = try repo.commitFiles(["a.yaml": bytes("a: 2\n")], message: "two", author: TestEnv.alice, committer: TestEnv.alice)
        let c3 = try repo.commitFiles(["b.yaml": bytes("b: 1\n")], message: "three", author: TestEnv.alice, committer: TestEnv.alice)
        XCTAssertEqual(try repo.commit(c3).parents, [c2])
        XCTAssertEqual(try repo.resolve("HEAD"), c3)
        XCTAssertEqual(try repo.resolve("HEAD~1"), c2)
        XCTAssertEqual(try repo.resolve("main~2"), c1)
        XCTAssertEqual(try repo.resolve(c2.short), c2)
        XCTAssertEqual(try repo.resolve(c2.hex), c2)
        try git(["tag", "-a", "v1", "-m", "annotated", c1.hex], in: dir)
        try git(["tag", "light", c2.hex], in: dir)
        XCTAssertEqual(try repo.resolve("v1"), c1)
        XCTAssertEqual(try repo.resolve("light"), c2)
        XCTAssertThrowsError(try repo.resolve("nope")) { XCTAssertEqual(($0 as? GitError)?.code, .notFound) }
        XCTAssertEqual(try git(["rev-parse", "HEAD~1"], in: dir).out, c2.hex + "\n")

        // CAS: expected is stale → refMoved; the branch is untouched.
        let side = try repo.createCommit(tree: try repo.commit(c1).tree, parents: [c1], author: TestEnv.bob,
                                         committer: TestEnv.bob, message: "side")
        XCTAssertThrowsError(try repo.updateReference("refs/heads/main", to: side, expected: c2, logMessage: "x")) { e in
            XCTAssertEqual((e as? GitError)?.code, .refMoved)
            XCTAssertFalse((e as? GitError)?.message.isEmpty ?? true)
        }
        XCTAssertEqual(try repo.reference("refs/heads/main"), c3)
        XCTAssertThrowsError(try repo.updateReference("refs/heads/main", to: side, expected: nil, logMessage: "x")) { e in
            XCTAssertEqual((e as? GitError)?.code, .refMoved)
        }
        XCTAssertThrowsError(try repo.updateReference("refs/heads/gone", to: side, expected: c1, logMessage: "x")) { e in
            XCTAssertEqual((e as? GitError)?.code, .refMoved)
        }
        try repo.updateReference("refs/heads/main", to: side, expected: c3, logMessage: "x")
        XCTAssertEqual(try git(["rev-parse", "main"], in: dir).out, side.hex + "\n")
        XCTAssertNil(try repo.reference("refs/heads/gone"))
        let refs = try repo.references(withPrefix: "refs/tags/")
        XCTAssertEqual(refs.map(\.name), ["refs/tags/light", "refs/tags/v1"])
        try git(["fsck", "--strict"], in: dir)
    }

    func testAnnotatedTags() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        let c1 = try repo.commitFiles(["a": bytes("1")], message: "one", author: TestEnv.alice, committer: TestEnv.alice)
        let tagID = try repo.createTag(name: "2026-Q3-closed", target: c1, tagger: TestEnv.bob, message: "Close 2026-Q3")
        XCTAssertThrowsError(try repo.createTag(name: "2026-Q3-closed", target: c1, tagger: TestEnv.bob, message: "again")) {
            XCTAssertEqual(($0 as? GitError)?.code, .exists)
        }
        try git(["tag", "plain", c1.hex], in: dir)
        let tags = try repo.tags()
        XCTAssertEqual(tags.map(\.name), ["2026-Q3-closed", "plain"])
        XCTAssertEqual(tags[0].target, c1)
        XCTAssertEqual(tags[0].tagObject, tagID)
        XCTAssertEqual(tags[0].tagger, TestEnv.bob)
        XCTAssertEqual(tags[0].message, "Close 2026-Q3\n")
        XCTAssertNil(tags[1].tagger)
        XCTAssertEqual(tags[1].target, c1)
        XCTAssertEqual(try git(["cat-file", "-t", "2026-Q3-closed"], in: dir).out, "tag\n")
        XCTAssertEqual(try git(["for-each-ref", "--format=%(taggername) %(contents:subject)", "refs/tags/2026-Q3-closed"], in: dir).out,
                       "Bob Li Close 2026-Q3\n")
        try git(["fsck", "--strict"], in: dir)
    }

    func testConfig() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        XCTAssertNil(try repo.configString("user.name"))
        try repo.setConfig("user.name", "Local Name")
        XCTAssertEqual(try repo.configString("user.name"), "Local Name")
        XCTAssertEqual(try git(["config", "--local", "user.name"], in: dir).out, "Local Name\n")
    }
}
