import Foundation
import GitStore

/// Blobs read and reduced to `FileFacts` on other threads while the scan compares trees, so a
/// cold walk uses every core: comparing 10,000 commits' trees is about what `git log --raw`
/// does, and reading and parsing both versions of each changed file is as much again
/// (BENCHMARKS.md, "Issue 16 item 3"). Each worker opens its own `Repository` (a libgit2
/// repository object is used by one thread at a time); the scanning thread joins the work when
/// it has handed out every blob (`finish`).
///
/// A blob that cannot be read here is left out: the scanner reads it again itself, so the error
/// it reports is the one a scan on one thread reports.
final class FactsPrefetch: @unchecked Sendable {
    /// Facts depend on the file's kind as well as its bytes (the same text can be goals or records).
    struct Key: Hashable, Sendable {
        let blob: ObjectID
        let kind: LedgerFileKind
    }

    private struct Job: Sendable {
        let key: Key
        let path: String
    }

    private let gitDir: String
    private let workers: Int
    /// Blobs a load beside the scan read already (`BlobShelf`): taken from it, not read again.
    private let shelf: BlobShelf?
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [Job] = []
    private var next = 0
    private var queued = Set<Key>()
    private var results: [Key: FileFacts?] = [:]
    private var closed = false
    private var running = 0
    private var started = false

    /// One thread per core besides the calling one (none on a single core), at most three.
    static let defaultWorkers = min(ProcessInfo.processInfo.activeProcessorCount - 1, 3)

    /// `workers`: threads besides the calling one.
    init(gitDir: String, workers: Int = FactsPrefetch.defaultWorkers, shelf: BlobShelf? = nil) {
        self.gitDir = gitDir
        self.workers = max(workers, 0)
        self.shelf = shelf
    }

    /// Hands out `blob` (the version of `path`, a file of `kind`) unless it was handed out already.
    /// The workers start with the first blob.
    func add(_ blob: ObjectID, path: String, kind: LedgerFileKind) {
        let key = Key(blob: blob, kind: kind)
        condition.lock()
        defer { condition.unlock() }
        guard queued.insert(key).inserted else { return }
        jobs.append(Job(key: key, path: path))
        if !started {
            started = true
            for _ in 0..<workers { startWorker() }
        }
        condition.signal()
    }

    /// Every blob handed out, read and reduced (on this thread too, through `repository`); returns
    /// the facts by blob and kind (nil facts: the version does not parse).
    func finish(helping repository: Repository) -> [Key: FileFacts?] {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        work(repository)
        condition.lock()
        while running > 0 { condition.wait() }
        let out = results
        condition.unlock()
        return out
    }

    /// Stops handing out blobs (the scan failed) and returns when every worker has stopped.
    func cancel() {
        condition.lock()
        closed = true
        next = jobs.count
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    private func startWorker() {
        running += 1
        let thread = Thread { [self] in
            if let repository = try? Repository(path: gitDir) { work(repository) }
            condition.lock()
            running -= 1
            condition.broadcast()
            condition.unlock()
        }
        // The parser recurses into nested values: the main thread's stack size, not a worker's 512 KB.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Takes jobs until none is left and none will come.
    private func work(_ repository: Repository) {
        // The jobs come in history order: a records file's next version is most often the last
        // one read with records appended, read from its last item on (`FileFacts.RecordsMemo`).
        let memo = FileFacts.RecordsMemo()
        while let job = take() {
            guard let bytes = shelf?.take(job.key.blob) ?? (try? repository.blob(job.key.blob)) else { continue }
            let facts = FileFacts.read(bytes, path: job.path, kind: job.key.kind, memo: memo)
            condition.lock()
            results[job.key] = .some(facts)
            condition.unlock()
        }
    }

    private func take() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while next == jobs.count && !closed { condition.wait() }
        guard next < jobs.count else { return nil }
        next += 1
        return jobs[next - 1]
    }
}
