import Foundation
import XCTest

/// A plain `git commit` reads HEAD and `.git/index` before it takes `index.lock`, then writes
/// the index it read back under that lock and moves HEAD if HEAD is still what it read (git
/// 2.39's `prepare_index`; strace shows `openat(".git/index")`, then
/// `openat("….git/index.lock", O_CREAT|O_EXCL)`). A write that lands in between — `git add`,
/// `git commit -a`, or kpi's — is undone in the index; and when git read HEAD after that write
/// had moved the branch, git's commit reverts it. Each test forces one such order with strace
/// (a process stopped by SIGSTOP right after a chosen system call, resumed by the test) and
/// runs it twice: with `kpi record` as the writer, and with git's own `git commit PATH` making the
/// same change to the same file (kpi commits its own paths only, like it), the oracle. kpi must come out exactly as git does, and its write must stay whole
/// in its own commit (docs/reliability.md, "Beside a plain git commit").
final class GitCommitStaleIndexTests: XCTestCase {
    static let path = "records/2026-Q3/alice.yaml"

    /// A command run under strace, stopped right after its first `syscall` on one of `paths`.
    final class Stopped {
        let process = Process()
        let log: String
        let output: String
        private(set) var pid: Int32 = 0

        init(_ s: Sandbox, _ exe: String, _ args: [String], after syscall: String, on paths: [String], env: [String: String]) throws {
            log = s.dir.path + "/strace-\(UUID().uuidString).log"
            output = log + ".out"
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            let out = try XCTUnwrap(FileHandle(forWritingAtPath: output))
            process.executableURL = URL(fileURLWithPath: FaultInjection.strace)
            process.arguments = ["-f", "-qq", "-o", log] + paths.flatMap { ["-P", $0] }
                + ["-e", "trace=\(syscall)", "-e", "inject=\(syscall):signal=SIGSTOP:when=1", exe] + args
            process.environment = s.env.merging(env) { $1 }
            process.currentDirectoryURL = URL(fileURLWithPath: s.ledger)
            process.standardOutput = out
            process.standardError = out
            process.standardInput = FileHandle.nullDevice
            try process.run()
            // strace writes this line once the process is stopped: a state waited for, not a time
            // (the deadline only ends a run that went wrong).
            let deadline = Date().addingTimeInterval(300)
            while true {
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                if let line = text.split(separator: "\n").first(where: { $0.contains("--- stopped by SIGSTOP ---") }),
                   let pid = Int32(line.prefix { $0 != " " }) {
                    self.pid = pid
                    return
                }
                guard process.isRunning, Date() < deadline else {
                    throw XCTSkip("\(exe) \(args) never stopped after \(syscall) on \(paths): \(text)")
                }
                usleep(20_000)
            }
        }

        /// Lets it go on and waits for it: exit status and what it printed (strace's own notes left out).
        func resume() -> (status: Int32, text: String) {
            kill(pid, SIGCONT)
            process.waitUntilExit()
            let text = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
                .split(separator: "\n").filter { !$0.hasPrefix("strace: ") }.joined(separator: "\n")
            return (process.terminationStatus, text)
        }
    }

    enum Writer { case kpi, gitCommitPath }

    static let gitty = ["GIT_AUTHOR_NAME": "Gitty", "GIT_AUTHOR_EMAIL": "gitty@example.com",
                        "GIT_COMMITTER_NAME": "Gitty", "GIT_COMMITTER_EMAIL": "gitty@example.com"]

    /// alice's records file committed with one value, and notes.txt staged for a plain commit.
    func ledger() throws -> Sandbox {
        let s = try FaultInjection.ledger()
        try s.kpi("record", "alice", "nps", "44", "--date", "2026-07-01")
        try s.write("notes.txt", "a note\n")
        try s.git("add", "notes.txt")
        return s
    }

    /// The writer's change, stopped after `syscall` on `paths` (nil: run to its end at once).
    func startWriter(_ writer: Writer, _ s: Sandbox, stopAfter syscall: String?, on paths: [String] = []) throws -> Stopped? {
        let exe: String, args: [String], env: [String: String]
        switch writer {
        case .kpi:
            (exe, args, env) = (Sandbox.kpiBinary.path, ["record", "alice", "nps", "45", "--date", "2026-07-02"], [:])
        case .gitCommitPath:
            // The same new content kpi writes, made by hand and committed by path (notes.txt stays staged).
            try s.write(Self.path, try s.read(Self.path) + "  - date: 2026-07-02\n    metric: nps\n    value: 45\n")
            (exe, args, env) = ("/usr/bin/git", ["commit", "-q", "-m", "record: alice nps 45 on 2026-07-02", "--", Self.path], [:])
        }
        guard let syscall else {
            let r = try s.run(exe, args, cwd: s.ledger, env: env)
            XCTAssertEqual(r.status, 0, r.stderr)
            return nil
        }
        return try Stopped(s, exe, args, after: syscall, on: paths, env: env)
    }

    /// The plain `git commit`, stopped right after it opened `.git/index` to read it (HEAD read already).
    func stoppedGitCommit(_ s: Sandbox) throws -> Stopped {
        try Stopped(s, "/usr/bin/git", ["commit", "-q", "-m", "git: a note"], after: "openat",
                    on: [".git/index", s.ledger + "/.git/index"], env: Self.gitty)
    }

    /// git commit reads the index; the writer lands whole; git goes on: it writes back the index it
    /// read (the writer's entry undone) and its compare-and-swap of HEAD fails.
    func outcomeWhenGitReadTheIndexBeforeTheWrite(_ writer: Writer) throws -> [String] {
        let s = try ledger()
        let staged = try s.git("ls-files", "-s", Self.path)
        let git = try stoppedGitCommit(s)
        _ = try startWriter(writer, s, stopAfter: nil)
        let written = try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines)
        let g = git.resume()

        XCTAssertNotEqual(g.status, 0, g.text)
        XCTAssertTrue(g.text.contains("cannot lock ref 'HEAD'"), g.text)
        // The write is whole in HEAD, its own commit; git committed nothing.
        XCTAssertEqual(try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines), written)
        XCTAssertTrue(try s.git("show", "HEAD:" + Self.path).contains("value: 45\n"))
        XCTAssertEqual(try s.read(Self.path), try s.git("show", "HEAD:" + Self.path))
        XCTAssertEqual(try s.git("log", "--author=Gitty", "--format=%h"), "")
        // git wrote back the index it had read: the entry from before the write.
        XCTAssertEqual(try s.git("ls-files", "-s", Self.path), staged)
        try assertNothingLeft(s)
        let outcome = [String(g.status), try s.git("status", "--porcelain")]
        if writer == .kpi {
            // The next write of that file refuses, saying what the staged version is, and changes nothing;
            // after the unstaging it says, it lands.
            let short = String(written.prefix(7))
            let r = try s.kpi("record", "alice", "nps", "46", "--date", "2026-07-03", status: 1)
            XCTAssertTrue(r.stderr.contains("\(Self.path) has the version from before commit \(short) staged; committing it would undo \(short)'s change to it (a git commit that read the index before \(short) leaves it so). Unstage it with git restore --staged \(Self.path), then try again"), r.stderr)
            XCTAssertEqual(try s.git("rev-parse", "HEAD").trimmingCharacters(in: .newlines), written)
            XCTAssertEqual([String(g.status), try s.git("status", "--porcelain")], outcome)
            try s.git("restore", "--staged", Self.path)
            try s.kpi("record", "alice", "nps", "46", "--date", "2026-07-03")
            XCTAssertEqual(try s.git("status", "--porcelain"), "A  notes.txt\n")
        }
        return outcome
    }

    func testAGitCommitThatReadTheIndexBeforeAWriteUndoesItInTheIndexAsGitCommitPathDoes() throws {
        let git = try outcomeWhenGitReadTheIndexBeforeTheWrite(.gitCommitPath)
        let kpi = try outcomeWhenGitReadTheIndexBeforeTheWrite(.kpi)
        XCTAssertEqual(kpi, git)
        XCTAssertEqual(kpi, ["128", "A  notes.txt\nMM \(Self.path)\n"])
    }

    /// The writer moves the branch and is stopped before its index takes effect; git commit reads
    /// HEAD (the writer's commit) and the index (from before); both go on. git's commit lands on
    /// the writer's and holds the index it read: the file as it was before the write.
    func outcomeWhenGitReadHeadAfterTheBranchMovedAndTheIndexBefore(_ writer: Writer) throws -> [String] {
        let s = try ledger()
        let before = try s.git("rev-parse", "HEAD:" + Self.path)
        let w = try XCTUnwrap(try startWriter(writer, s, stopAfter: "rename", on: [".git/refs/heads/main.lock", s.ledger + "/.git/refs/heads/main.lock"]))
        let git = try stoppedGitCommit(s)
        let wr = w.resume()
        XCTAssertEqual(wr.status, 0, wr.text)
        let g = git.resume()
        XCTAssertEqual(g.status, 0, g.text)

        // The write is whole in its own commit, the parent of git's.
        XCTAssertTrue(try s.git("show", "HEAD^:" + Self.path).contains("value: 45\n"))
        XCTAssertEqual(try s.git("log", "-1", "--format=%an %s", "HEAD^"), "Bob Manager record: alice nps 45 on 2026-07-02\n")
        XCTAssertEqual(try s.git("log", "-1", "--format=%an %s", "HEAD"), "Gitty git: a note\n")
        // git's commit holds a version that an earlier commit had (the stale index's), never one
        // no commit had: here the version from before the write.
        XCTAssertEqual(try s.git("rev-parse", "HEAD:" + Self.path), before)
        XCTAssertEqual(try s.read(Self.path), try s.git("show", "HEAD^:" + Self.path))
        try assertNothingLeft(s)
        return [try s.git("diff-tree", "--no-commit-id", "--name-status", "-r", "HEAD"), try s.git("status", "--porcelain")]
    }

    func testAGitCommitThatReadHeadAfterAWriteAndTheIndexBeforeRevertsItAsGitCommitPathDoes() throws {
        let git = try outcomeWhenGitReadHeadAfterTheBranchMovedAndTheIndexBefore(.gitCommitPath)
        let kpi = try outcomeWhenGitReadHeadAfterTheBranchMovedAndTheIndexBefore(.kpi)
        XCTAssertEqual(kpi, git)
        XCTAssertEqual(kpi, ["A\tnotes.txt\nM\t\(Self.path)\n", " M \(Self.path)\n"])
    }

    func assertNothingLeft(_ s: Sandbox, file: StaticString = #filePath, line: UInt = #line) throws {
        let fsck = try s.run("/usr/bin/git", ["-C", s.ledger, "fsck", "--strict", "--no-dangling"])
        XCTAssertEqual(fsck.status, 0, file: file, line: line)
        XCTAssertEqual(fsck.stdout + fsck.stderr, "", file: file, line: line)
        for leftover in [".git/index.lock", ".git/refs/heads/main.lock", ".git/HEAD.lock"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: s.ledger + "/" + leftover), leftover, file: file, line: line)
        }
        XCTAssertEqual(WriteJournalFile.left(inGitDir: s.ledger + "/.git"), [], file: file, line: line)
    }
}
