import Foundation
import LedgerCore
import LedgerFormat
import XCTest
import Yams

final class CatalogTests: XCTestCase {
    static var packageRoot: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    /// The schemas shipped in schemas/ are the ones `kpi init` writes into a ledger.
    func testShippedSchemasEqualTheGeneratedOnes() throws {
        for kind in LedgerFileKind.allCases {
            let url = Self.packageRoot.appendingPathComponent("schemas/\(Schemas.fileName(kind))")
            XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), Schemas.text(for: kind), "schemas/\(Schemas.fileName(kind)) is stale")
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(Schemas.text(for: kind).utf8)), "\(kind) schema is not JSON")
        }
    }

    /// Every file `kpi init` writes reads the same under Yams (a full YAML parser) as under ours,
    /// and the catalog loads without a single diagnostic.
    func testEveryInitFileReadsTheSameUnderYams() throws {
        let files = CatalogFiles.all(ledgerName: "Yams Oracle 测试")
        var yaml = 0
        for (path, bytes) in files where path.hasSuffix(".yaml") {
            yaml += 1
            let doc = try LedgerParser.parse(bytes, path: path)
            let ours = doc.root.map { doc.value($0) }
            let theirs = try Yams.compose(yaml: String(decoding: bytes, as: UTF8.self))
            XCTAssertEqual(ours.map(YamsBridge.plain), theirs.map(YamsBridge.plain), path)
        }
        XCTAssertEqual(yaml, 1 + DefaultCatalog.metrics.count + DefaultCatalog.scorecards.count)
        let ledger = LedgerLoader.load(files: files.map { ($0.key, $0.value) })
        XCTAssertEqual(ledger.diagnostics.map(\.description), [])
        XCTAssertEqual(ledger.metrics.count, DefaultCatalog.metrics.count)
        XCTAssertEqual(ledger.metrics["ltv_cac"]?.formula?.metricIDs, ["cac", "ltv"])
        XCTAssertEqual(ledger.scorecards["pm_senior"]?.dimensions.map(\.id), ["business", "strategy", "user_value", "process", "collaboration"])
    }

    func testEveryScorecardCanReach100WithinItsRanges() {
        for card in DefaultCatalog.scorecards {
            let lo = card.dimensions.map(\.min).reduce(0, +), hi = card.dimensions.map(\.max).reduce(0, +)
            XCTAssertLessThanOrEqual(lo, 100, card.id)
            XCTAssertGreaterThanOrEqual(hi, 100, card.id)
        }
    }
}

/// Both trees as plain nested values: mappings as ordered pairs, scalars as their text.
enum YamsBridge {
    indirect enum Plain: Equatable {
        case text(String)
        case list([Plain])
        case map([String], [Plain])
    }

    static func plain(_ v: YAMLValue) -> Plain {
        switch v {
        case .scalar(let s): return .text(s)
        case .sequence(let items): return .list(items.map(plain))
        case .mapping(let pairs): return .map(pairs.map(\.key), pairs.map { plain($0.value) })
        }
    }

    static func plain(_ n: Yams.Node) -> Plain {
        switch n {
        case .scalar(let s): return .text(s.string)
        case .sequence(let s): return .list(s.map(plain))
        case .mapping(let m): return .map(m.map { $0.key.string ?? "" }, m.map { plain($0.value) })
        case .alias: return .text("<alias>")
        }
    }
}
