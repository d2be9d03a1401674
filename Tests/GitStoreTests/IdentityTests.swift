import Foundation
import XCTest
@testable import GitStore

final class IdentityTests: XCTestCase {
    let fixedNow: () -> (Int64, Int) = { (1_700_000_000, 60) }

    func testDateFormats() {
        let cases: [(String, Int64, Int)] = [
            ("@1700000000 +0200", 1_700_000_000, 120),
            ("1700000000 +0200", 1_700_000_000, 120),
            ("@1700000000", 1_700_000_000, 0),
            ("1700000000 -0530", 1_700_000_000, -330),
            ("2026-08-10T11:00:00+08:00", 1_786_330_800, 480),
            ("2026-08-10T03:00:00Z", 1_786_330_800, 0),
            ("2026-08-10T11:00:00+0800", 1_786_330_800, 480),
            ("2026-08-10 11:00:00 +0800", 1_786_330_800, 480),
            ("2026-08-09 22:00:00 -0500", 1_786_330_800, -300),
            ("2026-08-10T11:00:00.250+08:00", 1_786_330_800, 480),
            ("Mon, 10 Aug 2026 11:00:00 +0800", 1_786_330_800, 480),
            ("10 Aug 2026 11:00:00 +0800", 1_786_330_800, 480),
            ("Sat, 29 Feb 2020 23:59:59 +0000", 1_583_020_799, 0),
            ("1969-12-31T23:59:59Z", -1, 0),
        ]
        for (text, seconds, offset) in cases {
            let parsed = GitDate.parse(text)
            XCTAssertEqual(parsed?.time, seconds, text)
            XCTAssertEqual(parsed?.offsetMinutes, offset, text)
        }
        for bad in ["", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30 10:00:00 +0000", "Mon, 10 Foo 2026 11:00:00 +0800",
                    "2026-08-10T11:00:00+99:00", "12345"] {
            XCTAssertNil(GitDate.parse(bad), bad)
        }
        // The oracle agrees on the ISO and RFC forms.
        let dir = TestEnv.tempDir()
        _ = try? git(["init", "-q"], in: dir)
        for text in ["2026-08-10T11:00:00+08:00", "Mon, 10 Aug 2026 11:00:00 +0800", "@1700000000 +0200"] {
            let r = try? git(["commit", "-q", "--allow-empty", "-m", "x"], in: dir, env: ["GIT_AUTHOR_DATE": text, "GIT_COMMITTER_DATE": text])
            XCTAssertEqual(r?.status, 0)
            let raw = (try? git(["show", "-s", "--format=%ad", "--date=raw"], in: dir).out) ?? ""
            let p = GitDate.parse(text)!
            XCTAssertEqual(raw, Signature(name: "x", email: "y", time: p.time, offsetMinutes: p.offsetMinutes).raw + "\n", text)
        }
    }

    func testISO8601Formatting() {
        func iso(_ t: Int64, _ o: Int) -> String { Signature(name: "n", email: "e", time: t, offsetMinutes: o).iso8601 }
        XCTAssertEqual(iso(1_786_330_800, 480), "2026-08-10T11:00:00+08:00")
        XCTAssertEqual(iso(1_786_330_800, 0), "2026-08-10T03:00:00+00:00")
        XCTAssertEqual(iso(1_786_330_800, -300), "2026-08-09T22:00:00-05:00")
        XCTAssertEqual(iso(1_786_330_800, 330), "2026-08-10T08:30:00+05:30")
        XCTAssertEqual(iso(0, 0), "1970-01-01T00:00:00+00:00")
        XCTAssertEqual(iso(-1, 0), "1969-12-31T23:59:59+00:00")
        XCTAssertEqual(iso(1_583_020_799, 0), "2020-02-29T23:59:59+00:00")
        XCTAssertEqual(iso(951_782_400, 60), "2000-02-29T01:00:00+01:00")
        XCTAssertEqual(Signature(name: "n", email: "e", time: 1_700_000_000, offsetMinutes: -330).raw, "1700000000 -0530")
    }

    func testEnvironmentBeatsConfigAndOverrideBeatsEnvironment() throws {
        let repo = try Repository.create(at: TestEnv.tempDir())
        try repo.setConfig("user.name", "Config Name")
        try repo.setConfig("user.email", "config@example.com")

        var ids = try Identity.resolve(repository: repo, environment: [:], now: fixedNow)
        XCTAssertEqual(ids.author, Signature(name: "Config Name", email: "config@example.com", time: 1_700_000_000, offsetMinutes: 60))
        XCTAssertEqual(ids.committer, ids.author)

        let env = ["GIT_AUTHOR_NAME": "Env Author", "GIT_AUTHOR_EMAIL": "author@example.com",
                   "GIT_AUTHOR_DATE": "2026-08-10T11:00:00+08:00",
                   "GIT_COMMITTER_NAME": "Env Committer", "GIT_COMMITTER_DATE": "@1700000000 +0200"]
        ids = try Identity.resolve(repository: repo, environment: env, now: fixedNow)
        XCTAssertEqual(ids.author, Signature(name: "Env Author", email: "author@example.com", time: 1_786_330_800, offsetMinutes: 480))
        XCTAssertEqual(ids.committer, Signature(name: "Env Committer", email: "config@example.com", time: 1_700_000_000, offsetMinutes: 120))

        ids = try Identity.resolve(repository: repo, environment: env, authorOverride: "Dana Wu <dana@example.com>", now: fixedNow)
        XCTAssertEqual(ids.author.name, "Dana Wu")
        XCTAssertEqual(ids.author.email, "dana@example.com")
        XCTAssertEqual(ids.author.time, 1_786_330_800)
        XCTAssertEqual(ids.committer.name, "Env Committer")

        XCTAssertThrowsError(try Identity.resolve(repository: repo, environment: [:], authorOverride: "no brackets", now: fixedNow)) {
            XCTAssertEqual(($0 as? GitError)?.code, .invalidArgument)
        }
        XCTAssertThrowsError(try Identity.resolve(repository: repo, environment: ["GIT_AUTHOR_DATE": "soon"], now: fixedNow)) {
            XCTAssertEqual(($0 as? GitError)?.code, .invalidDate)
        }
    }

    func testGlobalConfigIsReadAfterRepositoryConfig() throws {
        // The test HOME's global config: written with the git CLI, read by libgit2.
        let dir = TestEnv.tempDir()
        let repo = try Repository.create(at: dir)
        let global = TestEnv.home + "/.gitconfig"
        try "[user]\n\temail = global@example.com\n".write(toFile: global, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: global) }
        try repo.setConfig("user.name", "Local")
        let ids = try Identity.resolve(repository: repo, environment: [:], now: fixedNow)
        XCTAssertEqual(ids.author.name, "Local")
        XCTAssertEqual(ids.author.email, "global@example.com")
    }

    func testMissingIdentityIsAClearError() throws {
        let repo = try Repository.create(at: TestEnv.tempDir())
        XCTAssertThrowsError(try Identity.resolve(repository: repo, environment: [:], now: fixedNow)) { e in
            XCTAssertEqual((e as? GitError)?.code, .noIdentity)
            XCTAssertEqual("\(e)", Identity.missingMessage)
        }
        XCTAssertThrowsError(try Identity.resolve(repository: nil, environment: ["GIT_AUTHOR_NAME": "Only Name"], now: fixedNow))
        // Author from the override alone is not enough: git needs a committer too.
        XCTAssertThrowsError(try Identity.resolve(repository: nil, environment: [:], authorOverride: "A <a@x>", now: fixedNow)) { e in
            XCTAssertEqual((e as? GitError)?.code, .noIdentity)
        }
    }

    func testLocalOffsetComesFromTheSystem() {
        let (t, offset) = GitDate.now()
        XCTAssertGreaterThan(t, 1_700_000_000)
        XCTAssertTrue((-14 * 60...14 * 60).contains(offset))
    }
}
