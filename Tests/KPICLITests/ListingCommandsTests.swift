import Foundation
import XCTest

/// `kpi metrics`, `kpi people`, `kpi teams` and `kpi goals` on the example ledger (copied into
/// the sandbox): the text tables and the JSON, exact.
final class ListingCommandsTests: XCTestCase {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("ledger-example")

    func exampleLedger(_ s: Sandbox) throws -> String {
        let copy = s.dir.appendingPathComponent("example").path
        try FileManager.default.copyItem(atPath: Self.example.path, toPath: copy)
        return copy
    }

    func json(_ text: String) throws -> [[String: Any]] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    func testPeopleAndTeams() throws {
        let s = try Sandbox()
        let ledger = try exampleLedger(s)
        XCTAssertEqual(try s.kpi("people", cwd: ledger).stdout, """
            ID     NAME               EMAIL                     MANAGER  TEAM       LEVEL     SCORECARD
            alice  陈爱丽 Alice Chen  alice@northwind.example   dana     product    mid       pm_mid
            dana   Dana Wu            dana@northwind.example    grace    product    director  product_department
            grace  Grace Liu          grace@northwind.example                       ceo
            li     李伟 Li Wei        li.wei@northwind.example  dana     product    senior    pm_senior
            marco  Marco Rossi        marco@northwind.example   grace    marketing  director  marketing_department
            mei    林美 Mei Lin       mei@northwind.example     marco    marketing  mid       marketing_department
            tom    张涛 Tom Zhang     tom@northwind.example     li       product    junior    pm_junior

            """)
        XCTAssertEqual(try s.kpi("teams", cwd: ledger).stdout, """
            ID         NAME              LEAD   PARENT  SCORECARD             MEMBERS
            marketing  Marketing 市场部  marco          marketing_department  marco, mei
            product    Product 产品部    dana           product_department    alice, dana, li, tom

            """)
        XCTAssertEqual(try s.kpi("teams", "--format", "json", cwd: ledger).stdout, """
            [
              {
                "id": "marketing",
                "name": "Marketing 市场部",
                "lead": "marco",
                "parent": null,
                "scorecard": "marketing_department",
                "members": [
                  "marco",
                  "mei"
                ]
              },
              {
                "id": "product",
                "name": "Product 产品部",
                "lead": "dana",
                "parent": null,
                "scorecard": "product_department",
                "members": [
                  "alice",
                  "dana",
                  "li",
                  "tom"
                ]
              }
            ]

            """)
        let people = try json(try s.kpi("people", "--format", "json", cwd: ledger).stdout)
        XCTAssertEqual(people.map { $0["id"] as? String }, ["alice", "dana", "grace", "li", "marco", "mei", "tom"])
        XCTAssertEqual(people[0] as NSDictionary, ["id": "alice", "name": "陈爱丽 Alice Chen", "email": "alice@northwind.example", "manager": "dana",
                                                   "team": "product", "level": "mid", "scorecard": "pm_mid"] as NSDictionary)
        XCTAssertEqual(people[2] as NSDictionary, ["id": "grace", "name": "Grace Liu", "email": "grace@northwind.example", "manager": NSNull(),
                                                   "team": NSNull(), "level": "ceo", "scorecard": NSNull()] as NSDictionary)
    }

    func testGoalsOfASubject() throws {
        let s = try Sandbox()
        let ledger = try exampleLedger(s)
        XCTAssertEqual(try s.kpi("goals", "alice", "--quarter", "2026-Q3", cwd: ledger).stdout, """
            QUARTER  METRIC            BASELINE  TARGET  WEIGHT  METHOD  CORE
            2026-Q3  retention              44%     45%      40          core
            2026-Q3  conversion_rate               3.5%      25          core
            2026-Q3  on_time_delivery               90%      20          core
            2026-Q3  nps                     31      35       5
            2026-Q3  collaboration                    4      10

            """)
        let all = try s.kpi("goals", "alice", cwd: ledger).stdout.split(separator: "\n")
        XCTAssertEqual(all.count, 1 + 4 * 5)
        XCTAssertEqual(all[1], "2026-Q1  retention              36%     40%      40          core")
        XCTAssertEqual(all[20], "2026-Q4  collaboration                    4      10")
        let goals = try json(try s.kpi("goals", "alice", "--quarter", "2026-Q3", "--format", "json", cwd: ledger).stdout)
        XCTAssertEqual(goals.count, 5)
        XCTAssertEqual(goals[0] as NSDictionary, ["quarter": "2026-Q3", "subject": "alice", "metric": "retention", "baseline": "44%", "target": "45%",
                                                  "weight": 40, "method": NSNull(), "core": true, "path": "goals/2026-Q3/alice.yaml"] as NSDictionary)
        XCTAssertEqual(goals[3]["baseline"] as? String, "31")
        XCTAssertEqual(goals[4]["core"] as? Bool, false)
        XCTAssertEqual(try s.kpi("goals", "grace", "--quarter", "2026-Q3", cwd: ledger).stdout, "No goals for grace in 2026-Q3.\n")
        XCTAssertEqual(try s.kpi("goals", "grace", "--format", "json", cwd: ledger).stdout, "[]\n")
        XCTAssertEqual(try s.kpi("goals", "alcie", status: 1, cwd: ledger).stderr, "kpi: error: unknown subject 'alcie'; did you mean 'alice'? (people/ or teams/ has no such file)\n")
    }

    func testMetricsWithEveryLanguageAndHowEachActualIsMade() throws {
        let s = try Sandbox()
        let ledger = try exampleLedger(s)
        let files = try FileManager.default.contentsOfDirectory(atPath: ledger + "/metrics").filter { $0.hasSuffix(".yaml") }.sorted()
        let text = try s.kpi("metrics", cwd: ledger).stdout
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 1 + files.count)
        func cells(_ line: String) -> [String] { line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        XCTAssertEqual(cells(lines[0]), ["ID", "NAME", "NAME (ZH)", "UNIT", "DIRECTION", "AGGREGATE / FORMULA"])
        XCTAssertEqual(lines.dropFirst().map { cells($0)[0] }, files.map { String($0.dropLast(5)) })
        XCTAssertEqual(cells(try XCTUnwrap(lines.first { $0.hasPrefix("retention ") })), ["retention", "Retention rate", "用户留存率", "percent", "higher", "last"])
        XCTAssertEqual(cells(try XCTUnwrap(lines.first { $0.hasPrefix("ltv_cac ") })), ["ltv_cac", "LTV/CAC", "用户生命周期价值/获客成本", "ratio", "higher", "= ltv / cac"])
        let metrics = try json(try s.kpi("metrics", "--format", "json", cwd: ledger).stdout)
        XCTAssertEqual(metrics.count, files.count)
        XCTAssertEqual(try XCTUnwrap(metrics.first { $0["id"] as? String == "retention" }) as NSDictionary, [
            "id": "retention", "name": "Retention rate", "names": ["zh": "用户留存率"], "dimension": "user_value", "unit": "percent",
            "direction": "higher", "aggregate": "last", "formula": NSNull(), "description": "Share of new users still active after 30 days.",
        ] as NSDictionary)
        XCTAssertEqual(try XCTUnwrap(metrics.first { $0["id"] as? String == "ltv_cac" }) as NSDictionary, [
            "id": "ltv_cac", "name": "LTV/CAC", "names": ["zh": "用户生命周期价值/获客成本"], "dimension": "business", "unit": "ratio",
            "direction": "higher", "aggregate": NSNull(), "formula": "ltv / cac", "description": "Healthy above 3.",
        ] as NSDictionary)
    }
}
