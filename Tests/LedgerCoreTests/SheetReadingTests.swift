import XCTest
@testable import LedgerCore

/// A load reads each sheet against the settings and catalog as they stand (no copy of the ledger
/// per file), finds a metric's second goal by a scan of a small sheet and by a table past 16
/// goals, and sorts the paths it is given by their bytes when every one is ASCII: each way gives
/// what the general way gives.
final class SheetReadingTests: XCTestCase {
    /// A goals file of `metrics`' goals in this order, one item of two lines each from line 4.
    func goalsFile(_ metrics: [String]) -> String {
        "subject: alice\nquarter: 2026-Q3\ngoals:\n" + metrics.map { "  - metric: \($0)\n    target: 40\n" }.joined()
    }

    func duplicates(_ metrics: [String]) -> [String] {
        load(["goals/2026-Q3/alice.yaml": goalsFile(metrics)]).diagnostics.filter { $0.code == .duplicateGoal }.map(\.description)
    }

    func testASecondGoalOfAMetricNamesTheFirstsLineInASmallSheet() {
        // Items start on lines 4, 6, 8, 10.
        XCTAssertEqual(duplicates(["nps", "retention", "nps", "retention"]), [
            "goals/2026-Q3/alice.yaml:8:5: error: metric nps has a second goal in this sheet (the first is on line 4); keep one",
            "goals/2026-Q3/alice.yaml:10:5: error: metric retention has a second goal in this sheet (the first is on line 6); keep one",
        ])
        let sheet = load(["goals/2026-Q3/alice.yaml": goalsFile(["nps", "retention", "nps", "retention"])]).goalSheets[SheetKey(subject: "alice", quarter: Quarter("2026-Q3")!)]
        XCTAssertEqual(sheet?.goals.map(\.metric.value), ["nps", "retention"])
    }

    func testASecondGoalOfAMetricNamesTheFirstsLineInALargeSheet() {
        // 20 goals (past the scan): retention first on line 4, nps on line 6, then 18 more.
        let metrics = ["retention", "nps"] + Array(repeating: ["nps", "retention"], count: 9).joined()
        let found = duplicates(metrics)
        XCTAssertEqual(found.count, 18)
        for (k, d) in found.enumerated() {
            let line = 8 + 2 * k
            let (metric, first) = k % 2 == 0 ? ("nps", 6) : ("retention", 4)
            XCTAssertEqual(d, "goals/2026-Q3/alice.yaml:\(line):5: error: metric \(metric) has a second goal in this sheet (the first is on line \(first)); keep one")
        }
        // Every sheet size up to and past the scan: one error per goal after the first of its metric.
        for n in 1...20 {
            let metrics = (0..<n).map { $0 % 3 == 0 ? "nps" : "retention" }
            XCTAssertEqual(duplicates(metrics).count, max(0, n - 2), "\(n) goals")
        }
    }

    func testASheetWhoseFileNameIsNotAnIDIsNotRead() {
        for path in ["goals/2026-Q3/Alice.yaml", "records/2026-Q3/Alice.yaml", "reviews/2026-Q3/Alice.yaml"] {
            let ledger = load([path: "subject: alice\nquarter: 2026-Q3\n"])
            XCTAssertEqual(ledger.diagnostics.map(\.description),
                           ["\(path):1:1: error: the file name 'Alice.yaml' is not a valid id: use lower_snake_case (a–z, digits and _)"])
            XCTAssertTrue(ledger.goalSheets.isEmpty && ledger.recordSheets.isEmpty && ledger.reviews.isEmpty, path)
        }
    }

    func testEachKindOfSheetIsReadIntoTheModel() {
        let key = SheetKey(subject: "alice", quarter: Quarter("2026-Q3")!)
        let ledger = load([
            "goals/2026-Q3/alice.yaml": goalsFile(["nps"]),
            "records/2026-Q3/alice.yaml": "subject: alice\nquarter: 2026-Q3\nrecords:\n  - date: 2026-07-01\n    metric: nps\n    value: 30\n",
            "reviews/2026-Q3/alice.yaml": "subject: alice\nquarter: 2026-Q3\nreviewer: bob\nsummary: Good\n",
        ])
        XCTAssertEqual(ledger.diagnostics.map(\.description), [])
        XCTAssertEqual(ledger.goalSheets[key]?.goals.map(\.target), [40])
        XCTAssertEqual(ledger.recordSheets[key]?.records.map(\.value), [30])
        XCTAssertEqual(ledger.reviews[key]?.summary, "Good")
        XCTAssertEqual(ledger.goalSheets[key]?.path, "goals/2026-Q3/alice.yaml")
    }

    /// `pathOrder` against `String`'s sort, for ASCII paths (compared as bytes) and paths with
    /// other characters (compared as `String`s), with prefixes of one another, bytes either side
    /// of `/`, and the same path twice (kept in the given order).
    func testPathsAreSortedAsStringsSortThem() {
        var generator = SystemRandomNumberGenerator()
        let parts = ["a", "b", "a-b", "a/b", "a.b", "ab", "A", "Z", "_", "0", "9", "records", "goals", "2026-Q1", "x.yaml", "é", "e\u{301}", "z"]
        for round in 0..<200 {
            let ascii = round % 2 == 0
            let pool = ascii ? parts.filter { $0.utf8.allSatisfy { $0 < 0x80 } } : parts
            var paths = (0..<(round % 40)).map { _ in
                (0..<Int.random(in: 0...3, using: &generator)).map { _ in pool.randomElement(using: &generator)! }.joined(separator: "/")
            }
            if let first = paths.first { paths.append(first) }
            let order = LedgerLoader.pathOrder(paths)
            let expected = paths.indices.sorted { paths[$0] < paths[$1] }
            XCTAssertEqual(order, expected, "\(paths)")
        }
        XCTAssertEqual(LedgerLoader.pathOrder(["b", "a", "a", "", "a/b", "a-b", "a0"]), [3, 1, 2, 5, 4, 6, 0])
    }

    /// `pathOrder` sorts by each path's first 24 bytes as numbers and compares the rest on a
    /// tie: paths sharing 16, 23, 24 or 25 bytes and more, ending at or around the 24th byte,
    /// as a ledger's folders of many sheets give them, against `String`'s sort.
    func testLongPathsSharingTheirFirstBytesAreSortedAsStringsSortThem() {
        var generator = SystemRandomNumberGenerator()
        let stems = ["records/2026-Q1/p", "records/2026-Q1/p000", "goals/2026-Q1/", "records/2026-Q1/p0000123", "reviews/2026-Q2/",
                     "records/2026-Q1/p00001234", "records/2026-Q1/p000012", "a", ""]
        let tails = ["", "0", "1", "01", ".yaml", "000123.yaml", "000124.yaml", "x", "/", "-", "00000000000000000001"]
        for _ in 0..<300 {
            var paths = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                stems.randomElement(using: &generator)! + tails.randomElement(using: &generator)! + tails.randomElement(using: &generator)!
            }
            if let first = paths.first { paths.append(first) }
            XCTAssertEqual(LedgerLoader.pathOrder(paths), paths.indices.sorted { paths[$0] < paths[$1] }, "\(paths)")
        }
        let edge = ["records/2026-Q1/p0000123", "records/2026-Q1/p000012", "records/2026-Q1/p0000123.yaml",
                    "records/2026-Q1/p00001230", "records/2026-Q1/p0000123"]
        XCTAssertEqual(LedgerLoader.pathOrder(edge), [1, 0, 4, 2, 3])
    }

    /// A subject and quarter spelt as the file's name and folder are taken as they are; any other
    /// spelling is read and reported as before (the messages below are those before the change).
    func testASheetsSubjectAndQuarterAreReadAsBefore() {
        var files = [
            "goals/2026-Q3/alice.yaml": "subject: \"alice\"\nquarter: \"2026-Q3\"\ngoals:\n  - metric: nps\n    target: 40\n",
            "goals/2026-Q3/bob.yaml": "subject: Bob\nquarter: 2026-Q4\ngoals:\n  - metric: nps\n    target: 40\n",
            "records/2026-Q3/carol.yaml": "subject: carol\nquarter: Q3\nrecords:\n  - date: 2026-07-01\n    metric: nps\n    value: 3\n",
            "reviews/2026-Q3/dave.yaml": "subject:\n  - dave\nquarter:\n  q: 1\nreviewer: bob\n",
            "reviews/2026-Q3/erin.yaml": "subject: alice\nquarter: 2026-Q3 \nreviewer: bob\n",
            "reviews/2026-Q3/frank.yaml": "subject: frank\nreviewer: bob\n",
        ]
        for p in ["carol", "dave", "erin", "frank"] { files["people/\(p).yaml"] = "name: \(p)\n" }
        let ledger = load(files)
        XCTAssertEqual(ledger.diagnostics.map(\.description), [
            "goals/2026-Q3/bob.yaml:1:10: error: subject id 'Bob' is not allowed: use lower_snake_case (a–z, digits and _, starting with a letter, at most 64 characters)",
            "goals/2026-Q3/bob.yaml:2:10: error: quarter 2026-Q4 does not match the folder 2026-Q3",
            "records/2026-Q3/carol.yaml:2:10: error: 'Q3' is not a quarter; write quarters like 2026-Q3",
            "reviews/2026-Q3/dave.yaml:2:3: error: 'subject' should be a single value, not a list",
            "reviews/2026-Q3/dave.yaml:4:3: error: 'quarter' should be a single value, not a group of keys",
            "reviews/2026-Q3/erin.yaml:1:10: error: subject 'alice' does not match the file name erin.yaml",
            "reviews/2026-Q3/frank.yaml:1:1: error: a review needs 'quarter'",
        ])
        let key = SheetKey(subject: "alice", quarter: Quarter("2026-Q3")!)
        XCTAssertEqual(ledger.goalSheets[key]?.subjectRef.line, 1)
        XCTAssertEqual(ledger.goalSheets[key]?.goals.count, 1)
    }
    /// A sheet's folder names its quarter: `YYYY-QN`, read from its seven bytes.
    func testAQuarterIsReadFromItsSevenBytes() {
        XCTAssertEqual(["2026-Q1", "2026-Q4", "1000-Q2", "9999-Q3"].map { Quarter($0).map { "\($0.year) \($0.number)" } },
                       ["2026 1", "2026 4", "1000 2", "9999 3"])
        for text in ["2026-Q0", "2026-Q5", "2026Q1", "2026-q1", "226-Q1", "20260-Q1", "2026-Q1 ", " 2026-Q1", "0999-Q1", "2O26-Q1",
                     "２０２６-Q1", "2026-Q١", "", "Q1", "2026-Q1x"] {
            XCTAssertNil(Quarter(text), text)
        }
    }
    /// A file's keys are matched to its shape's names by length first when plain: quoted keys,
    /// keys of a name's length and of none are matched and reported as before.
    func testKeysAreMatchedToTheShapesNames() {
        let ledger = load(["people/carol.yaml": "\"name\": Carol\nteam: product\nmanagr: bob\n'manager': bob\n"])
        XCTAssertEqual(ledger.diagnostics.map(\.description),
                       ["people/carol.yaml:3:1: error: unknown key 'managr' in a person; did you mean 'manager'?"])
        XCTAssertEqual(ledger.people["carol"]?.name, "Carol")
        XCTAssertEqual(ledger.people["carol"]?.manager?.value, "bob")
        XCTAssertEqual(ledger.people["carol"]?.team?.value, "product")
    }
}
