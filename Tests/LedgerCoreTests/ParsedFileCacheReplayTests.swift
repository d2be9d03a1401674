import Foundation
import GitStore
import LedgerFormat
import TestFolders
import XCTest
@testable import LedgerCore

/// A load with the parsed-file cache takes each person, team and sheet file's reading from it
/// and gives the same model, places and messages as reading the files; a load that reads
/// nothing new leaves the cache file as it was; a damaged cache file is read past
/// (docs/architecture.md, "The caches").
final class ParsedFileCacheReplayTests: XCTestCase {
    /// Everything a read command sees of `l`, as text: values, places and messages.
    func summary(_ l: Ledger) -> [String] {
        func at(_ r: SourceRef) -> String { "\(l.paths[Int(r.file)]):\(r.line):\(r.column)" }
        var out = l.people.values.sorted { $0.id < $1.id }.map {
            "person \($0.id) \($0.name) \($0.email ?? "-") \($0.team?.value ?? "-")@\($0.team.map { at($0.ref) } ?? "-") \(at($0.ref)) keys \($0.signingKeys.map(\.text))"
        }
        out += l.teams.values.sorted { $0.id < $1.id }.map { "team \($0.id) \($0.name) \($0.lead?.value ?? "-") \(at($0.ref))" }
        out += l.goalSheets.values.sorted { ($0.quarter, $0.subject) < ($1.quarter, $1.subject) }.flatMap { s in
            ["goals \(s.subject) \(s.quarter) \(at(s.ref)) \(at(s.subjectRef))"]
                + s.goals.map { "  \($0.metric.value)@\(at($0.metric.ref)) \($0.target) \($0.targetText) \($0.weight.map { "\($0)" } ?? "-") \(at($0.ref))" }
        }
        out += l.recordSheets.values.sorted { ($0.quarter, $0.subject) < ($1.quarter, $1.subject) }.flatMap { s in
            ["records \(s.subject) \(s.quarter) \(at(s.ref))"]
                + s.records.map { "  \($0.date) \($0.metric) \($0.value) \($0.valueText) \($0.source ?? "-") \($0.note ?? "-") \(at($0.ref))" }
        }
        out += l.reviews.values.sorted { ($0.quarter, $0.subject) < ($1.quarter, $1.subject) }.map {
            "review \($0.subject) \($0.quarter) \($0.rating ?? "-") \(at($0.ref))"
        }
        out += l.diagnostics.map { "\($0.description) \($0.code) \($0.causedBy ?? "")" }
        out += l.recordBlobIDs.sorted { $0.key < $1.key }.map { "blob \($0.key) \($0.value.hex)" }
        return out
    }

    /// The cache file's inode, once the loads before have finished writing it (`CacheWrites`).
    func inode(_ path: String) -> UInt? {
        CacheWrites.wait()
        var st = stat()
        return stat(path, &st) == 0 ? UInt(st.st_ino) : nil
    }

    func testASecondLoadTakesTheFilesFromTheCacheAndGivesTheSameLedger() throws {
        let t = try TempLedger()
        _ = try t.recorder().addPerson(id: "alice", name: "Alice", email: nil, manager: nil, team: nil, scorecard: nil, level: nil)
        _ = try t.recorder().record(.init(subject: "alice", metric: "nps", date: Day("2026-07-31")!, value: "30"))
        _ = try t.recorder().record(.init(subject: "alice", metric: "nps", date: Day("2026-08-31")!, value: "32.5"))
        // A records file with an error of its own, committed by hand.
        let bad = "records/2026-Q3/bob.yaml"
        try FileManager.default.createDirectory(atPath: t.path + "/records/2026-Q3", withIntermediateDirectories: true)
        try "subject: bob\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-01\n    metric: revenu\n    value: 5\n"
            .write(toFile: t.path + "/" + bad, atomically: true, encoding: .utf8)
        XCTAssertEqual(try git(t.path, "add", "-A"), 0)
        XCTAssertEqual(try git(t.path, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "bob"), 0)
        let cache = CacheFile.path(gitDir: t.store.repository.gitDir, ParsedFileCache.name)
        try? FileManager.default.removeItem(atPath: cache)

        // A commit's files.
        let cold = summary(try t.ledger())
        let written = try XCTUnwrap(inode(cache), "a load leaves the cache")
        XCTAssertTrue(cold.contains { $0.contains("records/2026-Q3/bob.yaml:5:13: error") }, cold.joined(separator: "\n"))
        XCTAssertTrue(cold.contains { $0.hasPrefix("person alice Alice") })
        XCTAssertEqual(summary(try t.ledger()), cold)
        XCTAssertEqual(inode(cache), written, "a load that read nothing new does not write the cache")

        // The working files (with the records' blob ids, as `kpi check` asks), known from the index.
        func working() throws -> [String] { summary(try LedgerSnapshot.load(from: t.path, recordBlobIDs: true).ledger) }
        let files = try working()
        XCTAssertTrue(files.contains { $0.hasPrefix("blob records/2026-Q3/bob.yaml ") })
        let afterWorking = inode(cache)
        XCTAssertEqual(try working(), files)
        XCTAssertEqual(inode(cache), afterWorking, "the working files known unchanged from the index")
        try? FileManager.default.removeItem(atPath: cache)
        XCTAssertEqual(try working(), files, "cold against warm")

        // A damaged file: ignored whole, every file read from its bytes again.
        CacheWrites.wait()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cache)))
        bytes[bytes.count / 2] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: cache))
        XCTAssertEqual(summary(try t.ledger()), cold)
        // Written again whole. Compared by content, not inode: a removed file's inode number is
        // soon given to a new one, so an inode can match by chance when tests run side by side.
        CacheWrites.wait()
        XCTAssertNotEqual([UInt8](try Data(contentsOf: URL(fileURLWithPath: cache))), bytes, "the damaged cache is replaced")
    }

    /// Every field of every person, team and sheet (`dump`), by key: what a field the cache's
    /// encoding forgot would change.
    func models(_ l: Ledger) -> String {
        var out = ""
        dump(l.people.sorted { $0.key < $1.key }.map(\.value), to: &out)
        dump(l.teams.sorted { $0.key < $1.key }.map(\.value), to: &out)
        dump(l.goalSheets.sorted { $0.key < $1.key }.map(\.value), to: &out)
        dump(l.recordSheets.sorted { $0.key < $1.key }.map(\.value), to: &out)
        dump(l.reviews.sorted { $0.key < $1.key }.map(\.value), to: &out)
        dump(l.diagnostics, to: &out)
        dump(l.broken.sorted { $0.key < $1.key }, to: &out)
        dump(l.unreadable.sorted(), to: &out)
        return out
    }

    /// A copy of the repository's example ledger in a new folder named after `name`.
    func exampleLedger(_ name: String) throws -> String {
        let dir = TestFolders.make(name)
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("ledger-example").path
        for name in try FileManager.default.contentsOfDirectory(atPath: example) where !name.hasPrefix(".") {
            try FileManager.default.copyItem(atPath: example + "/" + name, toPath: dir + "/" + name)
        }
        return dir
    }

    /// The example ledger (every kind of file and field: aligned and drafted goals, bonus items,
    /// corrections, notes, check-ins, awards), a person with a signing key and files with errors
    /// of their own, committed: a warm load gives every field of the model as a cold one.
    func testEveryFieldOfTheExampleLedgerComesBackFromTheCache() throws {
        let dir = try exampleLedger("kpi-files-cache")
        let ed25519 = [0, 0, 0, 11] + Array("ssh-ed25519".utf8) + [0, 0, 0, 32] + (0..<32).map { UInt8($0 * 7 % 256) }
        let key = SSHPublicKey(type: "ssh-ed25519", blob: ed25519).text
        try "name: Kim\nemail: kim@example.com\nsigning_keys:\n  - \(key)\n".write(toFile: dir + "/people/kim.yaml", atomically: true, encoding: .utf8)
        try "name: Lee\nemail: lee\nteam: nowhere\n".write(toFile: dir + "/people/lee.yaml", atomically: true, encoding: .utf8)
        try "name: [unclosed\n".write(toFile: dir + "/teams/broken.yaml", atomically: true, encoding: .utf8)
        XCTAssertEqual(try git(dir, "init", "-q"), 0)
        XCTAssertEqual(try git(dir, "add", "-A"), 0)
        XCTAssertEqual(try git(dir, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "example"), 0)
        let store = try LedgerStore.open(from: dir)
        let cache = CacheFile.path(gitDir: store.repository.gitDir, ParsedFileCache.name)

        let cold = try store.ledger(at: try store.headCommit())
        XCTAssertNotNil(inode(cache))
        XCTAssertEqual(cold.people["kim"]?.signingKeys.map(\.text), [key])
        XCTAssertTrue(cold.diagnostics.contains { $0.path == "teams/broken.yaml" }, cold.diagnostics.map(\.description).joined(separator: "\n"))
        XCTAssertTrue(cold.diagnostics.contains { $0.path == "people/lee.yaml" })
        XCTAssertFalse(cold.goalSheets.values.allSatisfy { $0.bonus.isEmpty && $0.drafts.isEmpty })
        XCTAssertFalse(cold.recordSheets.values.allSatisfy { $0.records.allSatisfy { $0.note == nil && $0.corrects == nil } })
        let written = inode(cache)
        let warm = try store.ledger(at: try store.headCommit())
        XCTAssertEqual(inode(cache), written, "nothing read again")
        XCTAssertEqual(models(warm), models(cold))
        XCTAssertEqual(summary(warm), summary(cold))
        let working = try LedgerSnapshot.load(from: dir).ledger
        XCTAssertEqual(models(working), models(cold))
    }

    /// A records file of every shape (version 3 of the encoding names a file's metrics and
    /// sources once each, and keeps a plain record's value with its style): more metrics and
    /// sources than a reader remembers (`RecentNames.kept`), records with none, notes,
    /// corrections, check-ins and texts no style writes again, read back from the cache's file
    /// by a whole load and from a load's own entries a quarter at a time, field for field.
    func testRecordsOfEveryShapeComeBackFromTheCache() throws {
        let dir = try exampleLedger("kpi-files-records")
        let metrics = try FileManager.default.contentsOfDirectory(atPath: dir + "/metrics").filter { $0.hasSuffix(".yaml") }
            .map { String($0.dropLast(5)) }.sorted()
        XCTAssertGreaterThan(metrics.count, RecentNames.kept + 2)
        let texts = ["12", "45.3%", "007", "1,200", "3.50", "-2", "0.5", "1.5万", "40"]
        var yaml = "subject: alice\nquarter: 2026-Q2\nrecords:\n"
        for (n, metric) in (metrics + metrics.prefix(5)).enumerated() {
            yaml += "  - date: 2026-04-\(String(format: "%02d", n % 28 + 1))\n    metric: \(metric)\n    value: \(texts[n % texts.count])\n"
            if n % 3 != 0 { yaml += "    source: \(n % 4 == 0 ? "BI" : "export \(n % 19)")\n" }
            if n % 7 == 1 { yaml += "    note: checked by 财务\n" }
            if n % 11 == 2 { yaml += "    corrects: 2026-04-01\n" }
            if n % 13 == 3 { yaml += "    confidence: 7\n" }
        }
        try yaml.write(toFile: dir + "/records/2026-Q2/alice.yaml", atomically: true, encoding: .utf8)
        XCTAssertEqual(try git(dir, "init", "-q"), 0)
        XCTAssertEqual(try git(dir, "add", "-A"), 0)
        XCTAssertEqual(try git(dir, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "example"), 0)
        let store = try LedgerStore.open(from: dir)
        let whole = try LedgerLoader.load(from: DirectorySource(root: dir))
        let key = SheetKey(subject: "alice", quarter: Quarter("2026-Q2")!)
        let records = try XCTUnwrap(whole.recordSheets[key]).records
        XCTAssertGreaterThan(Set(records.map(\.metric)).count, RecentNames.kept)
        XCTAssertTrue(records.contains { $0.plain != nil } && records.contains { $0.plain == nil })
        XCTAssertTrue(records.contains { $0.keepsValueText }, "a text no style writes again")

        _ = try store.ledger(at: try store.headCommit())
        let warm = try store.ledger(at: try store.headCommit())
        XCTAssertEqual(models(warm), models(try store.ledger(at: try store.headCommit())))
        var expected = "", got = ""
        dump(whole.recordSheets[key], to: &expected)
        dump(warm.recordSheets[key], to: &got)
        XCTAssertEqual(got, expected)

        // A quarter at a time: the sheets read back from this load's entries (first), then from the file's.
        try? FileManager.default.removeItem(atPath: store.repository.gitDir + "/kpi")
        for run in ["first", "second"] {
            let (organisation, loaded) = try LedgerLoader.load(from: DirectorySource(root: dir), cacheIn: store.repository.gitDir, byQuarterFrom: 1)
            let sheets = try XCTUnwrap(loaded, run)
            defer { sheets.letGo() }
            for q in Quarter.quarters(ofYear: 2026) {
                let part = try sheets.ledger(of: q, organisation: organisation)
                var a = "", b = ""
                dump(part.recordSheets.sorted { $0.key < $1.key }.map(\.value), to: &a)
                dump(part.goalSheets.sorted { $0.key < $1.key }.map(\.value), to: &a)
                dump(part.reviews.sorted { $0.key < $1.key }.map(\.value), to: &a)
                dump(whole.recordSheets.sorted { $0.key < $1.key }.map(\.value).filter { $0.quarter == q }, to: &b)
                dump(whole.goalSheets.sorted { $0.key < $1.key }.map(\.value).filter { $0.quarter == q }, to: &b)
                dump(whole.reviews.sorted { $0.key < $1.key }.map(\.value).filter { $0.quarter == q }, to: &b)
                XCTAssertEqual(a, b, "\(run) \(q)")
            }
        }
    }

    func git(_ dir: String, _ args: String...) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        p.arguments = ["-C", dir] + args
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}
