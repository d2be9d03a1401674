import Foundation
import GitStore

/// Long output on a terminal goes through a pager, as git's does (docs/format.md, "Text kpi
/// shows"): KPI_PAGER, else git's core.pager, else PAGER, else `less`, run by /bin/sh with
/// LESS=FRX and LV=-c unless those are set (less quits at once when the text fits on one
/// screen, keeps colours and leaves the text on the screen). No pager when standard output is
/// not a terminal, with --no-pager, or when the pager chosen is empty or `cat`.
enum Pager {
    /// `kpi --no-pager <command>`: taken off the command line before parsing, like `-C`.
    nonisolated(unsafe) static var disabled = false

    /// The pager command, in git's order of precedence (GIT_PAGER's place is KPI_PAGER's).
    static func command(environment: [String: String], corePager: () -> String?) -> String? {
        let chosen = environment["KPI_PAGER"] ?? corePager() ?? environment["PAGER"] ?? "less"
        let trimmed = chosen.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed == "cat" ? nil : trimmed
    }

    /// Output collected for the pager, shown by `finish` (a command's `defer`), whether the
    /// command ends normally or with an error: `let pager = Pager.start(terminal, global)`
    /// then `defer { pager?.finish() }`.
    struct Session {
        let command: String

        func finish() {
            guard let bytes = Output.captured else { return }
            Output.captured = nil
            Pager.show(bytes, through: command)
        }
    }

    /// Starts collecting standard output when it is to be paged.
    static func start(_ options: TerminalOptions, in directory: String) -> Session? {
        guard !disabled, !options.noPager, isatty(1) == 1, !Output.muted, Output.captured == nil else { return nil }
        let env = ProcessInfo.processInfo.environment
        let corePager = { () -> String? in try? Repository.discover(from: directory).configString("core.pager") }
        guard let command = command(environment: env, corePager: corePager) else { return nil }
        Output.captured = []
        return Session(command: command)
    }

    static func show(_ bytes: [UInt8], through command: String) {
        guard !bytes.isEmpty else { return }
        var env = ProcessInfo.processInfo.environment
        if env["LESS"] == nil { env["LESS"] = "FRX" }
        if env["LV"] == nil { env["LV"] = "-c" }
        guard let (pid, input) = spawn(["/bin/sh", "-c", command], environment: env) else {
            // No shell to run it: the text goes to the terminal as it would without a pager.
            Output.write(bytes[...], to: 1)
            return
        }
        // Someone quitting the pager before the end closes the pipe (EPIPE; SIGPIPE is ignored).
        var rest = bytes[...]
        while !rest.isEmpty {
            let n = rest.withUnsafeBytes { Glibc.write(input, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue } else { break } }
            rest = rest.dropFirst(n)
        }
        close(input)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Starts `argv` with its standard input from a new pipe, returning its pid and the pipe's
    /// writing end. posix_spawn, not Foundation's Process: the pager must stay in kpi's process
    /// group, the terminal's foreground one, or less is stopped when it sets up the terminal.
    static func spawn(_ argv: [String], environment: [String: String]) -> (pid_t, Int32)? {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        posix_spawn_file_actions_addclose(&actions, fds[1])
        // kpi ignores SIGPIPE (Output); the pager gets the default back.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv) == 0 else {
            close(fds[0])
            close(fds[1])
            return nil
        }
        close(fds[0])
        return (pid, fds[1])
    }
}
