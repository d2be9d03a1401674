import XCTest
@testable import LedgerCore

final class ValuesNumberTests: XCTestCase {
    func testSmoke() { XCTAssertEqual(Number("0.1")! + Number("0.2")!, Number("0.3")!) }
}
