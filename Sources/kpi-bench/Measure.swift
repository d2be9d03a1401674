import Foundation
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

struct RunResult {
    var seconds: Double
    var maxRSSKB: Int
    var status: Int32
    var stdout: [UInt8]
    var stderr: [UInt8]
    /// User + system CPU seconds (GNU time's %U + %S; 0 without /usr/bin/time).
    var cpuSeconds: Double = 0
    var ok: Bool { status == 0 }
}

/// Runs a program (no shell) with stdout/stderr captured into files, timing it and reading the
/// child's own peak resident set size from wait4's rusage.
func run(_ argv0: [String], cwd: String? = nil, env: [String: String] = [:], keepOutput: Bool = true) -> RunResult {
    // Peak memory through GNU time: a child spawned by this (large) process inherits its
    // high-water mark at exec, so wait4's ru_maxrss would report the benchmark's own size.
    let timed = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
    let argv0 = timed ? ["/usr/bin/time", "-f", "KPIBENCH_MAXRSS %M %U %S"] + argv0 : argv0
    let argv = cwd.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0] + argv0 } ?? argv0
    let tmp = NSTemporaryDirectory() + "kpi-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let outPath = keepOutput ? tmp + ".out" : "/dev/null"
    let errPath = tmp + ".err"
    var fa = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&fa)
    posix_spawn_file_actions_addopen(&fa, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&fa, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var environment = ProcessInfo.processInfo.environment
    for (k, v) in env { environment[k] = v }
    let cargs = argv.map { strdup($0) } + [nil]
    let cenv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { cargs.forEach { free($0) }; cenv.forEach { free($0) }; posix_spawn_file_actions_destroy(&fa) }
    var pid: pid_t = 0
    let t0 = now()
    let rc = posix_spawnp(&pid, argv[0], &fa, nil, cargs, cenv)
    guard rc == 0 else {
        return RunResult(seconds: 0, maxRSSKB: 0, status: -1, stdout: [], stderr: Array("cannot run \(argv[0]): \(String(cString: strerror(rc)))".utf8))
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let t1 = now()
    let exit: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let out = keepOutput ? ((try? Data(contentsOf: URL(fileURLWithPath: outPath))).map { [UInt8]($0) } ?? []) : []
    var err = (try? Data(contentsOf: URL(fileURLWithPath: errPath))).map { [UInt8]($0) } ?? []
    // CPU from wait4's rusage, which counts the children the waited process reaped (so the
    // program under GNU time too) to the microsecond; time's own %U %S are in hundredths,
    // too coarse for a 30 ms `kpi record`.
    var maxRSS = Int(usage.ru_maxrss)
    var cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    if timed {
        var lines = String(decoding: err, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let i = lines.lastIndex(where: { $0.hasPrefix("KPIBENCH_MAXRSS ") }) {
            let fields = lines[i].dropFirst(16).split(separator: " ")
            maxRSS = fields.first.flatMap { Int($0) } ?? maxRSS
            if cpu == 0 { cpu = fields.dropFirst().compactMap { Double($0) }.reduce(0, +) }
            lines.remove(at: i)
            // GNU time reports a non-zero exit on the line before.
            if i > 0, lines[i - 1].hasPrefix("Command exited with non-zero status") { lines.remove(at: i - 1) }
            err = Array(lines.joined(separator: "\n").utf8)
        }
    }
    if keepOutput { unlink(outPath) }
    unlink(errPath)
    return RunResult(seconds: t1 - t0, maxRSSKB: maxRSS, status: exit, stdout: out, stderr: err, cpuSeconds: cpu)
}

func sh(_ script: String, cwd: String? = nil) -> RunResult { run(["/bin/bash", "-c", script], cwd: cwd) }

/// The best (minimum) time of `n` runs of `body`.
func best(_ n: Int, _ body: () throws -> Void) rethrows -> Double {
    var b = Double.infinity
    for _ in 0..<n {
        let t0 = now()
        try body()
        b = min(b, now() - t0)
    }
    return b
}

func fmt(_ v: Double, _ places: Int = 2) -> String { String(format: "%.\(places)f", v) }
func fmtTime(_ s: Double) -> String { s < 1 ? "\(fmt(s * 1000, 1)) ms" : "\(fmt(s, 2)) s" }
func fmtMB(_ bytes: Int) -> String { "\(fmt(Double(bytes) / 1_000_000, 1)) MB" }

func dirSize(_ dir: String) -> Int {
    var total = 0
    guard let walker = FileManager.default.enumerator(atPath: dir) else { return 0 }
    while let rel = walker.nextObject() as? String {
        if rel.hasPrefix(".git") { continue }
        if let a = try? FileManager.default.attributesOfItem(atPath: dir + "/" + rel), (a[.type] as? FileAttributeType) == .typeRegular {
            total += (a[.size] as? Int) ?? 0
        }
    }
    return total
}

/// Collects the result rows and prints them as they come (and as a Markdown table at the end);
/// a row with a target says whether this run met it.
final class Table {
    var rows: [[String]] = []
    func add(_ what: String, _ kpi: String, _ peer: String, _ ratio: String, _ target: String, met: Bool? = nil) {
        let verdict = met.map { $0 ? "met" : "NOT met" } ?? "—"
        rows.append([what, kpi, peer, ratio, target, verdict])
        print("  → \(what): kpi \(kpi) | peer \(peer) | \(ratio) | target \(target) | \(verdict)")
        fflush(nil)
    }
    func markdown() -> String {
        var s = "| measurement | kpi | peer | ratio | target | met? |\n|---|---|---|---|---|---|\n"
        for r in rows { s += "| " + r.joined(separator: " | ") + " |\n" }
        return s
    }
}
