import XCTest

/// `kpi check` on a plain folder without git and on a bare repository.
final class CheckWithoutWorkingTreeTests: XCTestCase {
    func testCheckWorksOnAPlainFolderWithoutGit() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try FileManager.default.removeItem(atPath: s.ledger + "/.git")
        try s.kpi("check")
        try s.write("people/zed.yaml", "name: Zed\nteam: nowhere\n")
        let r = try s.kpi("check", status: 1)
        XCTAssertTrue(r.stdout.contains("people/zed.yaml:2:7: error: unknown team 'nowhere'"), r.stdout)
    }

    func testCheckReadsABareRepository() throws {
        let s = try Sandbox()
        let bare = s.dir.appendingPathComponent("shared.git").path
        try s.kpi("init", "--bare", bare, cwd: s.dir.path)
        try s.kpi("-C", bare, "check", cwd: s.dir.path)
    }
}
