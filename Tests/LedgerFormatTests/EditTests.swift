import XCTest
@testable import LedgerFormat

final class EditTests: XCTestCase {
    static let goals = """
    # goals/2026-Q3/alice.yaml
    subject: alice
    quarter: 2026-Q3

    goals:
      - metric: retention   # the main one
        baseline: 40%
        target: 45%         # agreed with bob
        weight: 30

      # second goal
      - metric: nps
        target: 50
    bonus:
      - points: 2
        reason: Shipped early
        # note about the bonus
    """ + "\n"

    func apply(_ doc: LedgerDocument, _ edits: [TextEdit]) -> (String, LedgerDocument) {
        let out = doc.applying(edits)
        let text = String(decoding: out, as: UTF8.self)
        do {
            return (text, try LedgerParser.parse(out, path: doc.path))
        } catch {
            XCTFail("edit produced a file we refuse: \(error)\n\(text)")
            return (text, doc)
        }
    }

    func diffLines(_ a: String, _ b: String) -> [String] {
        let x = a.components(separatedBy: "\n"), y = b.components(separatedBy: "\n")
        guard x.count == y.count else { return ["line counts differ: \(x.count) vs \(y.count)"] }
        return zip(x, y).filter { $0 != $1 }.map { "\($0.0) -> \($0.1)" }
    }

    func testChangingATargetIsAOneLineDiff() throws {
        let doc = try XCTUnwrap(parse(Self.goals))
        let goals = doc.items(doc.value(forKey: "goals", in: doc.root!)!)
        let target = try XCTUnwrap(doc.value(forKey: "target", in: goals[0]))
        let (text, back) = apply(doc, [doc.replaceScalar(target, with: "47.5%")])
        XCTAssertEqual(diffLines(Self.goals, text), ["    target: 45%         # agreed with bob ->     target: 47.5%         # agreed with bob"])
        XCTAssertEqual(back.string(back.value(forKey: "target", in: back.items(back.value(forKey: "goals", in: back.root!)!)[0])!), "47.5%")
        // Values YAML would misread are quoted; everything else on the line stays.
        let (t2, _) = apply(doc, [doc.replaceScalar(target, with: "a: b # c")])
        XCTAssertEqual(diffLines(Self.goals, t2), ["    target: 45%         # agreed with bob ->     target: \"a: b # c\"         # agreed with bob"])
    }

    func testReplaceWithBlockTextKeepsComment() throws {
        let doc = try XCTUnwrap(parse(Self.goals))
        let target = doc.value(forKey: "target", in: doc.items(doc.value(forKey: "goals", in: doc.root!)!)[0])!
        let (text, back) = apply(doc, [doc.replaceScalar(target, with: "line one\nline two\n")])
        XCTAssertTrue(text.contains("    target: |         # agreed with bob\n      line one\n      line two\n    weight: 30\n"), text)
        let g0 = back.items(back.value(forKey: "goals", in: back.root!)!)[0]
        XCTAssertEqual(back.string(back.value(forKey: "target", in: g0)!), "line one\nline two\n")
        XCTAssertEqual(back.string(back.value(forKey: "weight", in: g0)!), "30")
    }

    func testAppendItemAndInsertEntry() throws {
        let doc = try XCTUnwrap(parse(Self.goals))
        let root = doc.root!
        let goals = doc.value(forKey: "goals", in: root)!
        let bonus = doc.value(forKey: "bonus", in: root)!
        let newGoal = YAMLValue.map([("metric", S("revenue")), ("target", S("50万"))])
        let e1 = doc.appendItem(to: goals, newGoal)
        let e2 = doc.appendItem(to: bonus, .map([("points", S("1")), ("reason", S("no"))]))
        let e3 = doc.insertEntry(into: root, key: "scorecard", value: S("pm_mid"), after: doc.entries(root)[1].key)
        let (text, back) = apply(doc, [e2, e1, e3]) // any order
        XCTAssertEqual(text, """
        # goals/2026-Q3/alice.yaml
        subject: alice
        quarter: 2026-Q3
        scorecard: pm_mid

        goals:
          - metric: retention   # the main one
            baseline: 40%
            target: 45%         # agreed with bob
            weight: 30

          # second goal
          - metric: nps
            target: 50
          - metric: revenue
            target: 50万
        bonus:
          - points: 2
            reason: Shipped early
            # note about the bonus
          - points: 1
            reason: "no"

        """)
        XCTAssertEqual(back.count(back.value(forKey: "goals", in: back.root!)!), 3)
    }

    func testIndentlessSequenceAndEmptyValue() throws {
        let t = "records:\n- date: 2026-07-01\n  value: 1\nnotes:\nlast: x"
        let doc = try XCTUnwrap(parse(t))
        let recs = doc.value(forKey: "records", in: doc.root!)!
        let notes = doc.value(forKey: "notes", in: doc.root!)!
        let (text, back) = apply(doc, [
            doc.appendItem(to: recs, .map([("date", S("2026-07-02")), ("value", S("2"))])),
            doc.appendItem(to: notes, S("first")),
            doc.insertEntry(into: doc.root!, key: "end", value: .sequence([S("a")])),
        ])
        XCTAssertEqual(text, "records:\n- date: 2026-07-01\n  value: 1\n- date: 2026-07-02\n  value: 2\nnotes:\n  - first\nlast: x\nend:\n  - a\n")
        XCTAssertEqual(back.value(back.root!)["notes"], .sequence([S("first")]))
    }

    func testRemoveEntryAndItem() throws {
        let doc = try XCTUnwrap(parse(Self.goals))
        let root = doc.root!
        let goals = doc.value(forKey: "goals", in: root)!
        let g0 = doc.items(goals)[0]
        let baseline = doc.entries(g0)[1].key
        let quarter = doc.entries(root)[1].key
        let (text, back) = apply(doc, [doc.removeEntry(baseline, in: g0), doc.removeItem(doc.items(goals)[1], in: goals),
                                       doc.removeEntry(quarter, in: root)])
        XCTAssertEqual(text, """
        # goals/2026-Q3/alice.yaml
        subject: alice

        goals:
          - metric: retention   # the main one
            target: 45%         # agreed with bob
            weight: 30

          # second goal
        bonus:
          - points: 2
            reason: Shipped early
            # note about the bonus

        """)
        XCTAssertEqual(back.count(back.root!), 3)
        // Removing the first key of `- key: value` keeps the item.
        let (t2, _) = apply(doc, [doc.removeEntry(doc.entries(g0)[0].key, in: g0)])
        XCTAssertTrue(t2.contains("  - baseline: 40%\n    target: 45%"), t2)
    }

    func testCRLFStaysCRLF() throws {
        let t = "a: 1\r\nlist:\r\n  - x\r\n"
        let doc = try XCTUnwrap(parse(t))
        XCTAssertEqual(doc.lineEnding, "\r\n")
        let (text, _) = apply(doc, [
            doc.appendItem(to: doc.value(forKey: "list", in: doc.root!)!, .map([("k", S("v")), ("m", S("multi\nline\n"))])),
            doc.replaceScalar(doc.value(forKey: "a", in: doc.root!)!, with: "two\nlines\n"),
        ])
        XCTAssertEqual(text, "a: |\r\n  two\r\n  lines\r\nlist:\r\n  - x\r\n  - k: v\r\n    m: |\r\n      multi\r\n      line\r\n")
    }

    func testEditsAtEndOfFileWithoutLineBreak() throws {
        let doc = try XCTUnwrap(parse("list:\n  - x"))
        let (text, _) = apply(doc, [doc.appendItem(to: doc.value(forKey: "list", in: doc.root!)!, S("z"))])
        XCTAssertEqual(text, "list:\n  - x\n  - z\n")
        let doc2 = try XCTUnwrap(parse("a: x"))
        let (t2, back) = apply(doc2, [doc2.replaceScalar(doc2.value(forKey: "a", in: doc2.root!)!, with: "p\nq\n")])
        XCTAssertEqual(t2, "a: |\n  p\n  q\n")
        XCTAssertEqual(back.value(back.root!), .map([("a", S("p\nq\n"))]))
    }
}
