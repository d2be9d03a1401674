import XCTest
final class KPICLITestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
