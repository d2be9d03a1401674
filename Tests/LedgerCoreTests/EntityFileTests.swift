import LedgerFormat
import XCTest
@testable import LedgerCore

/// A person's or team's file read straight from its bytes (`RecordDecoder.entity(of:…)`, no
/// document) gives the person or team the general path (parse, then `readPerson` or `readTeam`)
/// makes, and a load with it (`load(files:)`) every message a load keeping documents gives
/// (`extend`, which never takes that path): over generated files of the usual shape and their
/// random edits (other keys, comments, blank lines, quotes, CR LF, ids that are none, an email
/// without its `@` or not of ASCII, a key twice, a byte changed anywhere).
final class EntityFileTests: XCTestCase {
    typealias Rng = RecordsFileTests.Rng

    /// Everything a person is, spelt out.
    func spelt(_ p: Person?) -> String {
        guard let p else { return "none" }
        return "\(p.id) \(p.name) \(p.email as Any) \(p.manager.map { "\($0.value) \($0.ref)" } as Any)"
            + " \(p.team.map { "\($0.value) \($0.ref)" } as Any) \(p.level as Any)"
            + " \(p.scorecard.map { "\($0.value) \($0.ref)" } as Any) \(p.signingKeys.count) \(p.ref)"
    }

    func spelt(_ t: Team?) -> String {
        guard let t else { return "none" }
        return "\(t.id) \(t.name) \(t.lead.map { "\($0.value) \($0.ref)" } as Any)"
            + " \(t.parent.map { "\($0.value) \($0.ref)" } as Any) \(t.scorecard.map { "\($0.value) \($0.ref)" } as Any) \(t.ref)"
    }

    func generated(person: Bool, _ rng: inout Rng) -> String {
        var lines: [String]
        if person {
            lines = ["name: \(rng.next(10) != 0 ? "Carol Jones" : rng.pick(["Carol", "名前", "\"Carol\"", "a: b", "x #y"]))"]
            if rng.next(3) != 0 { lines.append("email: \(rng.next(8) != 0 ? "carol@example.com" : rng.pick(["carol.example.com", "é@example.com", "c@", "'c@x'"]))") }
            if rng.next(4) != 0 { lines.append("team: \(rng.next(10) != 0 ? "product" : rng.pick(["Product", "pro duct", "9x", "sales"]))") }
            if rng.next(3) != 0 { lines.append("manager: \(rng.next(10) != 0 ? "bob" : rng.pick(["Bob", "b-b", "nobody"]))") }
            if rng.next(5) == 0 { lines.append("level: \(rng.pick(["L3", "senior", "3"]))") }
        } else {
            lines = ["name: \(rng.next(10) != 0 ? "Sales" : rng.pick(["\"Sales\"", "a: b", "日本"]))"]
            if rng.next(4) != 0 { lines.append("lead: \(rng.next(10) != 0 ? "bob" : rng.pick(["Bob", "b-b", "nobody"]))") }
            if rng.next(3) == 0 { lines.append("parent: \(rng.next(10) != 0 ? "product" : rng.pick(["Product", "x y", "sales"]))") }
        }
        if rng.next(8) == 0 { lines.append("scorecard: \(rng.pick(["pm", "PM", "none"]))") }
        if rng.next(20) == 0 { lines.append(rng.pick(["names:\n  zh: 名字", "description: x", "# a comment", "", "signing_keys:", "  - x"])) }
        if rng.next(15) == 0 { lines.removeFirst() }
        if rng.next(4) == 0 { lines.shuffle(using: &rng) }
        if rng.next(25) == 0, let f = lines.last { lines.append(f) }
        return RecordsFileTests.edited(lines, &rng)
    }

    func compare(person: Bool, rounds: Int, seed: UInt64) throws {
        var rng = Rng(state: seed)
        var readDirectly = 0, declined = 0
        let path = person ? "people/carol.yaml" : "teams/sales.yaml"
        let lp = LedgerPath(kind: person ? .person : .team, id: person ? "carol" : "sales", quarter: nil)
        for round in 0..<rounds {
            let text = generated(person: person, &rng)
            let files = [path: text, "scorecards/pm.yaml": "name: PM\n"]
            let general = loadKeepingDocuments(files)
            let loaded = load(files)
            let file = Int32(try XCTUnwrap(general.paths.firstIndex(of: path)))
            XCTAssertEqual(loaded.paths, general.paths)
            XCTAssertEqual(loaded.diagnostics, general.diagnostics, "round \(round):\n\(text)")
            XCTAssertEqual(loaded.broken, general.broken, "round \(round):\n\(text)")
            let expected = person ? spelt(general.people[lp.id]) : spelt(general.teams[lp.id])
            XCTAssertEqual(person ? spelt(loaded.people[lp.id]) : spelt(loaded.teams[lp.id]), expected, "round \(round):\n\(text)")
            switch RecordDecoder(catalog: general.metrics).entity(of: Array(text.utf8), lp, file: file) {
            case .person(let p)?:
                readDirectly += 1
                XCTAssertEqual(spelt(p), expected, "round \(round):\n\(text)")
            case .team(let t)?:
                readDirectly += 1
                XCTAssertEqual(spelt(t), expected, "round \(round):\n\(text)")
            case nil:
                declined += 1
            default:
                XCTFail("round \(round): not a person or team")
            }
        }
        XCTAssertGreaterThan(readDirectly, rounds / 5, "\(readDirectly) read from their bytes, \(declined) declined")
        XCTAssertGreaterThan(declined, rounds / 5, "\(readDirectly) read from their bytes, \(declined) declined")
    }

    func testThePersonReadFromItsBytesIsTheGeneralPathsAndSoIsEveryMessage() throws {
        try compare(person: true, rounds: 800, seed: 0x9e_0b1e)
    }

    func testTheTeamReadFromItsBytesIsTheGeneralPathsAndSoIsEveryMessage() throws {
        try compare(person: false, rounds: 600, seed: 0x7e_a45)
    }

    func testAUsualPersonIsReadWithItsPlaces() throws {
        let text = "name: Carol Jones\nemail: carol@example.com\nteam: product\nmanager: bob\n"
        let lp = LedgerPath(kind: .person, id: "carol", quarter: nil)
        guard case .person(let p)? = RecordDecoder(catalog: [:]).entity(of: Array(text.utf8), lp, file: 3) else {
            return XCTFail("not read from its bytes")
        }
        XCTAssertEqual(p.name, "Carol Jones")
        XCTAssertEqual(p.email, "carol@example.com")
        XCTAssertEqual(p.team?.value, "product")
        XCTAssertEqual(p.team?.ref, SourceRef(file: 3, line: 3, column: 7))
        XCTAssertEqual(p.manager?.ref, SourceRef(file: 3, line: 4, column: 10))
        XCTAssertEqual(p.ref, SourceRef(file: 3, line: 1, column: 1))
        // An email without its `@`, a name not given, a comment: the general path's.
        for other in [text.replacingOccurrences(of: "@", with: "."), text.replacingOccurrences(of: "name: Carol Jones\n", with: ""),
                      text + "# end\n"] {
            XCTAssertNil(RecordDecoder(catalog: [:]).entity(of: Array(other.utf8), lp, file: 3))
        }
    }
}
