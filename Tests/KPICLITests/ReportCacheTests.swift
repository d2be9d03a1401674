import Foundation
import GitStore
import XCTest

/// `kpi score` and `kpi check` keep what they wrote in `.git/kpi/reports-v1/` under the key of
/// every input (docs/architecture.md, "The report cache") and show it again when nothing
/// changed. A hit must be byte for byte a run without the cache (stdout, stderr, exit code), and
/// every change of an input must give the fresh answer: each step below changes what the
/// commands print, so a key that missed that input would show the old answer and fail here.
final class ReportCacheTests: XCTestCase {
    static let commands: [[String]] = [
        ["score", "--year", "2026", "--format", "json"], ["score", "--format", "csv"], ["score", "--year", "2025"],
        ["score", "--quarter", "2026-Q2", "--explain"], ["check"], ["check", "--format", "json"],
    ]
    static let day = "2026-06-20T10:00:00+08:00"

    var s: Sandbox!
    var entries: String { s.ledger + "/.git/kpi/reports-v1" }

    override func setUpWithError() throws {
        s = try Sandbox()
        try GeneratedLedger.make(in: s)
    }

    override func tearDown() { s = nil }

    func run(_ args: [String], env: [String: String] = [:], cache: Bool = true) throws -> String {
        var env = ["GIT_AUTHOR_DATE": Self.day, "GIT_COMMITTER_DATE": Self.day].merging(env) { $1 }
        if !cache { env["KPI_NO_REPORT_CACHE"] = "1" }
        let r = try s.run(Sandbox.kpiBinary.path, ["-C", s.ledger] + args, env: env)
        return "exit \(r.status)\n--- stdout\n\(r.stdout)--- stderr\n\(r.stderr)"
    }

    /// Each command run without the cache, then twice with it (the first may be an old entry's
    /// answer, the second is one): all three byte for byte the same. Returns the fresh outputs.
    @discardableResult
    func assertFresh(_ what: String, env: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        try Self.commands.map { args in
            let fresh = try run(args, env: env, cache: false)
            XCTAssertEqual(try run(args, env: env), fresh, "\(what): kpi \(args.joined(separator: " "))", file: file, line: line)
            XCTAssertEqual(try run(args, env: env), fresh, "\(what), again: kpi \(args.joined(separator: " "))", file: file, line: line)
            return fresh
        }
    }

    func entryNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: entries)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The step changed what the commands print (else it would prove nothing of the key).
    func assertChanged(_ before: [String], _ after: [String], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotEqual(before, after, "\(what) should change the output", file: file, line: line)
    }

    func testAHitIsTheRunWithoutTheCacheAndServesWithoutLoading() throws {
        let first = try assertFresh("committed ledger")
        XCTAssertTrue(first[2].hasPrefix("exit 1"), "an incomplete 2025 score fails the command: \(first[2].prefix(200))")
        XCTAssertTrue(first[4].hasPrefix("exit 1"), "check finds the 2025 error: \(first[4].prefix(200))")
        XCTAssertEqual(entryNames().count, Self.commands.count, "one entry per command")
        // A hit does not load the ledger: the parsed-file cache is not written again.
        let files = s.ledger + "/.git/kpi/files-v1"
        try FileManager.default.removeItem(atPath: files)
        for (args, out) in zip(Self.commands, first) { XCTAssertEqual(try run(args), out) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: files), "every run was served from the report cache")
        // A change of options is another entry, and with -o (a file written) none is kept.
        _ = try run(["score", "--quarter", "2026-Q1", "--format", "json"])
        XCTAssertEqual(entryNames().count, Self.commands.count + 1)
        _ = try run(["score", "--quarter", "2026-Q1", "-o", s.dir.path + "/out.csv"])
        XCTAssertEqual(entryNames().count, Self.commands.count + 1)
        // At most 16 entries are kept.
        for p in 0..<20 { _ = try run(["score", "--quarter", "2026-Q1", GeneratedLedger.id(p % 12), "--format", p < 12 ? "csv" : "json"]) }
        XCTAssertEqual(entryNames().count, 16)
    }

    func testEveryInputChangedGivesTheFreshAnswer() throws {
        var before = try assertFresh("committed ledger")

        // The index written before the files' last change: each is racily clean (git's rule: it
        // could change again within the same clock tick unseen), so known only by its bytes.
        let p05 = "records/2026-Q2/p05.yaml"
        let path = s.ledger + "/" + p05
        var st = stat()
        XCTAssertEqual(lstat(path, &st), 0)
        XCTAssertEqual(try s.run("/usr/bin/touch", ["-d", "@\(st.st_mtim.tv_sec - 1)", s.ledger + "/.git/index"]).status, 0)
        XCTAssertEqual(try assertFresh("racily clean files"), before)
        // A record's value edited keeping the file's size, its modification time set back to
        // the same second.
        var text = try s.read(p05)
        let valueLine = try XCTUnwrap(text.range(of: "value: [0-9.]*[0-9]\n", options: .regularExpression))
        let digit = text.index(valueLine.upperBound, offsetBy: -2)
        text.replaceSubrange(digit...digit, with: text[digit] == "1" ? "2" : "1")
        try s.write(p05, text)
        XCTAssertEqual(try s.run("/usr/bin/touch", ["-d", "@\(st.st_mtim.tv_sec)", path]).status, 0)
        var after = try assertFresh("a record's value edited, same size and second")
        assertChanged(before, after, "the edited value")
        before = after

        // An untracked person, team and goals file added.
        try s.write("people/p12.yaml", "name: Person 12\nemail: p12@example.com\nteam: t9\nmanager: p00\n")
        after = try assertFresh("an untracked person added")
        assertChanged(before, after, "the new person")
        before = after
        try s.write("teams/t9.yaml", "name: Team 9\nlead: p12\nparent: d0\n")
        after = try assertFresh("an untracked team added")
        assertChanged(before, after, "the new team")
        before = after
        try s.write("goals/2026-Q2/p12.yaml", GeneratedLedger.goals(12, "2026-Q2", seed: 2))
        after = try assertFresh("an untracked goals file added")
        assertChanged(before, after, "the new goals")
        before = after

        // A tracked file deleted.
        try FileManager.default.removeItem(atPath: s.ledger + "/records/2026-Q2/p04.yaml")
        after = try assertFresh("a records file deleted")
        assertChanged(before, after, "the deleted records")
        before = after

        // A tracked file made executable, its bytes the same: git's status shows it changed, so
        // `kpi score --format json`'s `uncommitted` lists it. Its bit taken back: the answer before.
        let p03 = s.ledger + "/records/2026-Q2/p03.yaml"
        XCTAssertEqual(lstat(p03, &st), 0)
        XCTAssertEqual(chmod(p03, st.st_mode | S_IXUSR), 0)
        after = try assertFresh("a records file made executable")
        assertChanged(before, after, "the executable bit")
        XCTAssertEqual(chmod(p03, st.st_mode), 0)
        XCTAssertEqual(try assertFresh("its executable bit taken back"), before)

        // The settings edited.
        try s.write("ledger.yaml", try s.read("ledger.yaml") + "unknown_setting: 1\n")
        after = try assertFresh("ledger.yaml edited")
        assertChanged(before, after, "the settings")
        before = after

        // New commits: everything committed (the index changes too), then an empty commit (only
        // HEAD moves: the JSON names it).
        try GeneratedLedger.commit(s, "2026-06-18T09:00:00+08:00", "everything")
        after = try assertFresh("a new commit")
        assertChanged(before, after, "the commit")
        before = after
        let index = try Data(contentsOf: URL(fileURLWithPath: s.ledger + "/.git/index"))
        let r = try s.run("/usr/bin/git", ["-C", s.ledger, "commit", "-q", "--allow-empty", "-m", "nothing"],
                          env: ["GIT_AUTHOR_DATE": "2026-06-19T09:00:00+08:00", "GIT_COMMITTER_DATE": "2026-06-19T09:00:00+08:00"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: s.ledger + "/.git/index")), index, "only HEAD moved")
        after = try assertFresh("an empty commit")
        assertChanged(before, after, "HEAD")
        before = after

        // Another day (GIT_AUTHOR_DATE is kpi's today when set): the default quarter moves.
        after = try assertFresh("another today", env: ["GIT_AUTHOR_DATE": "2026-03-20T10:00:00+08:00"])
        assertChanged(before, after, "today")
    }

    func testADamagedEntryOrAKilledWritersFileIsNeverShown() throws {
        let args = ["score", "--year", "2026", "--format", "json"]
        let fresh = try run(args, cache: false)
        XCTAssertEqual(try run(args), fresh)
        let name = try XCTUnwrap(entryNames().first)
        let entry = entries + "/" + name
        let good = try Data(contentsOf: URL(fileURLWithPath: entry))

        // A byte of the output changed: the checksum refuses it, and the entry is written again.
        var bytes = [UInt8](good)
        let at = try XCTUnwrap(bytes.firstIndex(of: UInt8(ascii: "{")))
        bytes[at] = UInt8(ascii: "[")
        try Data(bytes).write(to: URL(fileURLWithPath: entry))
        XCTAssertEqual(try run(args), fresh, "a damaged entry")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: entry)), good, "written again")
        // An entry as version 1 wrote it (its trailer the same but for the version, and a SHA-1
        // of the rest at its end instead of the seal), whole: not read, written again.
        let magic = Array("kpi-report 2\n".utf8)
        let trailerAt = good.count - (magic.count + 20 + 4 + 8 + 8 + 8)
        XCTAssertEqual(Array(good[trailerAt..<(trailerAt + magic.count)]), magic, "the trailer's version")
        var older = Array(good[..<trailerAt]) + Array("kpi-report 1\n".utf8) + Array(good[(trailerAt + magic.count)..<(good.count - 8)])
        let sha = SHA1Stream()
        sha.update(older[...])
        older += sha.finish()
        try Data(older).write(to: URL(fileURLWithPath: entry))
        XCTAssertEqual(try run(args), fresh, "an entry of another version")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: entry)), good, "written again")
        // Cut short, or empty.
        try good.prefix(good.count / 2).write(to: URL(fileURLWithPath: entry))
        XCTAssertEqual(try run(args), fresh, "a truncated entry")
        try good.suffix(200).write(to: URL(fileURLWithPath: entry))
        XCTAssertEqual(try run(args), fresh, "only the end of an entry")
        try Data().write(to: URL(fileURLWithPath: entry))
        XCTAssertEqual(try run(args), fresh, "an empty entry")

        // A writer killed half-way left its temporary file (output cut short): never read, and
        // removed by the next write.
        try FileManager.default.removeItem(atPath: entry)
        let temporary = entries + "/.tmp-2147483000-" + name
        try good.prefix(good.count / 3).write(to: URL(fileURLWithPath: temporary))
        XCTAssertEqual(try run(args), fresh, "beside a killed writer's file")
        XCTAssertFalse(FileManager.default.fileExists(atPath: temporary), "a dead writer's file is removed")
        XCTAssertEqual(try run(args), fresh)

        // A run killed while writing leaves no entry.
        try FileManager.default.removeItem(atPath: entry)
        let p = Process()
        p.executableURL = Sandbox.kpiBinary
        p.arguments = ["-C", s.ledger] + args
        p.environment = s.env
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        XCTAssertEqual(try run(args), fresh, "after a killed run")
    }
}
