import ArgumentParser
import Foundation

/// Replays a history script into a folder: each `kpi` step runs in this process with the
/// step's author and date, whatever the caller's environment or git configuration says.
struct ScriptReplayer {
    let root: String
    let scratch: String

    func replay(_ script: HistoryScript) throws {
        let saved = Self.identityVariables.map { ($0, ProcessInfo.processInfo.environment[$0]) }
        let wasMuted = Output.muted
        Output.muted = true
        defer {
            Output.muted = wasMuted
            for (k, v) in saved { if let v { setenv(k, v, 1) } else { unsetenv(k) } }
        }
        for (n, step) in script.steps.enumerated() {
            if let id = step.identity {
                for (k, v) in [("GIT_AUTHOR_NAME", id.name), ("GIT_AUTHOR_EMAIL", id.email), ("GIT_AUTHOR_DATE", id.date),
                               ("GIT_COMMITTER_NAME", id.name), ("GIT_COMMITTER_EMAIL", id.email), ("GIT_COMMITTER_DATE", id.date)] {
                    setenv(k, v, 1)
                }
            }
            do {
                try run(step.action)
            } catch let e as ExitCode where e == .success {
                continue
            } catch {
                throw CLIError(.exampleHistoryFailed(line: step.line, error))
            }
            if n % 10 == 0 || n == script.steps.count - 1 {
                Output.progress("\rReplaying the example history: \(n + 1)/\(script.steps.count) steps" + (n == script.steps.count - 1 ? "\n" : ""))
            }
        }
    }

    static let identityVariables = ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE",
                                     "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE"]

    func run(_ action: HistoryScript.Action) throws {
        switch action {
        case .kpi(let words):
            let args = words.map { $0.replacingOccurrences(of: "$SCRATCH", with: scratch) } + ["-C", root]
            // Unsigned, whatever commit.gpgSign says: a writing command takes --no-sign.
            var command = try (try? KPICommand.parseAsRoot(args + ["--no-sign"])) ?? KPICommand.parseAsRoot(args)
            try command.run()
        case .write(let path, let text):
            try write(root + "/" + path, text)
        case .scratch(let name, let text):
            try write(scratch + "/" + name, text)
        case .replace(let path, let old, let new):
            let file = root + "/" + path
            let text = try String(contentsOfFile: file, encoding: .utf8)
            guard text.contains(old) else { throw CLIError(.exampleTextMissing(path, old)) }
            try write(file, text.replacingOccurrences(of: old, with: new))
        }
    }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}
