#if canImport(Glibc)
import Glibc
#endif

/// Runs a helper program (a credential helper, an askpass program, `git` itself) with a given
/// environment: standard input from a string, standard output captured, standard error shared
/// with kpi's (a helper's own complaints reach the user, as they do under git).
enum Subprocess {
    struct Result {
        var status: Int32
        var output: String
    }

    /// `/bin/sh -c COMMAND` — git runs credential helpers and askpass programs through the shell.
    static func shell(_ command: String, input: String? = nil, environment: [String: String],
                      captureOutput: Bool = true) -> Result? {
        run(["/bin/sh", "-c", command], input: input, environment: environment, captureOutput: captureOutput)
    }

    /// Runs `argv` (argv[0] looked up on PATH). nil when it could not be started.
    static func run(_ argv: [String], input: String?, environment: [String: String], captureOutput: Bool = true) -> Result? {
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1]
        guard pipe(&inPipe) == 0 else { return nil }
        guard pipe(&outPipe) == 0 else { close(inPipe[0]); close(inPipe[1]); return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        if captureOutput { posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1) }
        for fd in inPipe + outPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        let cargs = argv.map { strdup($0) } + [nil]
        var envList = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cargs.forEach { free($0) }; envList.forEach { free($0) } }
        var pid: pid_t = 0
        let path = argv[0].contains("/") ? argv[0] : Subprocess.which(argv[0], environment: environment) ?? argv[0]
        let rc = envList.withUnsafeMutableBufferPointer { env in
            posix_spawn(&pid, path, &actions, nil, cargs, env.baseAddress)
        }
        close(inPipe[0]); close(outPipe[1])
        guard rc == 0 else { close(inPipe[1]); close(outPipe[0]); return nil }
        if let input {
            var bytes = Array(input.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeMutableBytes { write(inPipe[1], $0.baseAddress! + offset, $0.count - offset) }
                if n <= 0 { break }   // the helper stopped reading (EPIPE: SIGPIPE is ignored)
                offset += n
            }
        }
        close(inPipe[1])
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(outPipe[0], &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        close(outPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exit, output: String(decoding: out, as: UTF8.self))
    }

    /// The first executable `name` on the environment's PATH.
    static func which(_ name: String, environment: [String: String]) -> String? {
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// A word quoted for the shell.
    static func quote(_ s: String) -> String {
        var q = "'"
        for c in s { if c == "'" { q += "'\\''" } else { q.append(c) } }
        return q + "'"
    }
}
