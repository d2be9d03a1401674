import Foundation
import XCTest

/// `kpi serve` as people and tools outside Swift meet it: a real browser (Debian's chromium
/// through chromium-driver and Selenium) recording an actual through the form, and
/// schemathesis fuzzing the JSON API against docs/openapi.yaml.
final class ServeBrowserTests: XCTestCase {
    /// The repository's root (this file is Tests/KPICLITests/ServeBrowserTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Python and its tools run with this machine's own environment (pyenv, HOME).
    func tool(_ s: Sandbox, _ exe: String, _ args: [String]) throws -> Sandbox.Run {
        try s.run(exe, args, env: ProcessInfo.processInfo.environment)
    }

    func requireTool(_ s: Sandbox, _ check: [String], _ install: String) throws {
        guard (try? tool(s, "/usr/bin/env", check))?.status == 0 else {
            if ProcessInfo.processInfo.environment["CI"] != nil {
                XCTFail("\(check.joined(separator: " ")) failed, and CI is set: CI must install \(install) (see .ci/run)")
                throw ServeFailed(message: "missing \(install)")
            }
            throw XCTSkip("\(install) is not installed")
        }
    }

    func testABrowserRecordsAnActualThroughTheForm() throws {
        let s = try ServeAPITests.scenario()
        try requireTool(s, ["python3", "-c", "import selenium"], "selenium (pip) with chromium and chromium-driver")
        guard ReportTests.chromium() != nil, FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") else {
            if ProcessInfo.processInfo.environment["CI"] != nil { return XCTFail("CI must install chromium and chromium-driver (see .ci/run)") }
            throw XCTSkip("chromium or chromium-driver is not installed")
        }
        let server = try ServeProcess(s, env: ServeAPITests.serverEnv)
        let tip = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let script = Self.root.appendingPathComponent("Tests/web/serve_browser.py").path
        let r = try tool(s, "/usr/bin/env", ["python3", script, server.url, s.dir.path, "Alice Chen", "retention", "45%", "2026-08-20"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let seen = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout + r.stderr)
        XCTAssertEqual(seen["scoreboard_title"] as? String, "Scoreboard 2026-Q3 — Test Co")
        XCTAssertEqual(seen["person_url"] as? String, server.url + "subjects/alice?quarter=2026-Q3")
        XCTAssertEqual(seen["score_before"] as? String, "56")
        XCTAssertEqual(seen["score_after"] as? String, "92")
        XCTAssertEqual(seen["done"] as? String, "Committed: record: alice retention 45% on 2026-08-20")
        XCTAssertEqual(seen["changed_notice_hidden"] as? Bool, true)
        XCTAssertEqual(try s.git("log", "--format=%an <%ae>|%s", "\(tip)..HEAD"),
                       "Bob Manager <bob@example.com>|record: alice retention 45% on 2026-08-20\n",
                       "one commit, by the git identity of whoever started the server")
        XCTAssertTrue(try s.read("records/2026-Q3/alice.yaml").contains("    note: recorded in the browser\n"))
        for shot in ["scoreboard.png", "person.png"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: s.dir.appendingPathComponent(shot).path)
            XCTAssertGreaterThan(attributes[.size] as? Int ?? 0, 10_000, shot)
        }
        if let keep = ProcessInfo.processInfo.environment["KPI_SCREENSHOTS"] {
            for shot in ["scoreboard.png", "person.png"] {
                try? FileManager.default.removeItem(atPath: keep + "/serve-" + shot)
                try FileManager.default.copyItem(atPath: s.dir.appendingPathComponent(shot).path, toPath: keep + "/serve-" + shot)
            }
        }
    }

    func testSchemathesisFindsNoServerErrorAndNoSchemaMismatch() throws {
        let s = try ServeAPITests.scenario()
        try requireTool(s, ["python3", "-c", "import schemathesis"], "schemathesis (pip)")
        let server = try ServeProcess(s, env: ServeAPITests.serverEnv)
        let r = try tool(s, Self.root.appendingPathComponent("Tests/web/serve_schemathesis.sh").path,
                         [Self.root.appendingPathComponent("docs/openapi.yaml").path, String(server.url.dropLast())])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains(" passed"), r.stdout)
        XCTAssertFalse(r.stdout.contains(" failed"), r.stdout)
        // The fuzzer's accepted records went through the recorder: the ledger is still valid.
        XCTAssertEqual(try s.kpi("check").status, 0)
    }
}
