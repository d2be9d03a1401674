import Foundation
import XCTest
import Yams
@testable import LedgerFormat

/// The caret `‸` marks where a diagnostic must point; it is removed before parsing.
let caret: Character = "‸"

func unmark(_ marked: String) -> (text: String, line: Int, column: Int) {
    guard let i = marked.firstIndex(of: caret) else { return (marked, 0, 0) }
    let before = marked[..<i]
    let line = before.filter { $0 == "\n" || $0 == "\r\n" }.count + 1
    let lastLine = before.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
    let column = lastLine.unicodeScalars.count + 1
    var text = marked
    text.remove(at: i)
    return (text, line, column)
}

func parse(_ s: String, file: StaticString = #filePath, line: UInt = #line) -> LedgerDocument? {
    do {
        return try LedgerParser.parse(Array(s.utf8), path: "t.yaml")
    } catch {
        XCTFail("refused: \(error)", file: file, line: line)
        return nil
    }
}

/// Parses `marked` (with a `‸`), expects a refusal at the caret whose message contains `words`.
@discardableResult
func expectRefusal(_ marked: String, _ words: String, _ category: Diagnostic.Category,
                   file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
    let (text, l, c) = unmark(marked)
    return expectRefusal(bytes: Array(text.utf8), line: l, column: c, words, category, file: file, line: line)
}

@discardableResult
func expectRefusal(bytes: [UInt8], line l: Int, column c: Int, _ words: String, _ category: Diagnostic.Category,
                   file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
    do {
        let doc = try LedgerParser.parse(bytes, path: "t.yaml")
        XCTFail("accepted, expected refusal containing '\(words)'; root: \(doc.root.map { "\(doc.value($0))" } ?? "nil")", file: file, line: line)
        return nil
    } catch {
        XCTAssertEqual(error.path, "t.yaml", file: file, line: line)
        XCTAssertEqual("\(error.line):\(error.column)", "\(l):\(c)", "position of: \(error.message)", file: file, line: line)
        XCTAssertTrue(error.message.contains(words), "message '\(error.message)' lacks '\(words)'", file: file, line: line)
        XCTAssertEqual(error.category, category, error.message, file: file, line: line)
        // The voice of every kpi message: lower case first, no closing full stop.
        XCTAssertFalse(error.message.first?.isUppercase ?? true, "message '\(error.message)' starts with a capital", file: file, line: line)
        XCTAssertFalse(error.message.hasSuffix("."), "message '\(error.message)' ends with a full stop", file: file, line: line)
        return error
    }
}

func data(_ s: String, file: StaticString = #filePath, line: UInt = #line) -> YAMLValue? {
    guard let d = parse(s, file: file, line: line), let r = d.root else { return nil }
    return d.value(r)
}

func S(_ s: String) -> YAMLValue { .scalar(s) }

/// nil when our tree equals Yams' node tree (mapping keys/order, sequence items, scalar text).
func differenceFromYams(_ doc: LedgerDocument, _ yaml: String) -> String? {
    let node: Yams.Node?
    do { node = try Yams.compose(yaml: yaml) } catch { return "Yams refused: \(error)" }
    return compareYams(doc, doc.root, node, path: "$")
}

func compareYams(_ doc: LedgerDocument, _ n: NodeID?, _ y: Yams.Node?, path: String) -> String? {
    guard let n else {
        if y == nil { return nil }
        if case .scalar(let s)? = y, ["", "~", "null"].contains(s.string) { return nil }
        return "\(path): we have no root, Yams has \(String(describing: y))"
    }
    guard let y else { return "\(path): Yams has no node" }
    switch (doc.kind(n), y) {
    case (.scalar, .scalar(let s)):
        return doc.string(n) == s.string ? nil : "\(path): \(doc.string(n).debugDescription) vs Yams \(s.string.debugDescription)"
    case (.sequence, .sequence(let s)):
        let items = doc.items(n)
        if items.count != s.count { return "\(path): \(items.count) items vs Yams \(s.count)" }
        for (i, (a, b)) in zip(items, s).enumerated() {
            if let d = compareYams(doc, a, b, path: "\(path)[\(i)]") { return d }
        }
        return nil
    case (.mapping, .mapping(let m)):
        let es = doc.entries(n)
        let ys = Array(m)
        if es.count != ys.count { return "\(path): \(es.count) entries vs Yams \(ys.count)" }
        for (e, yv) in zip(es, ys) {
            guard case .scalar(let k) = yv.key, k.string == doc.string(e.key) else {
                return "\(path): key \(doc.string(e.key).debugDescription) vs Yams \(yv.key)"
            }
            if let d = compareYams(doc, e.value, yv.value, path: "\(path).\(k.string)") { return d }
        }
        return nil
    case (.scalar, _) where doc.isEmpty(n):
        return "\(path): empty vs Yams \(y)"
    default:
        return "\(path): \(doc.kind(n)) vs Yams \(y)"
    }
}
