import Foundation
import XCTest

/// kpi on a real terminal: a pseudo-terminal (Python's pty) for the pager and the width, tmux
/// as the oracle for how wide emoji and Chinese text are drawn (docs/format.md, "Text kpi shows").
final class TerminalTests: XCTestCase {
    /// Runs kpi on a pseudo-terminal of `columns` × 40 and returns what the terminal received
    /// (line ends as `\n`). The child sets the size on its own terminal before kpi starts.
    func onTerminal(_ s: Sandbox, columns: Int, _ args: [String], env: [String: String] = [:]) throws -> String {
        let script = """
            import os, pty, sys, struct, fcntl, termios
            cols = int(sys.argv[1])
            pid, fd = pty.fork()
            if pid == 0:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, cols, 0, 0))
                os.dup2(os.open("/dev/null", os.O_WRONLY), 2)  # progress and warnings: not what is checked
                os.execv(sys.argv[2], sys.argv[2:])
            out = b""
            while True:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            os.waitpid(pid, 0)
            sys.stdout.buffer.write(out.replace(b"\\r\\n", b"\\n"))
            """
        let r = try s.run("/usr/bin/python3", ["-c", script, String(columns), Sandbox.kpiBinary.path] + args, cwd: s.ledger, env: env)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    /// A ledger whose history has authors with Chinese names and an emoji, and long messages.
    func ledger() throws -> Sandbox {
        let s = try Sandbox()
        try s.makeLedger()
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "45%", "--weight", "60",
                  "-m", "Q3 goals agreed with Alice after the planning offsite in Hangzhou, see the minutes of 2026-06-18 for the reasons",
                  env: ["GIT_AUTHOR_NAME": "李娜", "GIT_AUTHOR_EMAIL": "li@example.com"])
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--target", "44%",
                  "-m", "目标下调：新用户引导功能推迟到九月上线，留存目标相应调整为百分之四十四",
                  env: ["GIT_AUTHOR_NAME": "🚀 Launch Bot", "GIT_AUTHOR_EMAIL": "bot@example.com"])
        try s.kpi("goal", "set", "alice", "retention", "--quarter", "2026-Q3", "--weight", "50", "-m", "weight 50")
        return s
    }

    /// A `less` of our own first on PATH: says it ran, with LESS, then passes the text on.
    func fakePagers(_ s: Sandbox) throws -> [String: String] {
        let bin = s.dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for name in ["less", "pager-a", "pager-b", "pager-c"] {
            let url = bin.appendingPathComponent(name)
            try Data("#!/bin/sh\necho \"[\(name) LESS=$LESS]\"\nexec cat\n".utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
        return ["PATH": bin.path + ":" + (s.env["PATH"] ?? "/usr/bin:/bin")]
    }

    func testOnATerminalOutputGoesThroughThePagerGitWouldChoose() throws {
        let s = try ledger()
        var env = try fakePagers(s)
        let table = try s.kpi("history", "alice").stdout   // not a terminal: never paged
        XCTAssertFalse(table.contains("[less"))

        XCTAssertEqual(try onTerminal(s, columns: 300, ["history", "alice"], env: env), "[less LESS=FRX]\n" + table)
        env["LESS"] = "-S"
        XCTAssertTrue(try onTerminal(s, columns: 300, ["history", "alice"], env: env).hasPrefix("[less LESS=-S]\n"))
        env["PAGER"] = "pager-a"
        XCTAssertTrue(try onTerminal(s, columns: 300, ["log"], env: env).hasPrefix("[pager-a LESS=-S]\n"))
        try s.git("config", "core.pager", "pager-b")
        XCTAssertTrue(try onTerminal(s, columns: 300, ["audit"], env: env).hasPrefix("[pager-b LESS=-S]\n"))
        env["KPI_PAGER"] = "pager-c"
        XCTAssertTrue(try onTerminal(s, columns: 300, ["score", "--quarter", "2026-Q3"], env: env).hasPrefix("[pager-c LESS=-S]\n"))

        // --no-pager, before or after the command; a pager of `cat` or nothing means none.
        XCTAssertEqual(try onTerminal(s, columns: 300, ["history", "alice", "--no-pager"], env: env), table)
        XCTAssertEqual(try onTerminal(s, columns: 300, ["--no-pager", "-C", s.ledger, "history", "alice"], env: env), table)
        env["KPI_PAGER"] = "cat"
        XCTAssertEqual(try onTerminal(s, columns: 300, ["history", "alice"], env: env), table)
        env["KPI_PAGER"] = ""
        XCTAssertEqual(try onTerminal(s, columns: 300, ["history", "alice"], env: env), table)
    }

    func testTheRealLessShowsTheTextAndQuitsWhenItFitsOnAScreen() throws {
        let s = try ledger()
        let plain = try onTerminal(s, columns: 300, ["log"], env: ["KPI_PAGER": "cat"])
        // less -FRX with a text shorter than the screen prints it and exits by itself.
        let shown = try onTerminal(s, columns: 300, ["log"], env: ["TERM": "xterm"])
        XCTAssertNotEqual(shown, plain)  // less's own terminal codes (keypad mode, attribute resets) are there
        // Without those codes, the text exactly: less ran, showed it all and quit without a key.
        let codes = try NSRegularExpression(pattern: "\u{1B}(\\[[0-9;?]*[A-Za-z]|[=>])|\r")
        let text = codes.stringByReplacingMatches(in: shown, range: NSRange(shown.startIndex..., in: shown), withTemplate: "")
        XCTAssertEqual(text, plain)
    }

    func testTablesAndLogLinesFitTheTerminalUnlessWide() throws {
        let s = try ledger()
        let env = ["KPI_PAGER": "cat"]
        let whole = try s.kpi("history", "alice").stdout
        XCTAssertTrue(whole.contains("see the minutes of 2026-06-18 for the reasons\n"))
        XCTAssertEqual(try onTerminal(s, columns: 300, ["history", "alice"], env: env), whole)

        for columns in [110, 140] {
            let fitted = try onTerminal(s, columns: columns, ["history", "alice"], env: env)
            let lines = fitted.split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.count, whole.split(separator: "\n").count)
            // Python's East Asian Width data measures independently of kpi.
            for (line, width) in zip(lines, try pythonWidths(lines)) { XCTAssertLessThanOrEqual(width, columns, line) }
            XCTAssertTrue(lines.contains { $0.hasSuffix("…") }, fitted)
            XCTAssertTrue(lines[0].hasSuffix("Message"))
        }
        XCTAssertEqual(try onTerminal(s, columns: 100, ["history", "alice", "--wide"], env: env), whole)
        XCTAssertEqual(try onTerminal(s, columns: 100, ["history", "alice"], env: env.merging(["COLUMNS": "300"]) { $1 }), whole)

        let log = try onTerminal(s, columns: 60, ["log"], env: env).split(separator: "\n").map(String.init)
        for (line, width) in zip(log, try pythonWidths(log)) { XCTAssertLessThanOrEqual(width, 60, line) }
        XCTAssertTrue(log.contains { $0.hasSuffix("…") })
        XCTAssertEqual(try onTerminal(s, columns: 60, ["log", "--wide"], env: env), try s.kpi("log").stdout)
    }

    /// Narrower than the tables' natural width: the history shows each date's day and each
    /// author's name, shrinkable columns go down to their titles, and a line that still does not
    /// fit is cut with `…`, so no line is wider than the terminal. `--wide` keeps them whole.
    func testNarrowTerminalsStillFit() throws {
        let s = try ledger()
        try s.kpi("person", "add", "chen", "--name", "陈爱丽 Alice Chen the Second of Hangzhou", "--email", "chen@example.com",
                  "--manager", "bob", "--team", "product", "--scorecard", "pm_mid")
        try s.kpi("goal", "set", "chen", "retention", "--quarter", "2026-Q3", "--target", "45%", "--weight", "60")
        let env = ["KPI_PAGER": "cat"]
        for args in [["history", "alice"], ["score", "--quarter", "2026-Q3"], ["score", "--year", "2026"]] {
            for columns in [60, 80, 100] {
                let lines = try onTerminal(s, columns: columns, args, env: env).split(separator: "\n").map(String.init)
                for (line, width) in zip(lines, try pythonWidths(lines)) {
                    XCTAssertLessThanOrEqual(width, columns, "\(args) at \(columns): \(line)")
                }
            }
            XCTAssertEqual(try onTerminal(s, columns: 60, args + ["--wide"], env: env), try s.run(Sandbox.kpiBinary.path, args, cwd: s.ledger).stdout)
        }
        // A table written to a file with -o keeps every cell whole, whatever the terminal's width.
        _ = try onTerminal(s, columns: 40, ["score", "--quarter", "2026-Q3", "-o", "scores.txt"], env: env)
        XCTAssertEqual(try s.read("scores.txt"), try s.run(Sandbox.kpiBinary.path, ["score", "--quarter", "2026-Q3"], cwd: s.ledger).stdout)
        let history = try onTerminal(s, columns: 70, ["history", "alice"], env: env)
        XCTAssertTrue(history.contains("  2026-06-20  李娜  "), history)
        XCTAssertFalse(history.contains("+08:00"), history)
    }

    func pythonWidths(_ lines: [String]) throws -> [Int] {
        let script = """
            import sys, unicodedata
            def w(c):
                if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"): return 0
                return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
            for line in sys.stdin.read().split("\\n"):
                print(sum(w(c) for c in line))
            """
        let s = try Sandbox()
        let r = try s.run("/usr/bin/python3", ["-c", script], stdin: lines.joined(separator: "\n"))
        return r.stdout.split(separator: "\n").map { Int($0)! }
    }

    /// tmux draws each table row; after each row's text up to a column, tmux's cursor says which
    /// terminal column that is. Every row's column must start where the header's does.
    func testEmojiAndChineseLineUpInTmux() throws {
        let s = try ledger()
        let table = try s.kpi("history", "alice").stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(table.count, 5)
        // Each row up to the start of its 4th, 7th and 8th cells (cells are split by two spaces or more).
        func cellStarts(_ row: String) -> [String.Index] {
            var starts = [row.startIndex], spaces = 0
            for i in row.indices {
                if row[i] == " " { spaces += 1; continue }
                if spaces >= 2 { starts.append(i) }
                spaces = 0
            }
            return starts
        }
        var prefixes: [String] = []
        for column in [3, 6, 7] {
            for row in table {
                let starts = cellStarts(row)
                XCTAssertEqual(starts.count, 8, row)
                prefixes.append(String(row[..<starts[column]]))
            }
        }
        let input = s.dir.appendingPathComponent("prefixes.txt")
        try Data((prefixes.joined(separator: "\n") + "\n").utf8).write(to: input)
        let xs = s.dir.appendingPathComponent("xs.txt"), done = s.dir.appendingPathComponent("done")
        let session = "kpi-\(UUID().uuidString.prefix(8))"
        let loop = """
            while IFS= read -r p; do printf '\\033[2J\\033[H%s' "$p"; sleep 0.2; \
            tmux display -p -t "$TMUX_PANE" '#{cursor_x}' >> \(xs.path); done < \(input.path); touch \(done.path); sleep 30
            """
        let tmux = try s.run("/usr/bin/tmux", ["-L", session, "-f", "/dev/null", "new-session", "-d", "-x", "300", "-y", "10",
                                               "/bin/sh", "-c", loop], env: ["LANG": "C.UTF-8", "TERM": "xterm-256color"])
        XCTAssertEqual(tmux.status, 0, tmux.stderr)
        defer { _ = try? s.run("/usr/bin/tmux", ["-L", session, "kill-server"]) }
        for _ in 0..<300 where !FileManager.default.fileExists(atPath: done.path) { usleep(100_000) }
        let columns = try String(contentsOf: xs, encoding: .utf8).split(separator: "\n").map { Int($0)! }
        XCTAssertEqual(columns.count, prefixes.count)
        // Three columns: the header's position, then each of the four rows'.
        for group in 0..<3 {
            let slice = Array(columns[(group * 5)..<(group * 5 + 5)])
            XCTAssertEqual(Set(slice).count, 1, "column \(group) starts at \(slice) in tmux:\n\(prefixes[(group * 5)..<(group * 5 + 5)].joined(separator: "|\n"))")
        }
    }
}
