import KPICLI
import XCTest

/// The terminal escaping (docs/format.md, "Text kpi shows") escapes every control scalar it
/// names, wherever it sits in a string, and leaves all other text exactly as it is: the quick
/// byte scan that lets plain text through must let no control scalar through with it.
final class SafeTextScanTests: XCTestCase {
    func testEveryControlScalarIsEscapedAndNothingElse() {
        func isControl(_ v: UInt32) -> Bool {
            (v < 0x20 && v != 0x0A && v != 0x09) || (0x7F...0x9F).contains(v) || v == 0x061C || v == 0x200E || v == 0x200F
                || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }
        let values = Array(UInt32(0)...0x3000) + [0xFEFF, 0xFFFD, 0x1_0000, 0x1_F600, 0x10_FFFF]
        var escaped = 0
        for v in values {
            guard let u = Unicode.Scalar(v) else { continue }
            for text in [String(u), "a→" + String(u), String(u) + "—", "é" + String(u) + "\u{2192}"] {
                let shown = SafeText.terminal(text)
                XCTAssertEqual(shown != text, isControl(v), "U+\(String(v, radix: 16)) in \(text.debugDescription)")
                if shown != text { escaped += 1 }
            }
        }
        XCTAssertEqual(escaped, 4 * (30 + 33 + 1 + 2 + 5 + 4))
    }
}
