import Foundation
import KPICLI
@testable import LedgerCore
import SyntheticLedger
import XCTest

/// `kpi score --format json` is written straight into bytes, a batch of subjects at a time, and
/// handed on in pieces: it must be byte for byte the document the `JSON` tree renders (the
/// contract of docs/scoring.md), whatever the text holds, and never come out whole.
final class ScoreJSONStreamTests: XCTestCase {
    /// The tree `kpi score` rendered before the writer existed, as the reference.
    static func reference(_ r: ScoreReport) -> String {
        let num = ScoreRenderer.num
        func subject(_ s: SubjectScore) -> JSON {
            var pairs: [(String, JSON)] = [
                ("id", .string(s.id)), ("name", .string(s.name)), ("quarter", .string(s.quarter.description)),
                ("complete", .bool(s.isComplete)),
                ("score", num(s.shownScore(places: 2))), ("rating", s.rating.map(JSON.string) ?? .null),
                ("review_rating", s.reviewRating.map(JSON.string) ?? .null),
                ("calibrated_rating", s.calibration.map { .string($0.rating) } ?? .null),
                ("final_rating", s.ratings.final.map(JSON.string) ?? .null),
                ("errors", .array(s.errors.map { .string(ScoreRenderer.errorText($0)) })),
                ("dimensions", .array(s.dimensions.map {
                    .object([("id", .string($0.id)), ("weight", num($0.weight)), ("score", num($0.shownScore(places: 2)))])
                })),
                ("goals", .array(s.goals.map { g in
                    var goal: [(String, JSON)] = [
                        ("metric", .string(g.metric)), ("dimension", .string(g.dimension)), ("baseline", num(g.baseline)),
                        ("target", num(g.target)), ("actual", num(g.actual.map { $0.rounded(places: 4) })), ("weight", num(g.weight)),
                        ("attainment", num(g.attainment.map { $0.rounded(places: 4) })), ("method", .string(g.method.rawValue)),
                    ]
                    if r.forecast { goal.append(("forecast", ScoreRenderer.forecastJSON(g.forecast))) }
                    return .object(goal)
                })),
                ("bonus", num(s.bonus)),
                ("warnings", .array(s.warnings.map(JSON.string))),
            ]
            if r.forecast {
                pairs.append(("forecast_score", num(s.forecastScore?.rounded(places: 2))))
                pairs.append(("forecast_rating", s.forecastRating.map(JSON.string) ?? .null))
            }
            if let roll = s.rollup {
                pairs.append(("rollup", .object([
                    ("members", .array(s.members.map(JSON.string))),
                    ("complete", .bool(roll.isComplete)),
                    ("incomplete_members", .array(roll.incomplete.map(JSON.string))),
                    ("mean_score", num(roll.mean.map { $0.rounded(places: 2) })),
                    ("ratings", .object(roll.countByRating.sorted { $0.key < $1.key }.map { ($0.key, JSON.int($0.value)) })),
                ])))
            }
            return .object(pairs)
        }
        var pairs: [(String, JSON)] = [
            ("quarter", r.quarters.count == 1 ? .string(r.quarters[0].description) : .array(r.quarters.map { .string($0.description) })),
        ]
        if r.quarters.count == 1, let p = r.progress.first {
            pairs += ScoreRenderer.progress(p)
        } else if !r.progress.isEmpty {
            pairs.append(("quarters", .array(r.progress.map { .object([("quarter", .string($0.quarter.description))] + ScoreRenderer.progress($0)) })))
        }
        pairs += [("complete", .bool(r.isComplete)), ("revision", r.revision.map(JSON.string) ?? .null)]
        if !r.uncommitted.isEmpty { pairs.append(("uncommitted", .array(r.uncommitted.map(JSON.string)))) }
        pairs.append(("subjects", .array(r.subjects.map(subject))))
        return JSON.object(pairs).render() + "\n"
    }

    /// A ledger of `people` in teams of ten, names holding what JSON must escape (quotes,
    /// backslashes, control and direction characters), goals whose
    /// attainments have no exact decimal form, some without records.
    /// `replacing`: files written instead of (or besides) the generated ones.
    static func ledger(people: Int, replacing: [String: String] = [:]) -> Ledger {
        var files: [(path: String, bytes: [UInt8])] = []
        func add(_ path: String, _ text: String) { files.append((path, Array((replacing[path] ?? text).utf8))) }
        add("ledger.yaml", SyntheticFiles.settings(name: "Stream Co"))
        add("metrics/revenue.yaml", SyntheticFiles.metric(name: "Revenue", dimension: "business", unit: "currency", direction: "higher", aggregate: "sum"))
        add("metrics/churn.yaml", SyntheticFiles.metric(name: "Churn", dimension: "customer", unit: "percent", direction: "lower", aggregate: "last"))
        add("metrics/nps.yaml", SyntheticFiles.metric(name: "NPS", dimension: "customer", unit: "score", direction: "higher", aggregate: "mean"))
        add("teams/d0.yaml", SyntheticFiles.team(name: "Dept zero", lead: "p0000"))
        let names = ["Plain", "Quote \" and \\ backslash", "Bell \u{7} esc \u{1B}[31m", "Override \u{202E}here", "NEL \u{85} end", "日本 😀", "Tab\there"]
        for t in 0..<((people + 9) / 10) {
            add("teams/t\(t).yaml", SyntheticFiles.team(name: "Team \(t)", lead: "p\(String(format: "%04d", t * 10))", parent: "d0"))
        }
        for p in 0..<people {
            let id = "p\(String(format: "%04d", p))"
            let person = SyntheticFiles.person(id, name: "Person \(p)", team: "t\(p / 10)", manager: nil)
            add("people/\(id).yaml", person)
            add("goals/2026-Q1/\(id).yaml", """
                subject: \(id)
                quarter: 2026-Q1
                goals:
                  - metric: revenue
                    target: \(1000 + p * 7)
                    weight: \(p % 3 == 0 ? "40" : "33.3")
                  - metric: churn
                    target: \(3 + p % 5).5%
                    weight: 35
                  - metric: nps
                    target: \(7 + p % 3)
                    baseline: \(p % 4)

                """)
            var records = "subject: \(id)\nquarter: 2026-Q1\nrecords:\n"
            for (k, date) in ["2026-01-31", "2026-02-28", "2026-03-31"].enumerated() where p % 11 != 0 {
                records += "  - date: \(date)\n    metric: revenue\n    value: \(300 + (p * 37 + k * 101) % 500)\n"
                records += "  - date: \(date)\n    metric: nps\n    value: \(1 + (p + k) % 9)\n"
                if p % 5 != 1 { records += "  - date: \(date)\n    metric: churn\n    value: \(2 + (p * 3 + k) % 7).\(p % 10)%\n" }
            }
            if p % 11 != 0 { add("records/2026-Q1/\(id).yaml", records) }
        }
        for (path, text) in replacing.sorted(by: { $0.key < $1.key }) where !files.contains(where: { $0.path == path }) { add(path, text) }
        // Names only a program writes into the model (a file refuses control characters).
        var ledger = LedgerLoader.load(files: files)
        for (i, id) in ledger.people.keys.sorted().enumerated() { ledger.people[id]!.name = "\(names[i % names.count]) \(i)" }
        for (i, id) in ledger.teams.keys.sorted().enumerated() { ledger.teams[id]!.name = "Team \(names[(i + 3) % names.count]) \(i)" }
        return ledger
    }

    func testScoresWrittenInPiecesAreTheTreesBytes() throws {
        let ledger = Self.ledger(people: 650)  // three batches of subjects, and teams at the end
        XCTAssertTrue(ledger.diagnostics.filter { $0.severity == .error }.isEmpty, "\(ledger.diagnostics.prefix(3))")
        for forecast in [false, true] {
            var report = Scorer(ledger: ledger).report(quarters: [Quarter("2026-Q1")!], subjects: nil, revision: "abc123",
                                                       today: Day("2026-02-15"), forecast: forecast)
            report.uncommitted = ["records/2026-Q1/p0001.yaml"]
            XCTAssertEqual(report.subjects.count, 650 + 65 + 1)
            var pieces: [[UInt8]] = []
            ScoreRenderer.writeJSON(report) { pieces.append($0) }
            let expected = Self.reference(report)
            let written = String(decoding: pieces.joined(), as: UTF8.self)
            XCTAssertEqual(written.count, expected.count)
            XCTAssertTrue(written == expected, "first difference near \(zip(written, expected).prefix { $0 == $1 }.count)")
            // Handed on as it was written, never as one document.
            XCTAssertGreaterThan(pieces.count, 4)
            let largestSubject = report.subjects.map { s -> Int in
                var w = JSONWriter(level: 2)
                ScoreRenderer.subject(s, forecast: forecast, into: &w)
                return w.bytes.count
            }.max()!
            XCTAssertLessThanOrEqual(pieces.map(\.count).max()!, ScoreRenderer.chunk + largestSubject + 1)
            XCTAssertTrue(expected.contains("\\u001b[31m") && expected.contains("\\u202e") && expected.contains("\\u0085"))
        }
    }

    func testAYearAndAnEmptyReport() throws {
        let ledger = Self.ledger(people: 30)
        let scorer = Scorer(ledger: ledger)
        for quarters in [Quarter.quarters(ofYear: 2026), [Quarter("2025-Q4")!]] {
            for today in [nil, Day("2026-05-01")] {
                let report = scorer.report(quarters: quarters, subjects: nil, revision: nil, today: today)
                XCTAssertEqual(String(decoding: ScoreRenderer.jsonBytes(report), as: UTF8.self), Self.reference(report))
            }
        }
        // Named subjects, a team among them before its members.
        let named = scorer.report(quarters: [Quarter("2026-Q1")!], subjects: ["t1", "p0012", "d0", "p0012"], revision: nil)
        XCTAssertEqual(named.subjects.map(\.id), ["t1", "p0012", "d0", "p0012"])
        XCTAssertEqual(String(decoding: ScoreRenderer.jsonBytes(named), as: UTF8.self), Self.reference(named))
    }

    /// The writer alone: any value, at any level, as the tree renders it.
    func testWriterMatchesTheRenderer() {
        func feed(_ j: JSON, into w: inout JSONWriter) {
            switch j {
            case .null: w.null()
            case .bool(let b): w.bool(b)
            case .int(let i): w.int(i)
            case .number(let s): w.number(Number(s)!)
            case .string(let s): w.string(s)
            case .rendered: XCTFail("not used")
            case .array(let items):
                w.beginArray()
                for i in items { feed(i, into: &w) }
                w.endArray()
            case .object(let pairs):
                w.beginObject()
                for (k, v) in pairs {
                    w.key(k)
                    feed(v, into: &w)
                }
                w.endObject()
            }
        }
        let texts = ["", "plain", "q\"b\\", "\n\r\t", "\u{0}\u{1F}\u{7F}", "\u{80}\u{9F}", "\u{200E}\u{200F}\u{202A}\u{2069}\u{61C}", "→ — ✓", "😀"]
        let numbers = ["0", "-0.5", "1200", "0.000001", "-9223372036854775807", "123456.789", "10000000000000000000000", "0.93333333333333333333333333333333333333"]
        let values: [JSON] = [
            .object([]), .array([]), .null, .bool(true), .int(-42),
            .object(texts.map { ($0, .string($0)) }),
            .array(numbers.map { .number($0) }),
            .object([("a", .array([.object([]), .array([.array([])]), .object([("b", .null)])])), ("c", .object([("d", .array(texts.map(JSON.string)))]))]),
        ]
        for v in values {
            for level in [0, 1, 2, 5] {
                var w = JSONWriter(level: level)
                feed(v, into: &w)
                XCTAssertEqual(String(decoding: w.bytes, as: UTF8.self), String(decoding: v.bytes(level: level), as: UTF8.self))
            }
        }
        // Numbers as `description` writes them, fixed and wide.
        for text in numbers + ["5", "-5", "0.1", "100", "-123.45", "1e", "99999999999999999999999999999999999999"] where text != "1e" {
            var out: [UInt8] = []
            Number(text)!.appendPlainText(to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), Number(text)!.description)
        }
        for (s, e) in [(Int64(1), -20), (-7, -1), (123, -2), (123, -3), (123, -4), (9_223_372_036_854_775_807, -19), (5, 30), (-1, 127), (1, -128)] {
            let x = Number.fixed(s, e)!
            var out: [UInt8] = []
            x.appendPlainText(to: &out)
            XCTAssertEqual(String(decoding: out, as: UTF8.self), x.description)
        }
    }

    /// The writer's room grown many times over, its bytes taken in pieces as it goes or handed
    /// over whole at the end (neither copies them out): the text written into one room.
    func testWriterHandsOverWhatItWrote() {
        for level in [0, 2] {
            var one = JSONWriter(level: level, capacity: 1 << 20), grown = JSONWriter(level: level, capacity: 64)
            var pieces = JSONWriter(level: level, capacity: 64), taken: [UInt8] = []
            func write(_ w: inout JSONWriter, taking: Bool) {
                w.beginArray()
                for i in 0..<700 {
                    w.beginObject()
                    w.field("name", String(repeating: "név \(i) ", count: i % 13))
                    w.field("score", number: Number("\(i).\(i % 7)")!)
                    w.endObject()
                    if taking, i % 9 == 0 { taken += w.take() }
                }
                w.endArray()
                w.endDocument()
            }
            write(&one, taking: false)
            write(&grown, taking: false)
            write(&pieces, taking: true)
            taken += pieces.take()
            XCTAssertEqual(pieces.count, 0)
            let expected = one.bytes
            XCTAssertGreaterThan(expected.count, 40_000)
            XCTAssertEqual(String(decoding: grown.finished(), as: UTF8.self), String(decoding: expected, as: UTF8.self))
            XCTAssertEqual(String(decoding: taken, as: UTF8.self), String(decoding: expected, as: UTF8.self))
        }
    }

    /// End to end: `-o` writes the same bytes as standard output, and a file that cannot be
    /// written leaves nothing behind.
    func testFileAndStandardOutputAgree() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "nps", "--quarter", "2026-Q3", "--target", "45", "--weight", "100",
                  env: ["GIT_AUTHOR_DATE": "2026-06-01T00:00:00Z"])
        try s.kpi("record", "alice", "nps", "42", "--date", "2026-07-10", env: ["GIT_AUTHOR_DATE": "2026-07-10T00:00:00Z"])
        let out = try s.kpi("score", "--quarter", "2026-Q3", "--format", "json")
        try s.kpi("score", "--quarter", "2026-Q3", "-o", s.dir.path + "/scores.json")
        XCTAssertEqual(try String(contentsOfFile: s.dir.path + "/scores.json", encoding: .utf8), out.stdout)
        XCTAssertTrue(out.stdout.contains("\"attainment\": 0.9333"), out.stdout)
        let refused = try s.run(Sandbox.kpiBinary.path, ["score", "--quarter", "2026-Q3", "-o", s.dir.path + "/missing/scores.json"], cwd: s.ledger)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("scores.json"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: s.dir.path + "/missing"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: s.dir.path).filter { $0.contains(".tmp") }, [])
    }
}
