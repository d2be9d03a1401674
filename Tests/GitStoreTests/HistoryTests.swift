import Foundation
import XCTest
@testable import GitStore

final class HistoryTests: XCTestCase {
    func testTreeChangesMatchDiffTree() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        let c1 = try repo.commitFiles([
            "ledger.yaml": bytes("name: X\n"),
            "goals/2026-Q3/alice.yaml": bytes("a\n"),
            "goals/2026-Q3/bob.yaml": bytes("b\n"),
            "records/2026-Q3/alice.yaml": bytes("r\n"),
            "people/alice.yaml": bytes("p\n"),
            "deep/x/y/z.yaml": bytes("z\n"),
        ], message: "one", author: TestEnv.alice, committer: TestEnv.alice)
        let c2 = try repo.commitFiles([
            "goals/2026-Q3/alice.yaml": bytes("a2\n"),
            "goals/2026-Q3/bob.yaml": nil,
            "goals/2026-Q4/alice.yaml": bytes("q4\n"),
            "deep/x/y/z.yaml": nil,
            "people/carol.yaml": bytes("c\n"),
            "a-b.yaml": bytes("edge\n"),
        ], message: "two", author: TestEnv.alice, committer: TestEnv.alice)
        let t1 = try repo.commit(c1).tree, t2 = try repo.commit(c2).tree

        func oracle(_ args: [String]) throws -> String {
            try git(["diff-tree", "-r", "--no-commit-id", "--no-renames", "--name-status"] + args, in: dir).out
        }
        func render(_ changes: [TreeChange]) -> String {
            changes.map { c in
                let s: String
                switch c.status { case .added: s = "A"; case .modified: s = "M"; case .deleted: s = "D" }
                return "\(s)\t\(c.path)\n"
            }.joined()
        }
        let all = try repo.changes(from: t1, to: t2)
        XCTAssertEqual(render(all), try oracle([c1.hex, c2.hex]))
        XCTAssertEqual(render(try repo.changes(from: t1, to: t2, under: ["goals/", "people/carol.yaml"])),
                       try oracle([c1.hex, c2.hex, "--", "goals/", "people/carol.yaml"]))
        XCTAssertEqual(render(try repo.changes(from: t2, to: t1, under: ["deep"])),
                       try oracle([c2.hex, c1.hex, "--", "deep"]))
        XCTAssertEqual(render(try repo.changes(from: nil, to: t1)), try oracle(["--root", c1.hex]))
        XCTAssertEqual(try repo.changes(from: t1, to: t1), [])
        let modified = try XCTUnwrap(all.first { $0.path == "goals/2026-Q3/alice.yaml" })
        XCTAssertEqual(try repo.blob(XCTUnwrap(modified.oldBlob)), bytes("a\n"))
        XCTAssertEqual(try repo.blob(XCTUnwrap(modified.newBlob)), bytes("a2\n"))
        XCTAssertEqual(all.first { $0.path == "people/carol.yaml" }?.oldBlob, nil)

        let listed = try repo.files(in: t2, under: ["goals"])
        XCTAssertEqual(listed.map(\.path), ["goals/2026-Q3/alice.yaml", "goals/2026-Q4/alice.yaml"])
        XCTAssertEqual(try git(["ls-tree", "-r", "--name-only", c2.hex, "--", "goals"], in: dir).out,
                       listed.map { $0.path + "\n" }.joined())
        XCTAssertEqual(try repo.file(at: "goals/2026-Q4/alice.yaml", in: t2), bytes("q4\n"))
        XCTAssertNil(try repo.file(at: "goals", in: t2))
        XCTAssertNil(try repo.file(at: "goals/2026-Q3/bob.yaml", in: t2))
    }

    func testWalkOrdersAndFirstParent() throws {
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        var ids: [ObjectID] = []
        for i in 0..<4 {
            var a = TestEnv.alice
            a.time += Int64(i * 60)
            ids.append(try repo.commitFiles(["f\(i)": bytes("\(i)\n")], message: "c\(i)", author: a, committer: a))
        }
        let newestFirst = try repo.walk(from: ids[3])
        XCTAssertEqual(newestFirst, ids.reversed())
        XCTAssertEqual(newestFirst.map(\.hex).joined(separator: "\n") + "\n",
                       try git(["rev-list", "--topo-order", ids[3].hex], in: dir).out)
        XCTAssertEqual(try repo.walk(from: ids[3], reverse: true), ids)
        XCTAssertEqual(try repo.walk(from: ids[3], excluding: [ids[1]]), [ids[3], ids[2]])
        let side = try repo.commitFiles(["side": bytes("s\n")], message: "side", author: TestEnv.bob,
                                        committer: TestEnv.bob, options: CommitOptions(branch: "side"))
        XCTAssertEqual(try repo.mergeBase(ids[3], ids[1]), ids[1])
        XCTAssertNil(try repo.mergeBase(ids[3], side), "an orphan branch shares no ancestor")
    }

    /// `commitsOldestFirst` gives the commits `walk(from:reverse: true)` names, each as `commit`
    /// reads it: on a history with no merge by following first parents (the order
    /// `git rev-list --topo-order --reverse` gives, even with committer times out of order), and
    /// after a merge anywhere (at the tip or deep in the history) by libgit2's walk.
    func testCommitsOldestFirstAreTheWalksCommits() throws {
        let dir = TestEnv.tempDir()
        try git(["init", "-q", "-b", "main"], in: dir)
        func commit(_ name: String, at time: Int) throws {
            try Data("\(name)\n".utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
            try git(["add", name], in: dir)
            let date = "@\(1_780_000_000 + time) +0000"
            try git(["commit", "-q", "-m", name], in: dir, env: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        }
        let repo = try Repository(path: dir)
        func check(_ what: String) throws {
            let head = try XCTUnwrap(try repo.headCommit())
            let commits = try repo.commitsOldestFirst(from: head)
            let ids = try repo.walk(from: head, reverse: true)
            XCTAssertEqual(commits.map(\.id), ids, what)
            XCTAssertEqual(commits, try ids.map { try repo.commit($0) }, what)
        }
        // Committer times going back and forth: the line's order is the parents', not the times'.
        for (i, t) in [50, 10, 40, 20, 30].enumerated() { try commit("line\(i)", at: t) }
        try check("a line")
        XCTAssertEqual(try repo.commitsOldestFirst(from: try XCTUnwrap(try repo.headCommit())).map(\.id.hex).joined(separator: "\n") + "\n",
                       try git(["rev-list", "--topo-order", "--reverse", "HEAD"], in: dir).out)
        try git(["checkout", "-q", "-b", "side", "HEAD~2"], in: dir)
        try commit("side0", at: 5)
        try commit("side1", at: 60)
        try git(["checkout", "-q", "main"], in: dir)
        let date = "@\(1_780_000_070) +0000"
        try git(["merge", "-q", "--no-ff", "-m", "merge side", "side"], in: dir, env: ["GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date])
        try check("a merge at the tip")
        for (i, t) in [80, 75, 90].enumerated() { try commit("after\(i)", at: t) }
        try check("a merge below the tip")
    }
}
