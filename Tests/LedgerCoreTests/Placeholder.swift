import XCTest
final class LedgerCoreTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
