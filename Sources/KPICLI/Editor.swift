import Foundation

/// Opens the user's editor like git does: $VISUAL, then $EDITOR, then vi.
enum Editor {
    static func edit(initial: String, hint: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kpi-review-\(getpid()).txt")
        try Data(("\n# " + hint + "\n" + initial).utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try run(on: file.path)
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("#") }
            .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Opens a file's text as it is (comments kept: a ledger file's `#` lines are its own), in a
    /// scratch file named `name` (its extension picks the editor's syntax); returns the text saved.
    static func edit(bytes: [UInt8], name: String) throws -> [UInt8] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kpi-\(getpid())-\(name)")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try run(on: file.path)
        guard let data = FileManager.default.contents(atPath: file.path) else { throw CLIError(.nothingRecorded("the editor left no file")) }
        return [UInt8](data)
    }

    /// The editor git would use: $VISUAL, then $EDITOR, then vi.
    static var command: String {
        let env = ProcessInfo.processInfo.environment
        return env["VISUAL"].flatMap { $0.isEmpty ? nil : $0 } ?? env["EDITOR"].flatMap { $0.isEmpty ? nil : $0 } ?? "vi"
    }

    static func run(on path: String) throws {
        let editor = command
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", editor + " \"$1\"", editor, path]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw CLIError(.nothingRecorded("the editor exited with status \(p.terminationStatus)")) }
    }
}
