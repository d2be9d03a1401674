import CGit2
import Foundation
import XCTest
@testable import GitStore

/// `UsualCommit.read` gives the `Commit` libgit2's parse gives, or nothing: every commit here
/// is written as raw text (`git hash-object -t commit --literally`), read by both, and compared
/// field by field; the usual ones must be read, the others may only be declined.
final class UsualCommitTests: XCTestCase {
    static let tree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  // the empty tree
    static let parent = "8a3bd4cd2c6fba1f0e4e7a8d9b3f2c1e0d9c8b7a"

    func write(_ text: [UInt8], in dir: String) throws -> ObjectID {
        let file = dir + "/raw-commit"
        try Data(text).write(to: URL(fileURLWithPath: file))
        return ObjectID(hex: try git(["hash-object", "-t", "commit", "-w", "--literally", file], in: dir).out
            .trimmingCharacters(in: .whitespacesAndNewlines))!
    }

    func libgit2Commit(_ id: ObjectID, in repo: Repository) throws -> (Commit, unsigned: Bool) {
        let before = repo.unsignedCommits.contains(id)
        repo.unsignedCommits.remove(id)
        let c = try repo.libgit2Commit(id)
        defer { if before { repo.unsignedCommits.insert(id) } }
        return (c, repo.unsignedCommits.contains(id))
    }

    func commitText(_ author: String = "Alice Chen <alice@example.com> 1786330800 +0800",
                    committer: String = "Bob Li <bob@example.com> 1786334400 -0500",
                    parents: Int = 1, extra: String = "", message: String) -> [UInt8] {
        var t = "tree \(Self.tree)\n"
        for _ in 0..<parents { t += "parent \(Self.parent)\n" }
        t += "author \(author)\ncommitter \(committer)\n\(extra)\n\(message)"
        return Array(t.utf8)
    }

    func testTheUsualShapeAsLibgit2ReadsIt() throws {
        let dir = TestEnv.tempDir("usual-commit")
        try git(["init", "-q", "-b", "main"], in: dir)
        let repo = try Repository(path: dir)
        let messages = [
            "record: p000319 retention\n", "subject\n\nbody line\nmore\n", "\n\n\nleading line feeds\n",
            "line one\nline two\n\nparagraph two\n", "  spaced   words  \n  second line \n", "tabs\tinside\n\t\nafter a blank line\n",
            "trailing spaces \n \nnext\n", "目标 ✓ unicode\n", "carriage\r\nreturn\r\n", "no final line feed", "", "\n",
            "one\n  \t \ntwo", "a\n\n", "x  \n  y\n\tz\n\nw", "\u{0B}vertical\u{0C}feed\n", "ends in space ",
            "invalid \u{FFFD} utf8 already repaired\n",
        ]
        let identities = [
            "Alice Chen <alice@example.com> 1786330800 +0800", "  padded  name  < padded@example.com > 1 -0000",
            "gpgsig lover <g@example.com> 1786330800 +1400", "x <> 0 -1459", "Dana Wu <dana@example.com> 999999999999999999 +0530",
            "名字 <ming@例子.com> 1786330800 -1200",
        ]
        var read = 0
        for (k, message) in messages.enumerated() {
            for (j, who) in identities.enumerated() where (k + j) % 2 == 0 || k < 3 {
                let id = try write(commitText(who, committer: identities[(j + 1) % identities.count], parents: k % 3, message: message), in: dir)
                let bytes = try repo.rawObject(id, expecting: GIT_OBJECT_COMMIT)
                let got = bytes.withUnsafeBufferPointer { UsualCommit.read(id: id, $0) }
                let want = try libgit2Commit(id, in: repo)
                let fast = try XCTUnwrap(got, "\(message.debugDescription) by \(who)")
                XCTAssertEqual(fast.commit, want.0, "\(message.debugDescription) by \(who)")
                XCTAssertEqual(fast.commit.summary, want.0.summary)
                XCTAssertEqual(fast.unsigned, want.unsigned)
                read += 1
            }
        }
        XCTAssertGreaterThan(read, 50)
        // An id in upper case is the same id.
        let upper = try write(Array("tree \(Self.tree.uppercased())\nauthor a <a@b> 1 +0000\ncommitter a <a@b> 1 +0000\n\nm\n".utf8), in: dir)
        let fast = try repo.rawObject(upper, expecting: GIT_OBJECT_COMMIT).withUnsafeBufferPointer { UsualCommit.read(id: upper, $0) }
        XCTAssertEqual(fast?.commit, try libgit2Commit(upper, in: repo).0)
    }

    /// Shapes libgit2 reads its own way (a signature, an encoding, a zone out of range, several
    /// `<`, a header it skips): declined, so libgit2 reads them.
    func testOtherShapesAreDeclined() throws {
        let dir = TestEnv.tempDir("usual-commit-other")
        try git(["init", "-q", "-b", "main"], in: dir)
        let repo = try Repository(path: dir)
        let texts: [[UInt8]] = [
            commitText(extra: "gpgsig -----BEGIN SSH SIGNATURE-----\n abc\n -----END SSH SIGNATURE-----\n", message: "signed\n"),
            commitText(extra: "encoding ISO-8859-1\n", message: "latin\n"),
            commitText(extra: "mergetag object \(Self.parent)\n", message: "merge\n"),
            commitText("Alice <alice@example.com> 1786330800 +1500", message: "zone hours\n"),
            commitText("Alice <alice@example.com> 1786330800 +0060", message: "zone minutes\n"),
            commitText("Alice <a<b@example.com> 1786330800 +0800", message: "two <\n"),
            commitText("Alice <alice@example.com>> 1786330800 +0800", message: "two >\n"),
            commitText("Alice <alice@example.com> 1786330800", message: "no zone\n"),
            commitText("Alice <alice@example.com> 1786330800 +08:00", message: "zone with colon\n"),
            commitText("Alice <alice@example.com>  1786330800 +0800", message: "two spaces\n"),
            commitText("Alice <alice@example.com> 99999999999999999999 +0800", message: "too long a time\n"),
            commitText(message: "a NUL\u{0} inside\n"),
            Array("tree \(Self.tree)\nauthor a <a@b> 1 +0000\nauthor c <c@d> 2 +0000\ncommitter a <a@b> 1 +0000\n\nm\n".utf8),
            Array("tree \(Self.tree)\nauthor a <a@b> 1 +0000\ncommitter a <a@b> 1 +0000\n".utf8),
        ]
        for text in texts {
            let id = try write(text, in: dir)
            let bytes = try repo.rawObject(id, expecting: GIT_OBJECT_COMMIT)
            XCTAssertNil(bytes.withUnsafeBufferPointer { UsualCommit.read(id: id, $0) }, String(decoding: text, as: UTF8.self))
            // What `commit(_:)` answers for it is libgit2's (or its lenient reading's) all the same.
            XCTAssertEqual(try? repo.commit(id), try? repo.libgit2Commit(id))
        }
    }

    /// A packed history: every commit `commit(_:)` reads by itself equals libgit2's, and so does
    /// what it knows of their signatures.
    func testPackedCommits() throws {
        let dir = TestEnv.tempDir("usual-commit-pack")
        try git(["init", "-q", "-b", "main"], in: dir)
        for c in 0..<30 {
            try "v\(c)\n".write(toFile: dir + "/f.txt", atomically: false, encoding: .utf8)
            try git(["add", "-A"], in: dir)
            try git(["commit", "-q", "-m", c % 3 == 0 ? "commit \(c)\n\nwith a body \(c)" : "commit \(c)"], in: dir,
                    env: ["GIT_AUTHOR_DATE": "\(1_786_330_800 + c * 60) +0\(c % 10)30"])
        }
        try git(["repack", "-a", "-d", "-q"], in: dir)
        try git(["prune-packed"], in: dir)
        let ids = try git(["rev-list", "HEAD"], in: dir).out.split(separator: "\n").map { ObjectID(hex: String($0))! }
        XCTAssertEqual(ids.count, 30)
        let fast = try Repository(path: dir), slow = try Repository(path: dir)
        for id in ids {
            let a = try fast.commit(id)
            let b = try slow.libgit2Commit(id)
            XCTAssertEqual(a, b)
            XCTAssertEqual(fast.unsignedCommits.contains(id), slow.unsignedCommits.contains(id))
        }
        XCTAssertEqual(fast.unsignedCommits.count, 30)
    }
}
