import Foundation
import XCTest

/// Read commands reuse what reading each person, team, goals, records and review file gave from
/// `.git/kpi/files-v1` (docs/architecture.md, "The caches"). Their output must be byte for byte
/// what a read without the cache prints: cold, warm, after a working file is edited, after the
/// cache file is damaged, truncated or foreign, after a catalog change, and after a file is
/// changed without its size or modification time changing.
final class ParsedFileCacheTests: XCTestCase {
    static let commands: [[String]] = [
        ["score", "--year", "2026", "--format", "json"], ["score", "--year", "2026"], ["score", "--year", "2025"],
        ["score", "--quarter", "2026-Q1", "--explain"], ["check"], ["check", "--format", "json"],
        ["report", "--html", "-", "--year", "2026"], ["score", "--at", "HEAD~1", "--quarter", "2026-Q1", "--format", "json"],
        ["tree", "--quarter", "2026-Q1"], ["history", "p03"], ["people"], ["goals", "p03", "--quarter", "2026-Q2"],
    ]

    func outputs(_ s: Sandbox) throws -> [String] {
        let day = "2026-06-20T10:00:00+08:00"
        return try Self.commands.map { args in
            // Without the report cache, which would answer the repeated runs before any file is read.
            let r = try s.run(Sandbox.kpiBinary.path, ["-C", s.ledger] + args,
                              env: ["GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day, "KPI_NO_REPORT_CACHE": "1"])
            return "$ kpi \(args.joined(separator: " "))\nexit \(r.status)\n--- stdout\n\(r.stdout)--- stderr\n\(r.stderr)"
        }
    }

    var cache = ""

    /// The outputs with no cache file (and the cache file they leave).
    func cold(_ s: Sandbox) throws -> [String] {
        try? FileManager.default.removeItem(atPath: cache)
        let out = try outputs(s)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache), "the read commands leave a cache")
        return out
    }

    func assertSame(_ a: [String], _ b: [String], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for (x, y) in zip(a, b) where x != y {
            XCTFail("\(what): \(GoldenOutputTests.firstDifference(x, y))\n\(x.prefix(300))", file: file, line: line)
        }
        XCTAssertEqual(a.count, b.count, file: file, line: line)
    }

    func testOutputsAreTheSameWithAndWithoutTheCache() throws {
        let s = try Sandbox()
        try GeneratedLedger.make(in: s)
        // A person's file with an error of its own, committed: its message comes from the cache too.
        try s.write("people/p11.yaml", try s.read("people/p11.yaml") + "desk: 4F\n")
        try GeneratedLedger.commit(s, "2026-06-17T09:00:00+08:00", "people: p11's desk")
        cache = s.ledger + "/.git/kpi/files-v1"
        let first = try cold(s)
        XCTAssertTrue(first[2].contains("exit 1") || first[2].contains("error"), "the 2025 error is reported: \(first[2])")
        XCTAssertTrue(first[0].contains("scores are incomplete (p11 2026-Q1"), first[0])
        XCTAssertTrue(first[4].contains("people/p11.yaml:"), first[4])
        assertSame(try outputs(s), first, "warm")
        assertSame(try outputs(s), first, "warm again")

        // A working file edited (not staged): its new content is read, the rest comes from the cache.
        let p03 = "records/2026-Q1/p03.yaml"
        try s.write(p03, "# Zoë's figures, re-checked\n" + (try s.read(p03)).replacingOccurrences(of: "corrected export", with: "fixed export, ünïcode")
                    + "  - date: 2026-03-15\n    metric: nps\n    value: 1\n    source: ünïcode survey\n")
        try s.write("people/p03.yaml", try s.read("people/p03.yaml").replacingOccurrences(of: "Person 3", with: "Zoë Three"))
        let edited = try outputs(s)
        XCTAssertNotEqual(edited[3], first[3], "the edit shows in --explain")
        XCTAssertTrue(edited[10].contains("Zoë Three"), edited[10])
        assertSame(edited, try cold(s), "edited files, warm against cold")
        assertSame(try outputs(s), edited, "edited files, warm again")

        // A damaged cache file is ignored as a whole (and written again).
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cache)))
        for i in stride(from: bytes.count / 3, to: bytes.count / 3 + 64, by: 1) { bytes[i] ^= 0x5A }
        try Data(bytes).write(to: URL(fileURLWithPath: cache))
        assertSame(try outputs(s), edited, "damaged cache")
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: cache))
        assertSame(try outputs(s), edited, "truncated cache")
        try Data("kpi-files 9\n".utf8).write(to: URL(fileURLWithPath: cache))
        assertSame(try outputs(s), edited, "foreign cache")
        try Data().write(to: URL(fileURLWithPath: cache))
        assertSame(try outputs(s), edited, "empty cache")

        // The catalog changed: every file is read again against it. A metric's file that no
        // longer parses leaves out the goals naming it; one the catalog no longer has makes them
        // errors of the goals files' own.
        let nps = try s.read("metrics/nps.yaml")
        try s.write("metrics/nps.yaml", "name: [NPS\n" + nps)
        let unreadable = try outputs(s)
        XCTAssertNotEqual(unreadable[3], edited[3])
        assertSame(unreadable, try cold(s), "a metric's file broken, warm against cold")
        try FileManager.default.removeItem(atPath: s.ledger + "/metrics/nps.yaml")
        let catalog = try outputs(s)
        XCTAssertTrue(catalog[4].contains("goals/2026-Q1/p00.yaml:"), catalog[4])
        assertSame(catalog, try cold(s), "catalog changed, warm against cold")
        try s.write("metrics/nps.yaml", nps)
        assertSame(try outputs(s), edited, "catalog put back")

        // Staged, so the index vouches for the file's stat data; then changed to content of the
        // same size with its modification time put back: the change is still seen.
        try s.git("add", "-A")
        let staged = try outputs(s)
        let p05 = s.ledger + "/records/2026-Q1/p05.yaml"
        let ref = s.dir.path + "/p05.ref"
        XCTAssertEqual(try s.run("/bin/cp", ["-p", p05, ref]).status, 0)
        let text = try s.read("records/2026-Q1/p05.yaml")
        let changed = Self.bumpingValues(text)
        XCTAssertNotEqual(changed, text)
        XCTAssertEqual(changed.utf8.count, text.utf8.count)
        try s.write("records/2026-Q1/p05.yaml", changed)
        XCTAssertEqual(try s.run("/usr/bin/touch", ["-r", ref, p05]).status, 0)
        let a = try FileManager.default.attributesOfItem(atPath: p05), b = try FileManager.default.attributesOfItem(atPath: ref)
        XCTAssertEqual(a[.modificationDate] as? Date, b[.modificationDate] as? Date)
        let sameTime = try outputs(s)
        XCTAssertNotEqual(sameTime[3], staged[3], "the change shows in --explain")
        assertSame(sameTime, try cold(s), "changed without its time changing")
    }

    /// Each `value:`'s first digit 1–8 one higher: the same number of bytes, other scores.
    static func bumpingValues(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("    value: "), let d = line.dropFirst(11).first, let n = d.wholeNumberValue, (1...8).contains(n) else { return String(line) }
            return "    value: \(n + 1)" + line.dropFirst(12)
        }.joined(separator: "\n")
    }
}
