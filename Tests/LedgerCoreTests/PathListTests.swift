import XCTest
@testable import LedgerCore

/// `PathList` holds a load's paths packed (docs/architecture.md, "Memory"): each path must come
/// back as the same string, and its order must be `String`'s, which the loader's messages and
/// the parsed-file cache follow.
final class PathListTests: XCTestCase {
    let samples = ["ledger.yaml", "", "people/zoë.yaml", "people/zoe\u{301}.yaml", "people/Zed.yaml", "people/zoe.yaml",
                   "records/2026-Q1/p000001.yaml", "goals/2026-Q1-old.yaml", "goals/2026-Q1/p1.yaml", "goals/2026-Q1.yaml",
                   "people/名字.yaml", "people/a", "people/a/b", "people/a-b", "people/a.yaml", "people/a.yaml",
                   "a//b", "/x", "x/", "/", "goals/2026-Q1/p2.yaml", "goals/2026-Q2/p2.yaml", "goals/2026-Q1/p3.yaml",
                   "people/p3.yaml"]

    func testEachPathComesBackAsTheSameString() {
        var list = PathList()
        for p in samples { list.append(p) }
        XCTAssertEqual(list.count, samples.count)
        XCTAssertEqual(Array(list), samples)
        for (i, p) in samples.enumerated() {
            XCTAssertEqual(list.withUTF8(i) { Array($0) }, Array(p.utf8))
        }
        XCTAssertEqual(PathList(samples), list)
        XCTAssertEqual(list.firstIndex(of: "people/Zed.yaml"), 4)
        let literal: PathList = ["a", "bé"]
        XCTAssertEqual(Array(literal), ["a", "bé"])
        XCTAssertNotEqual(literal, ["a", "be"])
    }

    func testJoinedListsKeepEveryPath() {
        var first = PathList(samples.prefix(5)), second = PathList(samples.dropFirst(5))
        first += second
        XCTAssertEqual(Array(first), samples)
        second += PathList()
        XCTAssertEqual(Array(second), Array(samples.dropFirst(5)))
        var empty = PathList()
        empty += PathList(samples)
        XCTAssertEqual(Array(empty), samples)
    }

    func testInOrderIsStringsOrder() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = ["a", "b", "B", "/", "-", ".", "é", "e\u{301}", "ë", "1", "名"]
        for round in 0..<200 {
            var paths = (0..<(round % 20)).map { _ in
                (0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            }
            if round % 3 == 0 { paths += samples }
            paths.shuffle(using: &generator)
            XCTAssertEqual(Array(PathList(paths).inOrder()), paths.sorted(), "\(paths)")
        }
        let sorted = PathList(samples.sorted())
        XCTAssertEqual(sorted.inOrder(), sorted)
    }
}
