import Foundation
import XCTest
@testable import LedgerCore

/// Every property of every shipped JSON Schema explains itself in English and Chinese, and
/// every fixed set of values says what each value means, so an editor's hover is useful to
/// the people who keep the ledger.
final class SchemaDescriptionsTests: XCTestCase {
    static var packageRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    /// Text with both languages: Latin letters and CJK ideographs.
    static func isBilingual(_ text: String) -> Bool {
        let scalars = text.unicodeScalars
        return scalars.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
            && scalars.contains { (0x4E00...0x9FFF).contains($0.value) }
            && text.contains("\n\n")
    }

    /// The properties (by key path) lacking a description in both languages, or whose enum
    /// values are not each described, anywhere in `schema`.
    static func undescribed(_ schema: [String: Any], at path: String) -> [String] {
        var out: [String] = []
        for (name, value) in schema["properties"] as? [String: Any] ?? [:] {
            guard let property = value as? [String: Any] else { continue }
            let here = "\(path).\(name)"
            if !isBilingual(property["description"] as? String ?? "") { out.append(here) }
            if let values = property["enum"] as? [String] {
                let about = property["enumDescriptions"] as? [String] ?? []
                if about.count != values.count || !about.allSatisfy(isBilingual) { out.append("\(here) (enum values)") }
            }
            out += undescribed(property, at: here)
            if let items = property["items"] as? [String: Any] { out += undescribed(items, at: here + "[]") }
        }
        return out
    }

    func testEveryPropertyOfEveryShippedSchemaHasEnglishAndChinese() throws {
        var checked = 0
        for kind in LedgerFileKind.allCases {
            let url = Self.packageRoot.appendingPathComponent("schemas/\(Schemas.fileName(kind))")
            let schema = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            XCTAssertEqual(Self.undescribed(schema, at: kind.rawValue), [])
            checked += (schema["properties"] as? [String: Any])?.count ?? 0
        }
        XCTAssertGreaterThan(checked, 40)
    }

    func testTheCheckFindsAMissingDescription() throws {
        let schema: [String: Any] = ["properties": [
            "name": ["type": "string", "description": "The name.\n\n名称。"],
            "unit": ["enum": ["a", "b"], "description": "Unit.\n\n单位。", "enumDescriptions": ["A.\n\n甲。"]],
            "goals": ["type": "array", "items": ["properties": ["target": ["description": "Only English"]]]],
        ]]
        XCTAssertEqual(Self.undescribed(schema, at: "x").sorted(), ["x.goals", "x.goals[].target", "x.unit (enum values)"])
    }

    func testEachEnumValueIsDescribedInTheSchemasOrder() throws {
        let metric = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(Schemas.text(for: .metric).utf8)) as? [String: Any])
        let unit = try XCTUnwrap((metric["properties"] as? [String: Any])?["unit"] as? [String: Any])
        let values = try XCTUnwrap(unit["enum"] as? [String])
        let about = try XCTUnwrap(unit["enumDescriptions"] as? [String])
        XCTAssertEqual(values.first, "percent")
        XCTAssertEqual(about.first, "A share, written like 45%.\n\n百分比，例如 45%。")
    }
}
