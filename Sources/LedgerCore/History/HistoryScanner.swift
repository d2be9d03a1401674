import Foundation
import GitStore

/// Walks the ledger's history and turns each commit's changed files into semantic events.
/// Reads only changed blobs (the tree comparison skips equal subtrees) and parses each blob
/// once (cached by object id).
public final class HistoryScanner {
    public let repository: Repository
    /// The ledger's folder in the repository ("" at its root; docs/repositories.md): every
    /// tree the scanner compares is that folder's, so paths in events are ledger paths.
    public let prefix: String
    /// Facts by blob and file kind (the same text can be goals or records).
    private var facts: [FactsPrefetch.Key: FileFacts?] = [:]
    /// Facts read on other threads during a cold scan (`prefetchFacts`), by blob and kind.
    private var prefetched: [FactsPrefetch.Key: FileFacts?] = [:]
    /// Threads besides the scanning one that read and parse changed files during a cold walk
    /// (`FactsPrefetch`); nil: no pass one, each file read when its commit's events are computed
    /// (the same events, on one thread: tests compare the two).
    var prefetchWorkers: Int? = FactsPrefetch.defaultWorkers
    /// Blobs a load of the tip beside the scan read (`BlobShelf`), for the facts pass to take.
    var shelf: BlobShelf?
    /// Called with (done, total) while walking, for progress on a terminal.
    public var progress: ((Int, Int) -> Void)?

    /// Each commit's changed files, kept in `.git/kpi/` between runs; read only when a commit's
    /// events are not in `eventCache` (a warm walk reads no tree).
    private var loadedChangeCache: ChangeCache?
    private var changeCache: ChangeCache {
        if let c = loadedChangeCache { return c }
        let c = ChangeCache(gitDir: repository.gitDir, prefix: prefix)
        loadedChangeCache = c
        return c
    }
    /// Each single-parent commit's events, kept in `.git/kpi/` between runs.
    private var loadedEventCache: EventCache?
    private var eventCache: EventCache {
        if let c = loadedEventCache { return c }
        let c = EventCache(gitDir: repository.gitDir, prefix: prefix)
        loadedEventCache = c
        return c
    }
    /// The last full scan, by its tip: an unchanged HEAD walks no commit.
    private lazy var tipCache = TipCache(gitDir: repository.gitDir, prefix: prefix)

    public init(repository: Repository, prefix: String = "") {
        self.repository = repository
        self.prefix = prefix
    }

    /// The ledger's tree in a commit's tree (nil: that revision has no ledger folder).
    public func ledgerTree(_ tree: ObjectID) throws -> ObjectID? { try repository.subtree(prefix, in: tree) }

    /// Every ledger commit reachable from `head`, oldest first, with its events. A ledger
    /// commit changes a ledger file against its first parent (a merge: see `ledgerEvents`);
    /// other commits of the repository — another team's work, a README edit — are not the
    /// ledger's history and are left out. Merge commits show only what the merge itself wrote
    /// (content that differs from every parent), so each side's changes stay with their own
    /// authors. `ledgerParent` is the nearest ledger commit along first parents (nil for the
    /// ledger's first commit), so the output equals that of the same ledger alone in a repository.
    ///
    /// `waitForCaches`: false returns before the caches this scan learnt are written (on another
    /// thread meanwhile, `CacheWrites`); `finishWritingCaches` waits for them, and so does the
    /// process before it exits.
    public func scan(from head: ObjectID, since: ObjectID? = nil, waitForCaches: Bool = true) throws -> [CommitEvents] {
        if since == nil, let cached = tipCache.history(tip: head) { return cached }
        let commits = try since.map { since in try repository.walk(from: head, excluding: [since], reverse: true).map { try repository.commit($0) } }
            ?? repository.commitsOldestFirst(from: head)
        let ids = commits.map(\.id)
        var out: [CommitEvents] = []
        out.reserveCapacity(ids.count)
        // Each commit walked → the nearest ledger commit at or below it along first parents
        // (absent: none). A parent outside the walk (`since`) counts as a ledger commit.
        let walked = Set(ids)
        var standsOn: [ObjectID: ObjectID] = [:]
        standsOn.reserveCapacity(commits.count)
        try prefetchFacts(commits)
        // Pass one compared the trees of every commit the events of which are not cached: the
        // changed files are all known now, and written (`changes-v1`) while the events are worked
        // out, not after them (a later change found is written again with the rest, `saveCaches`).
        if prefetchWorkers != nil, let w = loadedChangeCache?.writer() { CacheWrites.start(w) }
        let ready = prefetchWorkers == nil ? [:] : eventsFromFacts(commits)
        eventCache.reserve(ready.count)
        for (i, commit) in commits.enumerated() {
            let id = commit.id
            let below = commit.parents.first.flatMap { p in walked.contains(p) ? standsOn[p] : p }
            let worked: [LedgerEvent]?
            if let r = ready[id] {
                eventCache.store(r, for: id)
                worked = r
            } else {
                worked = try ledgerEvents(of: commit)
            }
            if let events = worked {
                out.append(CommitEvents(commit: commit, events: events, ledgerParent: below))
                standsOn[id] = id
            } else if let below {
                standsOn[id] = below
            }
            progress?(i + 1, ids.count)
        }
        // ~20,000 versions' facts are let go on another thread while this one goes on.
        let read = prefetched
        prefetched = [:]
        LetGo.letGo(consume read)
        saveCaches(tip: since == nil ? (out, head) : nil)
        if waitForCaches { finishWritingCaches() }
        return out
    }

    /// Pass one of a cold walk: the changed files of every single-parent commit whose events are
    /// not cached, their blobs read and parsed on the other cores meanwhile (`FactsPrefetch`);
    /// pass two (`ledgerEvents`) then finds their facts ready. Merges are left to pass two.
    private func prefetchFacts(_ commits: [Commit]) throws {
        guard let workers = prefetchWorkers else { return }
        let prefetch = FactsPrefetch(gitDir: repository.gitDir, workers: workers, shelf: shelf)
        do {
            var previous: Commit?
            for commit in commits {
                defer { previous = commit }
                guard commit.parents.count <= 1 && !eventCache.contains(commit.id) else { continue }
                // Oldest first, a commit's parent is most often the commit before it: its tree is known.
                let parentTree = previous.flatMap { $0.id == commit.parents.first ? $0.tree : nil }
                for change in try ledgerChanges(of: commit, parentTree: parentTree) {
                    guard case .file(let lp) = LedgerLayout.classify(change.path) else { continue }
                    for blob in [change.newBlob, change.oldBlob] {
                        if let blob, facts[FactsPrefetch.Key(blob: blob, kind: lp.kind)] == nil { prefetch.add(blob, path: change.path, kind: lp.kind) }
                    }
                }
            }
        } catch {
            // A tree that cannot be read fails the scan; no worker is left waiting for blobs.
            prefetch.cancel()
            throw error
        }
        prefetched = prefetch.finish(helping: repository)
    }

    /// Pass two on every core: the events of each single-parent commit whose events are not
    /// cached, from the facts pass one read (`Parallel.map`), in the order of its changes as
    /// `ledgerEvents` gives them; absent for a commit that needs more than those facts (a
    /// version that does not load is measured against the versions below it, a blob no worker
    /// could read is read again): `ledgerEvents` works those out in history order.
    private func eventsFromFacts(_ commits: [Commit]) -> [ObjectID: [LedgerEvent]?] {
        let todo = commits.filter { $0.parents.count <= 1 && !eventCache.contains($0.id) }
        guard !todo.isEmpty else { return [:] }
        let known = KnownFacts(facts: facts, prefetched: prefetched, changes: changeCache.entries)
        var out: [ObjectID: [LedgerEvent]?] = [:]
        out.reserveCapacity(todo.count)
        for (commit, result) in zip(todo, Parallel.map(todo) { known.events(of: $0) }) {
            if let result { out[commit.id] = result }
        }
        return out
    }

    /// The facts a scan holds after pass one, read from several threads at once (nothing changes them meanwhile).
    private struct KnownFacts: @unchecked Sendable {
        let facts: [FactsPrefetch.Key: FileFacts?]
        let prefetched: [FactsPrefetch.Key: FileFacts?]
        let changes: [ObjectID: [TreeChange]]
        struct NotKnown: Error {}

        /// .some(nil): the commit changes no ledger file; nil: not worked out here.
        func events(of commit: Commit) -> [LedgerEvent]?? {
            guard let changes = changes[commit.id] else { return nil }
            if changes.isEmpty { return .some(nil) }
            do {
                return .some(try HistoryScanner.semanticEvents(changes, commit: commit, about: nil) { change in
                    try HistoryScanner.events(path: change.path, old: change.oldBlob, new: change.newBlob, commit: commit,
                                              facts: { blob, kind in
                                                  let key = FactsPrefetch.Key(blob: blob, kind: kind)
                                                  guard let f = facts[key] ?? prefetched[key] else { throw NotKnown() }
                                                  return f
                                              },
                                              lastLoading: { _ in throw NotKnown() })
                })
            } catch {
                return nil
            }
        }
    }

    /// Every event about `subject` in the history of `head`, oldest first, when the last full
    /// scan was of `head` (nil otherwise): reads that subject's part of the cache only.
    public func cachedEvents(about subject: String, head: ObjectID) -> [LedgerEvent]? {
        tipCache.events(about: subject, tip: head)
    }

    /// Every event about `subject` (whose `subject` it is) in the history of `head`, oldest
    /// first: the events of `scan(from: head)` about it, in the same order. Without a cache of
    /// `head`, only the files whose place names `subject` are read and compared (the trees of
    /// every commit are compared, as `git log --raw` does; no other blob is read), and the
    /// subject's events are kept for `head` (`TipCache.saveSubject`) beside the changed files
    /// (docs/architecture.md, "The caches").
    public func events(about subject: String, from head: ObjectID) throws -> [LedgerEvent] {
        if let cached = tipCache.events(about: subject, tip: head) { return cached }
        if let whole = tipCache.history(tip: head) { return whole.flatMap(\.events).filter { $0.subject == subject } }
        let commits = try repository.commitsOldestFirst(from: head)
        var out: [LedgerEvent] = []
        for (i, commit) in commits.enumerated() {
            out += try ledgerEvents(of: commit, about: subject)
            progress?(i + 1, commits.count)
        }
        saveCaches()
        CacheWrites.start { [tipCache, out] in tipCache.saveSubject(subject, out, tip: head) }
        finishWritingCaches()
        return out
    }

    /// The events about `subject` of one commit, as `ledgerEvents(of:)` gives them filtered;
    /// a commit's cached events are used when there are some, and none is cached from here.
    func ledgerEvents(of commit: Commit, about subject: String) throws -> [LedgerEvent] {
        if commit.parents.count > 1 { return try events(of: commit, about: subject) }
        if let cached = eventCache.lookup(commit) { return (cached ?? []).filter { $0.subject == subject } }
        let changes = try ledgerChanges(of: commit)
        guard changes.contains(where: { Self.isPlace(of: subject, $0.path) }) else { return [] }
        return try semanticEvents(changes, commit: commit, about: subject)
    }

    /// Whether a ledger file's events are about `subject`: its place (a person's, team's or
    /// metric's file, or a quarter's sheet) names it. Settings are about no subject.
    static func isPlace(of subject: String, _ path: String) -> Bool {
        guard case .file(let lp) = LedgerLayout.classify(path), lp.kind != .settings else { return false }
        return lp.id == subject
    }

    /// Writes what this scanner learnt to `.git/kpi/` (a failed write is ignored); with `tip`, the
    /// whole scan of that tip too. The files are written on another thread (`CacheWrites`, one
    /// after the other) from a copy of what the caches hold now; `finishWritingCaches` waits for
    /// them, and the process does before it exits, so a command renders its output meanwhile.
    /// With `tip`, `events-v1` is written after `tip-v1`, holding only the entries `tip-v1` does not.
    public func saveCaches(tip: (history: [CommitEvents], head: ObjectID)? = nil) {
        var writers = [loadedChangeCache?.writer()].compactMap { $0 }
        if let tip {
            let (events, added) = eventCache.beside(), eventsPath = eventCache.path
            writers.append { [tipCache] in
                tipCache.save(tip.history, tip: tip.head)
                let inTip = Set(tip.history.lazy.filter { $0.commit.parents.count <= 1 }.map(\.commit.id))
                guard added || !events.inTip.isSubset(of: inTip) else { return }
                EventCache.write(EventCache.Contents(read: events.read, learnt: events.learnt, inTip: inTip), to: eventsPath)
            }
        } else if let w = eventCache.writer() {
            writers.append(w)
        }
        for w in writers { CacheWrites.start(w) }
    }

    /// Returns when every cache file this scanner began writing is written (`CacheWrites.wait`).
    public func finishWritingCaches() { CacheWrites.wait() }

    /// What a cold scan of 10,000 commits learnt (the facts of ~20,000 versions, each commit's
    /// changes and events) is let go on another thread: a command drops its scanner before it
    /// renders its output.
    deinit {
        let learnt: Any = (facts, loadedChangeCache, loadedEventCache)
        facts = [:]
        loadedChangeCache = nil
        loadedEventCache = nil
        LetGo.letGo(consume learnt)
    }

    /// The events of a commit that changes a ledger file; nil for any other commit.
    func ledgerEvents(of commit: Commit) throws -> [LedgerEvent]? {
        if commit.parents.count <= 1 {
            if let cached = eventCache.lookup(commit) { return cached }
            let changes = try ledgerChanges(of: commit)
            let events = changes.isEmpty ? nil : try semanticEvents(changes, commit: commit)
            eventCache.store(events, for: commit.id)
            return events
        }
        // A merge: what it wrote itself (a settled conflict too), or ledger files unlike every
        // parent's; one whose ledger files equal a parent's and that wrote nothing brought
        // nothing of its own (another team's branch merged).
        let events = try events(of: commit)
        if !events.isEmpty { return events }
        let own = try ledgerTree(commit.tree)
        for p in commit.parents {
            let theirs = try ledgerTree(try repository.commit(p).tree)
            if theirs == own { return nil }
            if try repository.changes(from: theirs, to: own, under: LedgerLayout.ledgerRoots).isEmpty { return nil }
        }
        return events
    }

    /// Whether a commit is a ledger commit: it changes a ledger file against its first parent
    /// (a root commit: it holds one); a merge, see `ledgerEvents`.
    public func touchesLedger(_ commit: Commit) throws -> Bool {
        if commit.parents.count <= 1, let cached = eventCache.lookup(commit) { return cached != nil }
        if commit.parents.count <= 1 { return !(try ledgerChanges(of: commit)).isEmpty }
        return try ledgerEvents(of: commit) != nil
    }

    /// Whether a single-parent commit leaves the ledger file at `path` as its first parent had
    /// it, by the changes this scanner compared or read (nil: not known here; a root commit or a
    /// merge, or a scan answered by `tip-v1` alone). Asks no cache file.
    func leavesAsParent(_ path: String, in commit: Commit) -> Bool? {
        guard commit.parents.count == 1, let changes = loadedChangeCache?[commit.id] else { return nil }
        return !changes.contains { $0.path == path }
    }

    /// A single-parent (or root) commit's changed ledger files, from the cache when it has them.
    /// `parentTree`: the tree of the commit's parent when the caller knows it (else its parent is read).
    func ledgerChanges(of commit: Commit, parentTree known: ObjectID? = nil) throws -> [TreeChange] {
        if let cached = changeCache[commit.id] { return cached }
        let parentTree = try commit.parents.first.flatMap { try ledgerTree(try known ?? repository.commit($0).tree) }
        let changes = try repository.changes(from: parentTree, to: try ledgerTree(commit.tree), under: LedgerLayout.ledgerRoots)
        changeCache.store(changes, for: commit.id)
        return changes
    }

    /// A commit's events (a merge: see `ledgerEvents`); with `subject`, only those about it,
    /// reading only its files.
    public func events(of commit: Commit, about subject: String? = nil) throws -> [LedgerEvent] {
        if commit.parents.count <= 1 {
            if let subject { return try ledgerEvents(of: commit, about: subject) }
            return try ledgerEvents(of: commit) ?? []
        }
        let tree = try ledgerTree(commit.tree)
        let parentTrees = try commit.parents.map { try ledgerTree(try repository.commit($0).tree) }
        let changes = try repository.changes(from: parentTrees[0], to: tree, under: LedgerLayout.ledgerRoots)
        // A merge is judged only for what the merge itself wrote: a change it shows against every
        // parent (nothing that one side brought is repeated under the merger's name), or a
        // settled conflict, where it overrides a change one side made since the merge base
        // (`kpi sync --ours`), shown against the side it overrode.
        var paths = Set(changes.map(\.path))
        for t in parentTrees.dropFirst() {
            for c in try repository.changes(from: t, to: tree, under: LedgerLayout.ledgerRoots) { paths.insert(c.path) }
        }
        let base = commit.parents.count == 2 ? try repository.mergeBase(commit.parents[0], commit.parents[1]) : nil
        let baseTree = try base.flatMap { try ledgerTree(try repository.commit($0).tree) }
        let merged = { (path: String) in try tree.flatMap { try self.repository.entry(at: path, in: $0)?.id } }
        var out: [LedgerEvent] = []
        if let subject { paths = paths.filter { Self.isPlace(of: subject, $0) } }
        for path in paths.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            let now = try merged(path)
            let baseBlob = try baseTree.flatMap { try repository.entry(at: path, in: $0) }?.id
            var perParent: [[LedgerEvent]] = []
            var changedBySide: [Set<String>] = []
            for t in parentTrees {
                let blob = try t.flatMap { try repository.entry(at: path, in: $0)?.id }
                perParent.append(blob == now ? [] : try events(path: path, old: blob, new: now, commit: commit))
                changedBySide.append(Set(try events(path: path, old: baseBlob, new: blob, commit: commit).map(Self.field)))
            }
            var seen = Set<String>()
            for (k, events) in perParent.enumerated() {
                for e in events where !seen.contains(Self.identity(e)) {
                    let everywhere = perParent.allSatisfy { $0.contains { Self.identity($0) == Self.identity(e) } }
                    let overrides = base != nil && e.kind != .record && e.kind != .moved && changedBySide[k].contains(Self.field(e))
                    if everywhere || overrides {
                        out.append(e)
                        seen.insert(Self.identity(e))
                    }
                }
            }
        }
        return out
    }

    /// Events of a commit's changed files; a file moved unchanged is one `moved` event, not a
    /// removal and a creation (which would read as deleted records).
    /// With `subject`, only the events about it: the pairs of moves are found among all the
    /// changes, and only the changed files in its places are read.
    func semanticEvents(_ changes: [TreeChange], commit: Commit, about subject: String? = nil) throws -> [LedgerEvent] {
        try Self.semanticEvents(changes, commit: commit, about: subject) { try events(for: $0, commit: commit) }
    }

    /// `semanticEvents`, each changed file's events from `eventsOf`.
    static func semanticEvents(_ changes: [TreeChange], commit: Commit, about subject: String?,
                               eventsOf: (TreeChange) throws -> [LedgerEvent]) rethrows -> [LedgerEvent] {
        let (rest, moves) = Renames.pair(changes)
        let about = { (path: String) in subject.map { Self.isPlace(of: $0, path) } ?? true }
        // The first file's events are taken as they are, not copied event by event into a new
        // array (`flatMap` did so for every file: most commits change one).
        var out: [LedgerEvent] = []
        for change in rest where about(change.path) {
            let events = try eventsOf(change)
            if out.isEmpty { out = events } else { out += events }
        }
        for (from, to) in moves where about(to) {
            guard case .file(let lp) = LedgerLayout.classify(to) else { continue }
            out.append(LedgerEvent(commit: commit.id, author: commit.author, message: commit.summary, path: to, kind: .moved,
                                   subject: lp.kind == .settings ? nil : lp.id, quarter: lp.quarter.flatMap(Quarter.init),
                                   metric: nil, field: "path", old: from, new: to, recordChange: nil))
        }
        return out
    }

    /// Semantic events between two commits' trees (for `kpi diff`), attributed to `commit`.
    public func events(from oldTree: ObjectID?, to newTree: ObjectID?, commit: Commit) throws -> [LedgerEvent] {
        let old = try oldTree.flatMap(ledgerTree), new = try newTree.flatMap(ledgerTree)
        return try semanticEvents(try repository.changes(from: old, to: new, under: LedgerLayout.ledgerRoots), commit: commit)
    }

    func events(for change: TreeChange, commit: Commit) throws -> [LedgerEvent] {
        try events(path: change.path, old: change.oldBlob, new: change.newBlob, commit: commit)
    }

    /// Which value a change is about (a goal's field, a review's key ...).
    static func field(_ e: LedgerEvent) -> String { "\(e.kind.rawValue)|\(e.metric ?? "")|\(e.field)" }

    /// What a change "is" regardless of the parent it is measured against.
    static func identity(_ e: LedgerEvent) -> String {
        "\(e.kind.rawValue)|\(e.metric ?? "")|\(e.field)|\(e.new ?? "\u{0}")|\(e.recordChange?.rawValue ?? "")"
    }

    func events(path: String, old oldBlob: ObjectID?, new newBlob: ObjectID?, commit: Commit) throws -> [LedgerEvent] {
        try Self.events(path: path, old: oldBlob, new: newBlob, commit: commit,
                        facts: { try self.facts($0, path: path, kind: $1) },
                        lastLoading: { try self.lastLoading(path, kind: $0, from: commit.parents.first) })
    }

    /// The events of one changed file, from the facts of its versions (`facts`: by blob and the
    /// file's kind); `lastLoading`: the facts of the newest version below that loads.
    static func events(path: String, old oldBlob: ObjectID?, new newBlob: ObjectID?, commit: Commit,
                       facts: (ObjectID, LedgerFileKind) throws -> FileFacts?,
                       lastLoading: (LedgerFileKind) throws -> FileFacts?) throws -> [LedgerEvent] {
        let change = (path: path, oldBlob: oldBlob, newBlob: newBlob)
        guard case .file(let lp) = LedgerLayout.classify(change.path) else { return [] }
        let new = try change.newBlob.flatMap { try facts($0, lp.kind) }
        // A version that does not load (a broken hand edit) tells nothing of its values: its
        // commit changes nothing, and the commit that mends it is measured against the last
        // version that loaded — not read as every goal removed and then created again.
        if change.newBlob != nil && new == nil { return [] }
        var old = try change.oldBlob.flatMap { try facts($0, lp.kind) }
        if change.oldBlob != nil && old == nil { old = try lastLoading(lp.kind) }
        let quarter = lp.quarter.flatMap(Quarter.init)
        let subject: String? = lp.kind == .settings ? nil : lp.id
        return SemanticDiff.changes(kind: lp.kind, old: old, new: new).map { c in
            LedgerEvent(commit: commit.id, author: commit.author, message: commit.summary, path: change.path, kind: c.kind,
                        subject: subject, quarter: quarter, metric: c.metric, field: c.field, old: c.old, new: c.new,
                        recordChange: c.recordChange, reason: c.reason)
        }
    }

    /// The facts of the newest version of `path` that loads, on the first-parent line from
    /// `start` down; nil when there is none (the file was created broken).
    func lastLoading(_ path: String, kind: LedgerFileKind, from start: ObjectID?) throws -> FileFacts? {
        var next = start
        while let id = next {
            let c = try repository.commit(id)
            guard let tree = try ledgerTree(c.tree), let entry = try repository.entry(at: path, in: tree) else { return nil }
            if let f = try facts(entry.id, path: path, kind: kind) { return f }
            next = c.parents.first
        }
        return nil
    }

    func facts(_ blob: ObjectID, path: String, kind: LedgerFileKind) throws -> FileFacts? {
        let key = FactsPrefetch.Key(blob: blob, kind: kind)
        if let cached = facts[key] { return cached }
        let f = try prefetched[key] ?? FileFacts.read(try repository.blob(blob), path: path, kind: kind)
        facts[key] = f
        return f
    }
}

