import XCTest
@testable import GitStore

/// `commitSignature` answers a commit already read through `commit(_:)` whose header names no
/// signature field without reading the object again; a signed commit is still read in full,
/// and a commit's message mentioning "gpgsig" does not make it signed. Commits written by the
/// git CLI (`git hash-object -t commit`), the signature text arbitrary (not checked here).
final class CommitSignatureReadTests: XCTestCase {
    func testSignaturesOfCommitsReadBeforeAndNot() throws {
        let dir = TestEnv.tempDir("commit-signature")
        try git(["init", "-q", "-b", "main", dir], in: "/")
        try git(["commit", "-q", "--allow-empty", "-m", "first"], in: dir)
        let tree = try git(["rev-parse", "HEAD^{tree}"], in: dir).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let author = "author A <a@example.com> 1786330800 +0800\ncommitter A <a@example.com> 1786330800 +0800\n"
        func write(_ text: String) throws -> ObjectID {
            let file = dir + "/commit.txt"
            try writeFile(file, text)
            let hex = try git(["hash-object", "-t", "commit", "-w", file], in: dir).out.trimmingCharacters(in: .whitespacesAndNewlines)
            return try XCTUnwrap(ObjectID(hex: hex))
        }
        let signedText = "tree \(tree)\n\(author)gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lH\n -----END SSH SIGNATURE-----\n\nsigned\n"
        let signed = try write(signedText)
        let mentions = try write("tree \(tree)\n\(author)\nthe gpgsig header is what signs a commit\n")
        let plain = try write("tree \(tree)\n\(author)\nplain\n")

        // Each answer the same whether the commit was read first (the short cut) or not.
        for readFirst in [false, true] {
            let repo = try Repository(path: dir)
            if readFirst { for id in [signed, mentions, plain] { _ = try repo.commit(id) } }
            let s = try XCTUnwrap(try repo.commitSignature(signed), "read first: \(readFirst)")
            XCTAssertEqual(s.signature, "-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----")
            XCTAssertEqual(String(decoding: s.signed, as: UTF8.self), "tree \(tree)\n\(author)\nsigned\n")
            XCTAssertNil(try repo.commitSignature(mentions), "read first: \(readFirst)")
            XCTAssertNil(try repo.commitSignature(plain), "read first: \(readFirst)")
            XCTAssertEqual(readFirst, repo.unsignedCommits == [mentions, plain], "only commits read and unsigned are known unsigned")
        }
    }
}
