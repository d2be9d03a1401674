import ArgumentParser
import Foundation
import GitStore
import LedgerCore

/// The report cache (docs/architecture.md, "The report cache"): what a read command wrote to
/// standard output and standard error, and its exit code, kept in `.git/kpi/reports-v1/` under
/// the key of its inputs (`ReportInputs`), and shown again from there, a piece at a time, when
/// the same command runs on the same inputs. Used only when standard output is not a terminal
/// (colours, width and the pager then play no part) and the command writes nothing but its
/// output. An entry is written to a temporary file and renamed once the command has finished
/// (0, or the exit code it chose, such as 1 for errors found); a failed or killed run leaves
/// none. It ends in a checksum of the rest (`CacheFile.seal`), checked before a byte of it is
/// shown: a damaged entry, or one of another version, is ignored and written again. At most `maxEntries` entries and `maxBytes` in all are
/// kept, the least recently used removed first. `KPI_NO_REPORT_CACHE=1` turns it off.
enum ReportCache {
    static let folder = "reports-v1"
    static let maxEntries = 16
    /// All entries together; one entry's output at most half of it.
    static let maxBytes = 1 << 30
    /// The piece read or written at a time: what a hit holds in memory.
    static let piece = 1 << 20
    /// Version 2 ends in `CacheFile.seal` (version 1 ended in a SHA-1, which cost a cold year
    /// ~4 ms of CPU over its 8 MB of JSON, and a warm one as much before its first byte).
    static let magic = Array("kpi-report 2\n".utf8)
    /// magic, key, exit code, standard output's and standard error's lengths, the seal.
    static let trailerSize = magic.count + 20 + 4 + 8 + 8 + 8

    /// The command line after git's leading options (`KPICommand.run` sets it).
    nonisolated(unsafe) static var arguments: [String] = []
    /// The entry this run is writing, while it runs.
    nonisolated(unsafe) static var recording: Recording?

    /// Runs `body` (a read command that writes only through `Output`), or shows what an earlier
    /// run on the same inputs wrote. `cacheable`: the command's options allow it (no file
    /// written, the working files read).
    static func run(cacheable: Bool, start: String, _ body: () throws -> Void) throws {
        let environment = ProcessInfo.processInfo.environment
        guard cacheable, isatty(1) == 0, !Output.muted, Output.captured == nil, recording == nil,
              environment["KPI_NO_REPORT_CACHE"].map({ $0.isEmpty || $0 == "0" }) ?? true else {
            return try body()
        }
        let context = context(environment)
        func inputs(since: timespec? = nil) -> ReportInputs? {
            ReportInputs.of(start: start, context: context, environment: environment, changedSince: since)
        }
        guard let head = ReportInputs.Head.of(start: start, context: context, environment: environment) else { return try body() }
        let dir = (head.gitDir.hasSuffix("/") ? head.gitDir : head.gitDir + "/") + "kpi/" + folder
        // The key before the command, to look for its entry, only when there are entries.
        var before: ReportInputs?
        if hasEntries(dir) {
            guard let keyed = inputs() else { return try body() }
            if let code = serve(dir + "/" + keyed.key.hex, key: keyed.key) {
                if code != 0 { throw ExitCode(code) }
                return
            }
            before = keyed
        }
        guard let entry = Recording(dir: dir) else { return try body() }
        // Without a key before, the key after names what the command read when nothing it
        // looks at changed since the entry was begun: no change time at or after its temporary
        // file's (the same file system's clock as the ledger's) and the same head.
        let since = before == nil ? entry.begun(onDeviceOf: head.root) : nil
        if before == nil, since == nil {
            guard let keyed = inputs() else {
                entry.abandon()
                return try body()
            }
            before = keyed
        }
        recording = entry
        entry.keying = Recording.Keying(start: start, context: context, environment: environment, since: since)
        // Kept only when the inputs are still those the command read: a file changed while the
        // command read it may have given output of neither state.
        func keyAfter() -> ObjectID? {
            // The key of what the command's load read (`noteLoad`): the one looked up before, or
            // with none before, nothing else it names changed since the entry was begun; the
            // head the same from start to end. Else the key of a walk after the command.
            if let (pending, working) = entry.loaded, !working.listedAgain, let read = pending.value {
                guard !read.touched, read.head == head.key,
                      ReportInputs.Head.of(start: start, context: context, environment: environment)?.key == head.key else { return nil }
                if let before { return read.key == before.key ? read.key : nil }
                return read.key
            }
            guard let after = inputs(since: since) else { return nil }
            if let before { return after.key == before.key ? after.key : nil }
            return !after.touched && after.head == head.key ? after.key : nil
        }
        do {
            try body()
            recording = nil
            if let key = keyAfter() { entry.finish(exit: 0, key: key) } else { entry.abandon() }
        } catch let code as ExitCode {
            recording = nil
            if let key = keyAfter() { entry.finish(exit: code.rawValue, key: key) } else { entry.abandon() }
            throw code
        } catch {
            recording = nil
            entry.abandon()
            throw error
        }
    }

    /// The command's load of the working files is done (`working`: what it listed and read):
    /// the entry being written takes its key from it (`ReportInputs.of(loaded:)`), with no walk
    /// of the files after the command.
    /// The key is worked out on a thread of its own while the command scores and writes.
    /// `listing`: the working files' listing taken before git's status let their states go
    /// (`ScoreCommand.settle`), else taken now.
    static func noteLoad(_ working: WorkingFiles?, listing taken: WorkingFiles.Listing? = nil) {
        guard let entry = recording, let working, let listing = taken ?? working.listing, let keying = entry.keying else { return }
        entry.loaded = (LoadKey(listing, keying), working)
    }

    /// `ReportInputs.of(loaded:)`, worked out on a thread of its own.
    final class LoadKey: @unchecked Sendable {
        private var result: ReportInputs?
        private let done = DispatchSemaphore(value: 0)

        init(_ listing: WorkingFiles.Listing, _ keying: Recording.Keying) {
            Thread { [self] in
                result = ReportInputs.of(loaded: listing, start: keying.start, context: keying.context,
                                         environment: keying.environment, changedSince: keying.since)
                done.signal()
            }.start()
        }

        /// The key, once worked out (nil when the load's notes cannot name it).
        var value: ReportInputs? {
            done.wait()
            done.signal()
            return result
        }
    }

    /// Whether the folder holds an entry (a name not starting with `.`; temporary files do).
    static func hasEntries(_ dir: String) -> Bool {
        guard let d = opendir(dir) else { return false }
        defer { closedir(d) }
        while let e = readdir(d) {
            if withUnsafeBytes(of: e.pointee.d_name, { $0.first }) != UInt8(ascii: ".") { return true }
        }
        return false
    }

    /// What the command asked beside the files: its arguments and folder, today (the day a
    /// report is as of, GIT_AUTHOR_DATE's when set), the time zone, whether standard error is a
    /// terminal, and the environment variables kpi or libgit2 read.
    static func context(_ environment: [String: String]) -> [UInt8] {
        let zone = TimeZone.current
        var parts = ["arguments"] + arguments + ["folder", FileManager.default.currentDirectoryPath,
                                                 "today", "\(Today.day().daysSinceEpoch)",
                                                 "zone", zone.identifier, "\(zone.secondsFromGMT())", "stderr", "\(isatty(2))"]
        let named: Set = ["TZ", "NO_COLOR", "TERM", "COLUMNS", "HOME", "XDG_CONFIG_HOME", "LANG", "LC_ALL", "LC_CTYPE"]
        for (k, v) in environment.sorted(by: { $0.key < $1.key })
        where k.hasPrefix("GIT_") || k.hasPrefix("KPI_") || named.contains(k) {
            parts.append(k + "=" + v)
        }
        return Array(parts.joined(separator: "\0").utf8)
    }

    /// Shows the entry at `path` and returns its exit code; nil, having shown nothing, when
    /// there is none or it is not whole and intact.
    static func serve(_ path: String, key: ObjectID) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) >= trailerSize else { return nil }
        let size = Int(st.st_size)
        var trailer = [UInt8](repeating: 0, count: trailerSize)
        guard readFully(fd, into: &trailer, count: trailerSize, at: size - trailerSize) else { return nil }
        var at = magic.count
        guard trailer[..<at].elementsEqual(magic), trailer[at..<(at + 20)].elementsEqual(key.bytes) else { return nil }
        at += 20
        func integer(_ n: Int) -> UInt64 {
            defer { at += n }
            return trailer[at..<(at + n)].reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
        let code = Int32(truncatingIfNeeded: integer(4)), outCount = integer(8), errCount = integer(8)
        guard outCount <= UInt64(size), errCount <= UInt64(size), Int(outCount + errCount) + trailerSize == size else { return nil }
        // The whole entry checked before any of it is shown.
        var sealer = CacheFile.Sealer()
        var buffer = [UInt8](repeating: 0, count: min(piece, size))
        var offset = 0
        while offset < size - 8 {
            let n = min(buffer.count, size - 8 - offset)
            guard readFully(fd, into: &buffer, count: n, at: offset) else { return nil }
            buffer.withUnsafeBytes { sealer.update(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
            offset += n
        }
        guard integer(8) == sealer.finish() else { return nil }
        for (fd2, from, count) in [(Int32(1), 0, Int(outCount)), (Int32(2), Int(outCount), Int(errCount))] {
            var done = 0
            while done < count {
                let n = min(buffer.count, count - done)
                guard readFully(fd, into: &buffer, count: n, at: from + done) else { return nil }
                Output.write(buffer[..<n], to: fd2)
                done += n
            }
        }
        // Used now: the last to be evicted.
        utimensat(AT_FDCWD, path, nil, 0)
        return code
    }

    private static func readFully(_ fd: Int32, into buffer: inout [UInt8], count: Int, at offset: Int) -> Bool {
        var got = 0
        while got < count {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, count - got, off_t(offset + got)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            got += n
        }
        return true
    }

    /// An entry being written: standard output into its temporary file a piece at a time,
    /// standard error (a few lines) held until the end. Each piece is hashed and written on a
    /// thread of its own (`writer`) while the command goes on (135 MB of a million records'
    /// JSON took a tenth of a second of the command's own thread); at most `inFlight` pieces
    /// wait for it.
    final class Recording: @unchecked Sendable {
        let dir: String
        let temporary: String
        /// What the key is computed with: the command's folder, context and environment, and
        /// the time changes are looked for from (nil with a key taken before the command).
        var keying: Keying?
        struct Keying: @unchecked Sendable {
            let start: String, context: [UInt8], environment: [String: String], since: timespec?
        }
        /// The key of what the command's load read, and the load's notes (`noteLoad`).
        var loaded: (LoadKey, WorkingFiles)?
        private let fd: Int32
        /// The seal of what `writer` wrote so far (used there only, then by `finish` once it is drained).
        private var sealer = CacheFile.Sealer()
        /// Standard output not yet handed to `writer`: large pieces as the command gave them
        /// (no copy: a year's JSON comes in pieces of 64 KiB), small ones gathered in `buffer`.
        private var pending: [ArraySlice<UInt8>] = []
        private var pendingCount = 0
        private var buffer: [UInt8] = []
        private var outCount = 0
        private var err: [UInt8] = []
        /// Set on the command's thread: too much output.
        private var failed = false
        /// Set on `writer` only: a write that failed (read once `writer` is drained).
        private var writeFailed = false
        private let writer = DispatchQueue(label: "kpi.report-cache.write")
        private let room = DispatchSemaphore(value: Recording.inFlight)
        static let inFlight = 4

        init?(dir: String) {
            guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil else { return nil }
            self.dir = dir
            temporary = dir + "/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return nil }
        }

        /// A piece at least this long is kept as given rather than copied.
        static let kept = 1 << 14

        deinit { writer.sync {} }

        /// When the entry was begun, by the clock of the file system its temporary file is on:
        /// its change time; nil when that is not the file system of `root` (another clock).
        func begun(onDeviceOf root: String) -> timespec? {
            var mine = stat(), theirs = stat()
            guard fstat(fd, &mine) == 0, stat(root, &theirs) == 0, mine.st_dev == theirs.st_dev else { return nil }
            return mine.st_ctim
        }

        /// Bytes the command wrote to `fd` (1 or 2).
        func note(_ bytes: ArraySlice<UInt8>, fd: Int32) {
            guard !failed else { return }
            if fd == 2 {
                err += bytes
                if err.count > ReportCache.piece { failed = true }
                return
            }
            outCount += bytes.count
            if outCount > ReportCache.maxBytes / 2 { failed = true; return }
            if bytes.count >= Recording.kept {
                gather()
                pending.append(bytes)
            } else {
                buffer += bytes
                if buffer.count >= Recording.kept { gather() }
            }
            pendingCount += bytes.count
            if pendingCount >= ReportCache.piece { flush() }
        }

        /// The small pieces gathered so far, put in line.
        private func gather() {
            guard !buffer.isEmpty else { return }
            pending.append(buffer[...])
            buffer = []
        }

        /// What is pending handed to `writer`, hashed and written there in order.
        private func flush() {
            gather()
            guard !failed, !pending.isEmpty else { return }
            let pieces = pending
            pending = []
            pendingCount = 0
            room.wait()
            writer.async { [self] in
                defer { room.signal() }
                for piece in pieces {
                    guard !writeFailed else { return }
                    sealer.update(piece)
                    if !writeAll(piece) { writeFailed = true }
                }
            }
        }

        private func writeAll(_ bytes: ArraySlice<UInt8>) -> Bool {
            (try? bytes.withUnsafeBytes { try FileIO.writeAll(fd, $0, name: temporary) }) != nil
        }

        /// Seals the entry and puts it in place under `key` (a failure leaves none).
        func finish(exit code: Int32, key: ObjectID) {
            flush()
            writer.sync {}
            failed = failed || writeFailed
            if !failed {
                var trailer = ReportCache.magic + key.bytes
                func integer(_ v: UInt64, _ n: Int) { for i in 0..<n { trailer.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
                integer(UInt64(UInt32(bitPattern: code)), 4)
                integer(UInt64(outCount), 8)
                integer(UInt64(err.count), 8)
                sealer.update(err[...])
                sealer.update(trailer[...])
                integer(sealer.finish(), 8)
                failed = !writeAll(err[...]) || !writeAll(trailer[...])
            }
            if close(fd) != 0 { failed = true }
            if failed || rename(temporary, dir + "/" + key.hex) != 0 {
                unlink(temporary)
                return
            }
            ReportCache.evict(in: dir)
        }

        func abandon() {
            writer.sync {}
            close(fd)
            unlink(temporary)
        }
    }

    /// Keeps at most `maxEntries` entries and `maxBytes` in all, the most recently used; removes
    /// the temporary files of writers no longer running.
    static func evict(in dir: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        var entries: [(name: String, used: Int, size: Int)] = []
        for name in names {
            var st = stat()
            guard lstat(dir + "/" + name, &st) == 0 else { continue }
            if name.hasPrefix(".tmp-") {
                let pid = name.dropFirst(5).prefix { $0 != "-" }
                if let pid = Int32(pid), kill(pid, 0) != 0, errno == ESRCH { unlink(dir + "/" + name) }
                continue
            }
            entries.append((name, st.st_mtim.tv_sec * 1_000_000_000 + st.st_mtim.tv_nsec, Int(st.st_size)))
        }
        entries.sort { $0.used > $1.used }
        var total = 0
        for (n, e) in entries.enumerated() {
            total += e.size
            if n >= maxEntries || total > maxBytes { unlink(dir + "/" + e.name) }
        }
    }
}
