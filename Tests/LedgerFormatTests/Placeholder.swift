import XCTest
final class LedgerFormatTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
