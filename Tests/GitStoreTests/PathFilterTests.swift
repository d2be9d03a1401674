import XCTest
@testable import GitStore

/// `PathFilter` compares paths with its roots byte for byte: on generated roots and paths (of
/// names that are prefixes of one another, empty roots, several roots) it wants the folders and
/// files the string comparison it replaced wanted (`String.hasPrefix`, the same on ASCII), and
/// a name in another Unicode form than a root's is another name, as in git.
final class PathFilterTests: XCTestCase {
    func testWantsWhatTheStringComparisonWanted() {
        var rng = SystemRandomNumberGenerator()
        let names = ["a", "b", "ab", "a.b", "records", "record", "recordsX", "2026-Q1", "x y"]
        func path(_ depth: Int) -> String { (0..<depth).map { _ in names.randomElement(using: &rng)! }.joined(separator: "/") }
        for _ in 0..<2_000 {
            let roots = (0..<Int.random(in: 1...3, using: &rng)).map { _ in path(Int.random(in: 1...3, using: &rng)) }
            let filter = PathFilter(roots)
            for _ in 0..<20 {
                let p = path(Int.random(in: 1...4, using: &rng))
                let folder = roots.contains { r in r == p || p.hasPrefix(r + "/") || r.hasPrefix(p + "/") }
                let file = roots.contains { r in r == p || p.hasPrefix(r + "/") }
                XCTAssertEqual(filter.wantsFolder(p), folder, "\(roots) \(p)")
                XCTAssertEqual(filter.wantsFile(p), file, "\(roots) \(p)")
            }
        }
        let filter = PathFilter(["people", "goals/2026-Q1"])
        for (p, folder, file) in [("people", true, true), ("people/al.yaml", true, true), ("peoplex", false, false), ("peopl", false, false),
                                  ("goals", true, false), ("goals/2026-Q1/al.yaml", true, true), ("goals/2026-Q2", false, false),
                                  ("", false, false), ("go", false, false)] {
            XCTAssertEqual(filter.wantsFolder(p), folder, p)
            XCTAssertEqual(filter.wantsFile(p), file, p)
        }
    }

    func testAnotherUnicodeFormIsAnotherName() {
        let composed = PathFilter(["caf\u{E9}"])
        XCTAssertTrue(composed.wantsFile("caf\u{E9}/a.yaml"))
        XCTAssertFalse(composed.wantsFile("cafe\u{301}/a.yaml"))
        XCTAssertFalse(composed.wantsFolder("cafe\u{301}"))
        XCTAssertTrue(PathFilter(["caf\u{E9}/x"]).wantsFolder("caf\u{E9}"))
    }
}
