import Foundation
import XCTest
@testable import LedgerCore

/// `FileShape` is the one description of each file kind: the shipped JSON Schemas say the same
/// keys and required keys, the loader accepts exactly those keys, the merge reads its identities.
final class FileShapesTests: XCTestCase {
    static var packageRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    /// The differences between a JSON Schema object (parsed) and a shape, by key path.
    func differences(_ schema: [String: Any], _ shape: FileShape, at path: String) -> [String] {
        var out: [String] = []
        let properties = schema["properties"] as? [String: Any] ?? [:]
        if Set(properties.keys) != Set(shape.names) { out.append("\(path): keys \(properties.keys.sorted()) vs \(shape.names.sorted())") }
        if (schema["required"] as? [String] ?? []) != shape.required { out.append("\(path): required \(schema["required"] ?? []) vs \(shape.required)") }
        if schema["additionalProperties"] as? Bool != false { out.append("\(path): other keys allowed") }
        for key in shape.keys {
            guard let sub = properties[key.name] as? [String: Any] else { continue }
            switch key.value {
            case .mapping(let inner):
                out += differences(sub, inner, at: "\(path).\(key.name)")
            case .list(let items, _):
                if sub["type"] as? String != "array" { out.append("\(path).\(key.name): not an array") }
                out += differences(sub["items"] as? [String: Any] ?? [:], items, at: "\(path).\(key.name)[]")
            case .json:
                if sub["properties"] != nil { out.append("\(path).\(key.name): a group of keys the shape does not describe") }
            }
        }
        return out
    }

    func testEachShippedSchemaSaysWhatTheShapeDescribes() throws {
        for kind in LedgerFileKind.allCases {
            let url = Self.packageRoot.appendingPathComponent("schemas/\(Schemas.fileName(kind))")
            let schema = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            XCTAssertEqual(differences(schema, FileShape.of(kind), at: kind.rawValue), [])
        }
        // The comparison can fail: a schema missing a key, or requiring one more, is found.
        var schema = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(Schemas.text(for: .records).utf8)) as? [String: Any])
        var records = schema["properties"] as! [String: Any]
        var items = (records["records"] as! [String: Any])["items"] as! [String: Any]
        items["required"] = ["date", "metric"]
        records["records"] = ["type": "array", "items": items]
        schema["properties"] = records
        XCTAssertEqual(differences(schema, FileShape.of(.records), at: "records"),
                       ["records.records[]: required [\"date\", \"metric\"] vs [\"date\", \"metric\", \"value\"]"])
    }

    func testTheLoaderAcceptsExactlyTheDescribedKeys() {
        let q3 = Quarter("2026-Q3")!
        for kind in LedgerFileKind.allCases {
            let shape = FileShape.of(kind)
            let path = LedgerLayout.path(kind, id: "zed", quarter: q3)
            let ledger = LedgerLoader.load(files: [(path, Array("zz_extra: 1\n".utf8))])
            let messages = ledger.diagnostics.filter { $0.path == path }.map(\.message)
            XCTAssertTrue(messages.contains("unknown key 'zz_extra' in \(shape.what) (known keys: \(shape.names.joined(separator: ", ")))"),
                          "\(kind): \(messages)")
            for key in shape.required {
                XCTAssertTrue(messages.contains("\(shape.what) needs '\(key)'"), "\(kind) \(key): \(messages)")
            }
        }
    }

    func testTheMergeMatchesListItemsByTheDescribedIdentity() {
        XCTAssertEqual(FileShape.identity(ofList: "goals"), .key("metric"))
        XCTAssertEqual(FileShape.identity(ofList: "dimensions"), .key("id"))
        XCTAssertEqual(FileShape.identity(ofList: "ratings"), .key("grade"))
        XCTAssertEqual(FileShape.identity(ofList: "records"), FileShape.ListIdentity.none)
        XCTAssertEqual(FileShape.identity(ofList: "bonus"), FileShape.ListIdentity.none)
        XCTAssertEqual(FileShape.identity(ofList: "admins"), FileShape.ListIdentity.none)
        XCTAssertNil(FileShape.identity(ofList: "nothing_described"))
    }
}
