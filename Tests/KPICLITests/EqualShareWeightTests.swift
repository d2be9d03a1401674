import Foundation
import XCTest

/// Default equal shares that have no end (100 / 3) are shown to 4 places in JSON, as actuals and
/// attainments are, not as a binary fraction's digits (33.333333333333336).
final class EqualShareWeightTests: XCTestCase {
    func testThreeEqualSharesShowFourPlaces() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.write("goals/2026-Q2/alice.yaml", """
            subject: alice
            quarter: 2026-Q2
            goals:
              - metric: nps
                target: 40
              - metric: retention
                target: 50%
              - metric: conversion_rate
                target: 3%

            """)
        try s.kpi("commit", "-m", "Alice's Q2 goals")
        let json = try s.kpi("score", "alice", "--quarter", "2026-Q2", "--format", "json", status: 0).stdout
        XCTAssertTrue(json.contains("\"weight\": 33.3333,"), json)
        XCTAssertFalse(json.contains("33.33333333"), json)
    }
}
