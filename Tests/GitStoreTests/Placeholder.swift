import XCTest
final class GitStoreTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
