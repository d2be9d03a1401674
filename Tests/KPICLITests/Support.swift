import Foundation
import TestFolders
import XCTest

/// Runs the built `kpi` binary and the git CLI (the oracle) in temporary folders, with a
/// private HOME so this machine's git configuration never leaks in.
final class Sandbox: @unchecked Sendable {
    let dir: URL
    let home: URL
    var env: [String: String]

    init() throws {
        dir = URL(fileURLWithPath: TestFolders.path("kpi-e2e"))
        home = dir.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        // Removed with the sandbox, or at exit if something keeps it (a class's shared sandbox).
        TestFolders.registerForProcess(dir.path)
        env = [
            "HOME": home.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "GIT_CONFIG_NOSYSTEM": "1", "TZ": "UTC", "LANG": "C.UTF-8", "NO_COLOR": "1",
            "GIT_AUTHOR_NAME": "Bob Manager", "GIT_AUTHOR_EMAIL": "bob@example.com",
            "GIT_COMMITTER_NAME": "Bob Manager", "GIT_COMMITTER_EMAIL": "bob@example.com",
            "GIT_AUTHOR_DATE": "2026-06-20T10:00:00+08:00", "GIT_COMMITTER_DATE": "2026-06-20T10:00:00+08:00",
        ]
    }

    deinit { TestFolders.remove(dir.path) }

    static var kpiBinary: URL {
        // The test bundle sits in the build folder beside the kpi executable.
        var url = Bundle(for: Sandbox.self).bundleURL
        while url.pathExtension == "xctest" || url.lastPathComponent == "Contents" { url.deleteLastPathComponent() }
        return url.appendingPathComponent("kpi")
    }

    var ledger: String { dir.appendingPathComponent("ledger").path }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    @discardableResult
    func run(_ exe: String, _ args: [String], cwd: String? = nil, env extra: [String: String] = [:], stdin: String? = nil) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.environment = env.merging(extra) { $1 }
        p.currentDirectoryURL = URL(fileURLWithPath: cwd ?? dir.path)
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        // Standard input is written and standard error drained on their own threads: a child that
        // fills one pipe (64 KB) while we block on another would otherwise deadlock the test.
        let feeding = Thread { [inp] in
            if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
            try? inp.fileHandleForWriting.close()
        }
        feeding.start()
        let e = DrainedPipe(err)
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let eData = e.wait()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: eData, as: UTF8.self))
    }

    /// Runs kpi; fails the test when the exit status is not the expected one.
    @discardableResult
    func kpi(_ args: String..., status: Int32 = 0, env extra: [String: String] = [:], cwd: String? = nil,
             file: StaticString = #filePath, line: UInt = #line) throws -> Run {
        // Someone recording at a date commits at that date too, unless a test says otherwise.
        var extra = extra
        if let date = extra["GIT_AUTHOR_DATE"], extra["GIT_COMMITTER_DATE"] == nil { extra["GIT_COMMITTER_DATE"] = date }
        let r = try run(Sandbox.kpiBinary.path, args, cwd: cwd ?? ledgerIfExists, env: extra)
        XCTAssertEqual(r.status, status, "kpi \(args.joined(separator: " "))\nstdout: \(r.stdout)\nstderr: \(r.stderr)", file: file, line: line)
        return r
    }

    var ledgerIfExists: String { FileManager.default.fileExists(atPath: ledger) ? ledger : dir.path }

    /// The git CLI as an independent oracle.
    @discardableResult
    func git(_ args: String..., in path: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try run("/usr/bin/git", ["-C", path ?? ledger] + args)
        XCTAssertEqual(r.status, 0, "git \(args.joined(separator: " ")): \(r.stderr)", file: file, line: line)
        return r.stdout
    }

    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: ledger).appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: ledger + "/" + relative, encoding: .utf8)
    }

    /// A new ledger with two people and a team.
    func makeLedger() throws {
        try kpi("init", ledger, "--name", "Test Co", cwd: dir.path)
        try kpi("person", "add", "bob", "--name", "Bob Manager", "--email", "bob@example.com")
        try kpi("team", "add", "product", "--name", "Product", "--lead", "bob")
        try kpi("person", "add", "alice", "--name", "Alice Chen", "--email", "alice@example.com", "--manager", "bob",
                "--team", "product", "--scorecard", "pm_mid")
    }
}

/// Reads a pipe to its end on a thread of its own, so two pipes of one child can be read at once.
final class DrainedPipe: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
