#if canImport(Glibc)
import Glibc
#endif

/// Which process left a file behind (a journal, a lock), and whether it is gone: the pid with
/// its start time (a pid can be reused), the boot it ran in and the host. See docs/reliability.md.
struct ProcessOwner: Equatable {
    var pid: Int32
    var startTime: String
    var bootID: String
    var host: String

    static var current: ProcessOwner {
        let pid = getpid()
        // This process's start time and boot do not change while it runs: read once (two
        // /proc files, ~20 system calls, were read for every write).
        let own = launched.pid == pid ? launched : ProcessOwner(pid: pid, startTime: startTime(of: pid) ?? "?", bootID: bootID, host: "")
        return ProcessOwner(pid: pid, startTime: own.startTime, bootID: own.bootID, host: hostName)
    }

    private static let launched: ProcessOwner = {
        let pid = getpid()
        return ProcessOwner(pid: pid, startTime: startTime(of: pid) ?? "?", bootID: bootID, host: "")
    }()

    /// `pid start boot host` (one line, no spaces inside the fields).
    var text: String { "\(pid) \(startTime) \(bootID) \(host)" }

    init(pid: Int32, startTime: String, bootID: String, host: String) {
        self.pid = pid
        self.startTime = startTime
        self.bootID = bootID
        self.host = host
    }

    init?(text: String) {
        let f = text.split(separator: " ").map(String.init)
        guard f.count == 4, let pid = Int32(f[0]) else { return nil }
        self.init(pid: pid, startTime: f[1], bootID: f[2], host: f[3])
    }

    /// True only when it is certain the process no longer runs: same host and either another
    /// boot, no such pid, or a pid now used by a process that started at another time.
    var isGone: Bool {
        guard host == ProcessOwner.hostName else { return false }
        if bootID != ProcessOwner.bootID { return true }
        if kill(pid, 0) != 0 && errno == ESRCH { return true }
        guard let now = ProcessOwner.startTime(of: pid) else { return true }
        return now != startTime
    }

    static var bootID: String {
        let bytes = (try? FileIO.read("/proc/sys/kernel/random/boot_id")) ?? nil
        let text = String(decoding: bytes ?? [], as: UTF8.self).trimmingSpaces
        return text.isEmpty ? "?" : text
    }

    static var hostName: String {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count - 1) == 0 else { return "?" }
        let name = buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return name.isEmpty ? "?" : String(name.map { $0 == " " ? "_" : $0 })
    }

    /// Field 22 of /proc/PID/stat (start time in clock ticks since boot).
    static func startTime(of pid: Int32) -> String? {
        guard let bytes = (try? FileIO.read("/proc/\(pid)/stat")) ?? nil else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        // The command name (field 2) is in parentheses and may hold spaces: count after it.
        guard let close = text.lastIndex(of: ")") else { return nil }
        let rest = text[text.index(after: close)...].split(separator: " ")
        return rest.count > 19 ? String(rest[19]) : nil
    }
}
