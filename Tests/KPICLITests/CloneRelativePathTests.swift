import XCTest

/// `kpi clone remote.git copy` stores the remote's absolute path as `origin`, as `git clone`
/// does: a relative one meant another place once `kpi sync` ran inside the clone.
final class CloneRelativePathTests: XCTestCase {
    func testARelativeRemotePathIsStoredAbsolute() throws {
        let s = try Sandbox()
        try s.makeLedger()
        try s.git("init", "-q", "--bare", "-b", "main", "remote.git", in: s.dir.path)
        try s.git("push", "-q", s.dir.path + "/remote.git", "HEAD:main")
        try s.kpi("clone", "remote.git", "copy", cwd: s.dir.path)
        let copy = s.dir.path + "/copy"
        let origin = try s.git("remote", "get-url", "origin", in: copy).trimmingCharacters(in: .newlines)
        XCTAssertEqual(URL(fileURLWithPath: origin).standardizedFileURL.path,
                       URL(fileURLWithPath: s.dir.path + "/remote.git").standardizedFileURL.path)
        XCTAssertTrue(origin.hasPrefix("/"), origin)
        // The oracle agrees, and kpi sync inside the clone reaches the remote.
        try s.git("clone", "-q", "remote.git", "by-git", in: s.dir.path)
        XCTAssertEqual(try s.git("remote", "get-url", "origin", in: s.dir.path + "/by-git").trimmingCharacters(in: .newlines), origin)
        let sync = try s.kpi("sync", cwd: copy)
        XCTAssertTrue(sync.stdout.contains("origin/main"), sync.stdout)
    }
}
