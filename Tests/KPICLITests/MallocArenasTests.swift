import XCTest
@testable import KPICLI

/// `kpi score` keeps glibc's malloc to two arenas (docs/architecture.md, "Memory"): the setting
/// must reach glibc (a C guard tested before any libc header was included once compiled it to
/// "nothing done", with no error and no other sign than the memory).
final class MallocArenasTests: XCTestCase {
    func testGlibcTakesTheSetting() throws {
        #if canImport(Glibc)
        XCTAssertTrue(MallocArenas.limit())
        #else
        throw XCTSkip("glibc only")
        #endif
    }
}
