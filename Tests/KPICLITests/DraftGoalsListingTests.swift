import Foundation
import XCTest

/// `kpi goals` lists the goals `kpi suggest --draft` wrote without a target yet, marked as
/// drafts, among the others (docs/review-cycle.md, "Suggestions").
final class DraftGoalsListingTests: XCTestCase {
    func testDraftedGoalsAreListedAsDraftsWithoutATarget() throws {
        let s = try Sandbox()
        try s.makeLedger()
        // A hand-written sheet: one goal with its target, two still drafted (one with a baseline).
        try s.write("goals/2026-Q4/alice.yaml", """
            subject: alice
            quarter: 2026-Q4
            goals:
              - metric: retention
                target:
                weight: 31
                core: true
              - metric: revenue
                target: 100万
                weight: 31
              - metric: conversion_rate
                baseline: 3.7%
                target:
                weight: 38
            """ + "\n")
        try s.kpi("commit", "-m", "alice's draft")
        let text = try s.kpi("goals", "alice").stdout
        XCTAssertEqual(text, """
            QUARTER  METRIC           BASELINE  TARGET  WEIGHT  METHOD  CORE  DRAFT
            2026-Q4  retention                       –      31          core  draft, no target yet
            2026-Q4  revenue                     100万      31
            2026-Q4  conversion_rate      3.7%       –      38                draft, no target yet

            """)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try s.kpi("goals", "alice", "--format", "json").stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(json.map { $0["metric"] as? String }, ["retention", "revenue", "conversion_rate"])
        // Only a drafted goal has the key: ordinary goals read as they always did.
        XCTAssertEqual(json.map { $0["draft"] as? Bool }, [true, nil, true])
        XCTAssertTrue(json[0]["target"] is NSNull)
        XCTAssertEqual(json[1]["target"] as? String, "100万")
        XCTAssertEqual(json[2]["baseline"] as? String, "3.7%")
        XCTAssertEqual(json[2]["weight"] as? NSNumber, 38)
        XCTAssertEqual(json[0]["core"] as? Bool, true)

        // Once the target is set, the goal is an ordinary one.
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q4", "--target", "45%")
        let after = try s.kpi("goals", "alice", "--quarter", "2026-Q4").stdout
        XCTAssertTrue(after.contains("2026-Q4  retention                     45%      31          core\n"), after)
        XCTAssertTrue(after.contains("2026-Q4  conversion_rate      3.7%       –      38                draft, no target yet\n"), after)
    }

    func testASheetOfDraftsOnlyFromSuggestIsListed() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("suggest", "--level", "mid", "--stage", "startup", "--draft", "alice", "--quarter", "2026-Q4")
        // Which KPIs and weights suggest picks is SuggestTests' business: here, every goal the
        // sheet drafts is listed, in the sheet's order, with its weight, as a draft.
        let sheet = try s.read("goals/2026-Q4/alice.yaml").split(separator: "\n").map(String.init)
        let metrics = sheet.filter { $0.hasPrefix("  - metric: ") }.map { String($0.dropFirst("  - metric: ".count)) }
        let weights = sheet.filter { $0.hasPrefix("    weight: ") }.map { String($0.dropFirst("    weight: ".count)) }
        XCTAssertGreaterThanOrEqual(metrics.count, 2)
        XCTAssertEqual(metrics.count, weights.count)
        let rows = try s.kpi("goals", "alice").stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(rows.first, "QUARTER  METRIC              BASELINE  TARGET  WEIGHT  METHOD  CORE  DRAFT")
        XCTAssertEqual(rows.count, 1 + metrics.count, rows.joined(separator: "\n"))
        for (row, (metric, weight)) in zip(rows.dropFirst(), zip(metrics, weights)) {
            let cells = row.split(separator: " ").map(String.init)
            XCTAssertEqual(Array(cells.prefix(4)), ["2026-Q4", metric, "–", weight], row)
            XCTAssertTrue(row.hasSuffix("  draft, no target yet"), row)
        }
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(try s.kpi("goals", "alice", "--format", "json").stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(json.map { $0["metric"] as? String }, metrics)
        XCTAssertTrue(json.allSatisfy { $0["draft"] as? Bool == true && $0["target"] is NSNull })
    }
}
