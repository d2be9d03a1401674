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

    /// A path of one list is found the same as another list's (git's index against the files
    /// listed) by its folder's and name's bytes, whatever number each list gave the folder.
    func testAPathIsTheSameAsAnotherListsByItsBytes() {
        let a = PathList(samples), b = PathList(samples.reversed())
        for i in samples.indices {
            for j in samples.indices {
                XCTAssertEqual(a.samePath(i, as: b, j), samples[i] == samples.reversed()[j], "\(samples[i]) \(samples.reversed()[j])")
            }
        }
    }

    /// A listing's neighbours share a folder and are compared by their names alone (ASCII by
    /// their bytes, any other as strings): names alike for their first bytes, one the start of
    /// another, and names that are not ASCII, in folders side by side.
    func testNamesOfOneFolderAreComparedAsTheWholePaths() {
        var names = ["p000001.yaml", "p000001.yml", "p00000.yaml", "p0000010.yaml", "p000002.yaml", "P000003.yaml", "a", "a-b", "a.yaml",
                     "zoë.yaml", "zoe\u{301}.yaml", "zoe.yaml", "名字.yaml", "z", ""]
        names += names.map { $0 + "x" }
        var paths: [String] = []
        for folder in ["goals/2026-Q1", "goals/2026-Q1-old", "goals/2026-Q10", "records/2026-Q1", "people", "records"] {
            paths += names.map { folder + "/" + $0 }
        }
        let sorted = paths.sorted()
        XCTAssertEqual(Array(PathList(sorted).inOrder()), sorted)
        for _ in 0..<20 { XCTAssertEqual(Array(PathList(paths.shuffled()).inOrder()), sorted) }
    }
}
