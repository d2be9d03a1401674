import Foundation
import XCTest
import Yams
@testable import LedgerFormat

/// GitHub issue 10: run the parser over every case of the official YAML test suite.
/// Suite location: $YAML_TEST_SUITE, else `../shared/yaml-test-suite` next to the package root.
final class ConformanceTests: XCTestCase {
    static func packageRoot() -> URL {
        var dir = URL(fileURLWithPath: "\(#filePath)").resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    static func suiteDirectory() -> URL {
        if let env = ProcessInfo.processInfo.environment["YAML_TEST_SUITE"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return packageRoot().appendingPathComponent("../shared/yaml-test-suite").standardized
    }

    /// Case folders: those holding `in.yaml`, one level down for cases split into `00`, `01`, ...
    static func caseFolders(_ suite: URL) -> [URL] {
        let fm = FileManager.default
        var out: [URL] = []
        let top = ((try? fm.contentsOfDirectory(atPath: suite.path)) ?? []).sorted()
        for name in top where !name.hasPrefix(".") {
            let d = suite.appendingPathComponent(name)
            if fm.fileExists(atPath: d.appendingPathComponent("in.yaml").path) {
                out.append(d)
            } else {
                for sub in ((try? fm.contentsOfDirectory(atPath: d.path)) ?? []).sorted() {
                    let s = d.appendingPathComponent(sub)
                    if fm.fileExists(atPath: s.appendingPathComponent("in.yaml").path) { out.append(s) }
                }
            }
        }
        return out
    }

    func testYAMLTestSuite() throws {
        let suite = Self.suiteDirectory()
        guard FileManager.default.fileExists(atPath: suite.path) else {
            print("yaml-test-suite: not found at \(suite.path); skipping (set YAML_TEST_SUITE)")
            throw XCTSkip("yaml-test-suite not found at \(suite.path)")
        }
        let cases = Self.caseFolders(suite)
        XCTAssertGreaterThan(cases.count, 300)
        var accepted = 0, outside = 0, invalid = 0
        var validRefusedAsInvalid: [String] = []
        var unverified: [String] = []
        for dir in cases {
            let name = dir.path.replacingOccurrences(of: suite.path + "/", with: "")
            let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent("in.yaml")))
            let isError = FileManager.default.fileExists(atPath: dir.appendingPathComponent("error").path)
            let result: Result<LedgerDocument, Diagnostic>
            do { result = .success(try LedgerParser.parse(bytes, path: "in.yaml")) } catch { result = .failure(error) }
            switch result {
            case .failure(let d):
                let lines = bytes.filter { $0 == 0x0A }.count + 1
                XCTAssertTrue(d.line >= 1 && d.line <= lines && d.column >= 1, "\(name): diagnostic outside the file: \(d)")
                XCTAssertFalse(d.message.isEmpty)
                switch d.category {
                case .outsideFormat: outside += 1
                case .invalidYAML:
                    invalid += 1
                    if !isError { validRefusedAsInvalid.append("\(name) \(d)") }
                case .general: XCTFail("\(name): uncategorised refusal \(d)")
                }
            case .success(let doc):
                accepted += 1
                XCTAssertFalse(isError, "\(name): accepted a case the suite says is invalid")
                if isError { continue }
                let jsonURL = dir.appendingPathComponent("in.json")
                if let json = try? Data(contentsOf: jsonURL) {
                    var reader = JSONReader(bytes: [UInt8](json))
                    guard let docs = reader.readAll() else { XCTFail("\(name): cannot read in.json"); continue }
                    if docs.isEmpty {
                        XCTAssertNil(doc.root, "\(name): expected no document")
                    } else if docs.count > 1 {
                        XCTFail("\(name): accepted, but the case has \(docs.count) documents")
                    } else if let diff = compareJSON(doc, doc.root, docs[0], path: "$") {
                        XCTFail("\(name): data differs from in.json: \(diff)")
                    }
                } else {
                    // No JSON form (e.g. complex keys): use Yams as the oracle.
                    let text = String(decoding: bytes, as: UTF8.self)
                    if let diff = differenceFromYams(doc, text) { unverified.append("\(name): \(diff)") }
                }
            }
        }
        print("yaml-test-suite: \(cases.count) cases, \(accepted) accepted, \(outside) refused as outside the format, \(invalid) refused as invalid")
        if !validRefusedAsInvalid.isEmpty {
            print("valid cases refused as invalid YAML (\(validRefusedAsInvalid.count)):\n  " + validRefusedAsInvalid.joined(separator: "\n  "))
        }
        for u in unverified { XCTFail("accepted case without in.json differs from Yams: \(u)") }
    }
}

// MARK: - JSON comparison under the YAML 1.2 core schema

indirect enum JSON {
    case null, bool(Bool), number(Double), string(String), array([JSON]), object([(String, JSON)])
}

func coreSchemaNull(_ s: String) -> Bool { ["", "~", "null", "Null", "NULL"].contains(s) }
func coreSchemaBool(_ s: String) -> Bool? {
    if ["true", "True", "TRUE"].contains(s) { return true }
    if ["false", "False", "FALSE"].contains(s) { return false }
    return nil
}
func coreSchemaNumber(_ s: String) -> Double? {
    let u = Array(s.utf8)
    func digits(_ x: ArraySlice<UInt8>, _ ok: (UInt8) -> Bool) -> Bool { !x.isEmpty && x.allSatisfy(ok) }
    let dec: (UInt8) -> Bool = { $0 >= 0x30 && $0 <= 0x39 }
    if s.hasPrefix("0o"), digits(u[2...], { $0 >= 0x30 && $0 <= 0x37 }) { return Double(Int(s.dropFirst(2), radix: 8) ?? 0) }
    if s.hasPrefix("0x"), digits(u[2...], { dec($0) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) }) {
        return Double(Int(s.dropFirst(2), radix: 16) ?? 0)
    }
    var i = 0
    if i < u.count && (u[i] == 0x2B || u[i] == 0x2D) { i += 1 }
    let body = String(decoding: u[i...], as: UTF8.self)
    if [".inf", ".Inf", ".INF"].contains(body) { return u.first == 0x2D ? -.infinity : .infinity }
    if i == 0 && [".nan", ".NaN", ".NAN"].contains(body) { return .nan }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    var j = i, intDigits = 0, fracDigits = 0
    while j < u.count && dec(u[j]) { j += 1; intDigits += 1 }
    if j < u.count && u[j] == 0x2E { j += 1; while j < u.count && dec(u[j]) { j += 1; fracDigits += 1 } }
    if intDigits == 0 && fracDigits == 0 { return nil }
    if j < u.count && (u[j] == 0x65 || u[j] == 0x45) {
        j += 1
        if j < u.count && (u[j] == 0x2B || u[j] == 0x2D) { j += 1 }
        var e = 0
        while j < u.count && dec(u[j]) { j += 1; e += 1 }
        if e == 0 { return nil }
    }
    if j != u.count { return nil }
    var t = s
    if t.hasSuffix(".") { t += "0" }
    if t.hasPrefix(".") || t.hasPrefix("-.") || t.hasPrefix("+.") { t = t.replacingOccurrences(of: ".", with: "0.") }
    return Double(t)
}

/// nil when equal.
func compareJSON(_ doc: LedgerDocument, _ n: NodeID?, _ j: JSON, path: String) -> String? {
    guard let n else {
        if case .null = j { return nil }
        return "\(path): no document, expected \(j)"
    }
    let kind = doc.kind(n)
    let plain = kind == .scalar && (doc.style(n) == .plain || doc.style(n) == .empty)
    switch j {
    case .null:
        return plain && coreSchemaNull(doc.string(n)) ? nil : "\(path): expected null, got \(doc.value(n))"
    case .bool(let b):
        return plain && coreSchemaBool(doc.string(n)) == b ? nil : "\(path): expected \(b), got \(doc.value(n))"
    case .number(let x):
        guard plain, let y = coreSchemaNumber(doc.string(n)) else { return "\(path): expected \(x), got \(doc.value(n))" }
        return y == x || abs(y - x) <= 1e-9 * max(abs(x), 1) ? nil : "\(path): expected \(x), got \(y)"
    case .string(let s):
        return kind == .scalar && doc.string(n) == s ? nil : "\(path): expected \(s.debugDescription), got \(doc.value(n))"
    case .array(let a):
        guard kind == .sequence else { return "\(path): expected a list, got \(doc.value(n))" }
        let items = doc.items(n)
        if items.count != a.count { return "\(path): \(items.count) items, expected \(a.count)" }
        for (i, (x, y)) in zip(items, a).enumerated() {
            if let d = compareJSON(doc, x, y, path: "\(path)[\(i)]") { return d }
        }
        return nil
    case .object(let o):
        guard kind == .mapping else { return "\(path): expected a mapping, got \(doc.value(n))" }
        let es = doc.entries(n)
        if es.count != o.count { return "\(path): \(es.count) entries, expected \(o.count)" }
        for (k, v) in o {
            guard let e = es.first(where: { doc.string($0.key) == k }) else { return "\(path): missing key \(k.debugDescription)" }
            if let d = compareJSON(doc, e.value, v, path: "\(path).\(k)") { return d }
        }
        return nil
    }
}

/// A small JSON reader for the suite's in.json files (which may hold several documents).
struct JSONReader {
    let bytes: [UInt8]
    var i = 0
    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func readAll() -> [JSON]? {
        var out: [JSON] = []
        while true {
            skip()
            if i >= bytes.count { return out }
            guard let v = value() else { return nil }
            out.append(v)
        }
    }
    mutating func skip() { while i < bytes.count && [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 } }
    mutating func lit(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard i + u.count <= bytes.count, Array(bytes[i..<(i + u.count)]) == u else { return false }
        i += u.count
        return true
    }
    mutating func value() -> JSON? {
        skip()
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case 0x6E: return lit("null") ? .null : nil
        case 0x74: return lit("true") ? .bool(true) : nil
        case 0x66: return lit("false") ? .bool(false) : nil
        case 0x22: return string().map { .string($0) }
        case 0x5B:
            i += 1
            var a: [JSON] = []
            skip()
            if i < bytes.count && bytes[i] == 0x5D { i += 1; return .array(a) }
            while true {
                guard let v = value() else { return nil }
                a.append(v)
                skip()
                guard i < bytes.count else { return nil }
                if bytes[i] == 0x2C { i += 1; continue }
                if bytes[i] == 0x5D { i += 1; return .array(a) }
                return nil
            }
        case 0x7B:
            i += 1
            var o: [(String, JSON)] = []
            skip()
            if i < bytes.count && bytes[i] == 0x7D { i += 1; return .object(o) }
            while true {
                skip()
                guard let k = string() else { return nil }
                skip()
                guard i < bytes.count, bytes[i] == 0x3A else { return nil }
                i += 1
                guard let v = value() else { return nil }
                o.append((k, v))
                skip()
                guard i < bytes.count else { return nil }
                if bytes[i] == 0x2C { i += 1; continue }
                if bytes[i] == 0x7D { i += 1; return .object(o) }
                return nil
            }
        default:
            let s = i
            while i < bytes.count && "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
            return Double(String(decoding: bytes[s..<i], as: UTF8.self)).map { .number($0) }
        }
    }
    mutating func hex4() -> UInt32? {
        guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16) else { return nil }
        i += 4
        return v
    }
    mutating func string() -> String? {
        guard i < bytes.count, bytes[i] == 0x22 else { return nil }
        i += 1
        var out: [UInt8] = []
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if c == 0x22 { return String(decoding: out, as: UTF8.self) }
            if c != 0x5C { out.append(c); continue }
            guard i < bytes.count else { return nil }
            let e = bytes[i]
            i += 1
            switch e {
            case 0x6E: out.append(0x0A)
            case 0x74: out.append(0x09)
            case 0x72: out.append(0x0D)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x75:
                guard var v = hex4() else { return nil }
                if v >= 0xD800 && v < 0xDC00, lit("\\u"), let lo = hex4() { v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00) }
                out.append(contentsOf: Array(String(UnicodeScalar(v).map(Character.init) ?? "\u{FFFD}").utf8))
            default: out.append(e)
            }
        }
        return nil
    }
}
