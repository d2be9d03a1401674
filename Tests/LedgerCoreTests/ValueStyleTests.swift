import LedgerCore
import XCTest

final class ValueStyleTests: XCTestCase {
    func testActualsAreWrittenLikeTheirTargets() {
        XCTAssertEqual(ValueStyle.of("100万").format(800_000), "80万")
        XCTAssertEqual(ValueStyle.of("1.2亿").format(Number("95000000")!), "0.95亿")
        XCTAssertEqual(ValueStyle.of("¥1,000").format(1_234_567), "¥1,234,567")
        XCTAssertEqual(ValueStyle.of("$1.2M").format(Number("1500000")!), "$1.5M")
        XCTAssertEqual(ValueStyle.of("45%").format(Number("41.666")!), "41.67%")
        XCTAssertEqual(ValueStyle.of("50 万元").format(600_000), "60万元")
        XCTAssertEqual(ValueStyle.of("¥140").format(-3), "-¥3")
        XCTAssertEqual(ValueStyle.of("3.5"), ValueStyle())
        XCTAssertEqual(ValueStyle.of("text"), ValueStyle())
    }
}
