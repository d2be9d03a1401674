import Foundation
import TestFolders
import XCTest
@testable import GitStore

/// Shared test environment: a private HOME so neither libgit2 nor the git CLI reads this
/// machine's configuration.
enum TestEnv {
    static let home: String = {
        let dir = TestFolders.path("gitstore-home")
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        TestFolders.registerForProcess(dir)
        setenv("HOME", dir, 1)
        setenv("XDG_CONFIG_HOME", dir + "/.config", 1)
        try! GitSettings.setConfigSearchPath(.global, to: dir)
        try! GitSettings.setConfigSearchPath(.xdg, to: dir + "/.config")
        try! GitSettings.setConfigSearchPath(.system, to: dir + "/system")
        return dir
    }()

    /// A new folder, removed when the test ends.
    static func tempDir(_ label: String = "repo") -> String {
        _ = home
        return TestFolders.make("gitstore-\(label)")
    }

    static let alice = Signature(name: "Alice Chen", email: "alice@example.com", time: 1_786_330_800, offsetMinutes: 480)
    static let bob = Signature(name: "Bob Li", email: "bob@example.com", time: 1_786_334_400, offsetMinutes: -300)
}

/// The SHA-1 of a file's bytes as hex, by coreutils' `sha1sum` (the oracle for GitStore's own SHA-1).
func sha1sum(_ path: String) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/sha1sum")
    p.arguments = [path]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(String(decoding: o, as: UTF8.self).prefix(40))
}

struct GitResult {
    let status: Int32
    let out: String
    let err: String
}

/// Runs the git CLI (the test oracle) with a clean environment.
@discardableResult
func git(_ args: [String], in dir: String, env extra: [String: String] = [:], check: Bool = true,
         file: StaticString = #filePath, line: UInt = #line) throws -> GitResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    p.arguments = ["-c", "user.name=Oracle", "-c", "user.email=oracle@example.com", "-c", "core.autocrlf=false"] + args
    p.currentDirectoryURL = URL(fileURLWithPath: dir)
    var env = ["HOME": TestEnv.home, "PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C"]
    for (k, v) in extra { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Standard error is drained on its own thread: a child filling it while we read standard
    // output would otherwise deadlock.
    final class Box: @unchecked Sendable { var data = Data() }
    let e = Box()
    let drained = DispatchSemaphore(value: 0)
    let errHandle = err.fileHandleForReading
    Thread { e.data = errHandle.readDataToEndOfFile(); drained.signal() }.start()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    drained.wait()
    let r = GitResult(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e.data, as: UTF8.self))
    if check && r.status != 0 {
        XCTFail("git \(args.joined(separator: " ")) failed: \(r.err)", file: file, line: line)
    }
    return r
}

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

func writeFile(_ path: String, _ text: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url)
}

func readFile(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}
