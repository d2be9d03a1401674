// The floor of a cold run over many small files: reading the ledger's files at all, in one
// process on both cores, two ways. `readAll` as kpi read them until session 17 (the list kpi
// makes, then `lstat`, `open` by the whole path, read, close); `readAllAt` the least a reader
// can do (each folder listed once, a file's type from the listing's `d_type`, each file opened
// relative to its folder's descriptor with `O_NOFOLLOW`, so no `lstat` and no walk of the whole
// path). BENCHMARKS.md, "Session 18", says what the two measured.
import Foundation
import LedgerCore

struct ReadFloor {
    var seconds: Double
    var cpu: Double
    var bytes: Int
    var files: Int
}

/// Every ledger file under `dir` listed (as kpi lists them), then each `lstat`ed, opened by its
/// whole path, read to its end and closed, on two threads.
func readAll(_ dir: String) -> ReadFloor {
    let t0 = now(), c0 = processCPU()
    let paths = DirectorySource(root: dir).files(under: LedgerLayout.ledgerRoots).map { dir + "/" + $0 }
    let totals = Totals()
    DispatchQueue.concurrentPerform(iterations: 2) { half in
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        for i in stride(from: half, to: paths.count, by: 2) {
            var st = stat()
            guard lstat(paths[i], &st) == 0 else { continue }
            let fd = open(paths[i], O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { continue }
            total += readToEnd(fd, &buffer)
            close(fd)
        }
        totals.add(total)
    }
    return ReadFloor(seconds: now() - t0, cpu: processCPU() - c0, bytes: totals.sum, files: paths.count)
}

/// The ledger's folders listed with `readdir` (names starting with "." left out, as kpi leaves
/// them), each regular file then opened with `openat(folder, name, O_NOFOLLOW)`, read to its end
/// and closed, on two threads. The folders' descriptors stay open until every file is read.
func readAllAt(_ dir: String) -> ReadFloor {
    let t0 = now(), c0 = processCPU()
    var folders: [Int32] = []
    var names: [CChar] = []          // every file's name, each ended by a NUL
    var files: [(folder: Int32, name: Int)] = []
    func walk(_ folder: Int32) {
        folders.append(folder)
        guard let listing = fdopendir(dup(folder)) else { return }
        defer { closedir(listing) }
        while let entry = readdir(listing) {
            let type = entry.pointee.d_type
            withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { name in
                    guard name[0] != 0x2E else { return }
                    if type == UInt8(DT_DIR) {
                        let sub = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                        if sub >= 0 { walk(sub) }
                    } else if type == UInt8(DT_REG) {
                        files.append((folder, names.count))
                        names.append(contentsOf: UnsafeBufferPointer(start: name, count: strlen(name) + 1))
                    }
                }
            }
        }
    }
    let top = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    var settings = 0
    for root in LedgerLayout.ledgerRoots {
        let sub = openat(top, root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if sub >= 0 { walk(sub) } else if root == LedgerLayout.settingsFile && faccessat(top, root, F_OK, 0) == 0 { settings = 1 }
    }
    let totals = Totals(), hasSettings = settings == 1
    names.withUnsafeBufferPointer { lentNames in
        files.withUnsafeBufferPointer { lentFiles in
            // Read only, by both threads, while the arrays are lent.
            nonisolated(unsafe) let arena = lentNames, list = lentFiles
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                var buffer = [UInt8](repeating: 0, count: 1 << 20)
                var total = 0
                if half == 0 && hasSettings {
                    let fd = openat(top, LedgerLayout.settingsFile, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
                    if fd >= 0 { total += readToEnd(fd, &buffer); close(fd) }
                }
                for i in stride(from: half, to: list.count, by: 2) {
                    let fd = openat(list[i].folder, arena.baseAddress! + list[i].name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
                    guard fd >= 0 else { continue }
                    total += readToEnd(fd, &buffer)
                    close(fd)
                }
                totals.add(total)
            }
        }
    }
    for folder in folders { close(folder) }
    close(top)
    return ReadFloor(seconds: now() - t0, cpu: processCPU() - c0, bytes: totals.sum, files: files.count + settings)
}

private func readToEnd(_ fd: Int32, _ buffer: inout [UInt8]) -> Int {
    var total = 0
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n <= 0 { return total }
        total += n
    }
}

/// This process's CPU so far, user and system, in seconds.
private func processCPU() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

/// Bytes read by each thread, added up.
private final class Totals: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var sum = 0
    func add(_ n: Int) { lock.lock(); sum += n; lock.unlock() }
}
