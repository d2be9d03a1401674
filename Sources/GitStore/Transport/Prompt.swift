#if canImport(Glibc)
import Glibc
#endif

/// Asking the person at the keyboard, in git's order: the askpass program (`GIT_ASKPASS`,
/// then `core.askPass`, then `SSH_ASKPASS`), else the terminal (`/dev/tty`, with echo off for
/// secrets) unless `GIT_TERMINAL_PROMPT=0`. No terminal and no askpass: no answer.
struct Prompt {
    let environment: [String: String]
    let config: GitConfigEntries

    var askpassProgram: String? {
        for candidate in [environment["GIT_ASKPASS"], config.value("core.askPass"), environment["SSH_ASKPASS"]] {
            if let c = candidate, !c.isEmpty { return c }
        }
        return nil
    }

    var terminalAllowed: Bool { GitConfigEntries.bool(environment["GIT_TERMINAL_PROMPT"]) != false }

    /// Where an answer could come from, for error messages.
    var sources: String {
        var s = askpassProgram.map { "askpass program '\($0)'" } ?? "GIT_ASKPASS / core.askPass (not set)"
        s += terminalAllowed ? ", a terminal prompt (no terminal)" : ", a terminal prompt (GIT_TERMINAL_PROMPT=0)"
        return s
    }

    func ask(_ prompt: String, secret: Bool) -> String? {
        if let program = askpassProgram {
            guard let r = Subprocess.shell(Subprocess.quote(program) + " " + Subprocess.quote(prompt),
                                           environment: environment), r.status == 0 else { return nil }
            var answer = r.output
            while answer.hasSuffix("\n") || answer.hasSuffix("\r") { answer.removeLast() }
            return answer
        }
        guard terminalAllowed else { return nil }
        return Prompt.terminal(prompt, secret: secret)
    }

    static func terminal(_ prompt: String, secret: Bool) -> String? {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var saved = termios()
        let haveTermios = tcgetattr(fd, &saved) == 0
        if secret && haveTermios {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer {
            if secret && haveTermios {
                tcsetattr(fd, TCSAFLUSH, &saved)
                _ = write(fd, "\n", 1)
            }
        }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { if line.isEmpty { return nil }; break }
            if byte == 10 { break }
            if byte != 13 { line.append(byte) }
        }
        return String(decoding: line, as: UTF8.self)
    }
}
