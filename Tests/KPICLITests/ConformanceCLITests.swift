import XCTest

/// `kpi check FILE` on every case of the official YAML test suite, outside any ledger: it
/// never crashes or hangs, and every case the suite calls invalid exits 1 with a located error.
final class ConformanceCLITests: XCTestCase {
    static var suite: URL {
        if let env = ProcessInfo.processInfo.environment["YAML_TEST_SUITE"] { return URL(fileURLWithPath: env) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/yaml-test-suite")
    }

    func testKpiCheckOnEverySuiteCase() throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: Self.suite.path) else {
            throw XCTSkip("yaml-test-suite not found at \(Self.suite.path); set YAML_TEST_SUITE to run this test")
        }
        var cases: [URL] = []
        let walker = fm.enumerator(at: Self.suite, includingPropertiesForKeys: nil)!
        for case let url as URL in walker where url.lastPathComponent == "in.yaml" { cases.append(url.deletingLastPathComponent()) }
        cases.sort { $0.path < $1.path }
        XCTAssertEqual(cases.count, 402)
        let s = try Sandbox()
        // Many files per run keeps the test quick; each file's own line must be right.
        var invalid = 0
        for batch in stride(from: 0, to: cases.count, by: 50) {
            let group = Array(cases[batch..<min(batch + 50, cases.count)])
            let paths = group.map { $0.appendingPathComponent("in.yaml").path }
            let r = try s.run(Sandbox.kpiBinary.path, ["check"] + paths)
            XCTAssertTrue(r.status == 0 || r.status == 1, "kpi check crashed (status \(r.status)) on one of \(paths.first!)…\n\(r.stderr)")
            let lines = r.stdout.split(separator: "\n").map(String.init)
            for (dir, path) in zip(group, paths) where fm.fileExists(atPath: dir.appendingPathComponent("error").path) {
                invalid += 1
                let mine = lines.filter { $0.hasPrefix(path + ":") && $0.contains(": error: ") }
                XCTAssertEqual(mine.count, 1, "\(path) is invalid YAML but kpi check did not refuse it")
                guard let first = mine.first else { continue }
                let parts = first.dropFirst(path.count + 1).split(separator: ":", maxSplits: 2)
                let text = try String(contentsOf: dir.appendingPathComponent("in.yaml"), encoding: .utf8)
                let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
                guard parts.count >= 2, let line = Int(parts[0]), let column = Int(parts[1]) else {
                    XCTFail("no line:column in \(first)"); continue
                }
                XCTAssertTrue((1...max(1, lineCount)).contains(line) && column >= 1, "\(first) points outside the file")
            }
        }
        XCTAssertEqual(invalid, 94)
    }
}
