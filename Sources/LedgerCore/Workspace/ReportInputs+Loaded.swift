import Foundation
import GitStore

/// The report cache's key made from what a load of the working files read, instead of a walk
/// of its own (docs/architecture.md, "The report cache"): the names the load listed
/// (`WorkingFiles`: its folders and paths) and each file's blob id as the load knew it — of the
/// bytes it read, or the index's when the file's stat data vouched for it, as the walk knows
/// it. A run with nothing to look up (no entry yet) thus files its output under the key of
/// exactly what it was computed from, with no `lstat` per file; the key is byte for byte the
/// one `ReportInputs.of(start:context:)`'s walk gives for the same files, so the next run finds
/// it (`ReportInputsFromLoadTests`).
extension ReportInputs {
    /// The key of the load that left `working` (`WorkingFiles.listing`); nil when its notes cannot name the inputs as the
    /// walk would: a link or a hidden name under the ledger's folders, a folder not listed, a
    /// file not read, content filters (line-end conversion, attributes: the index's blob id of a
    /// file is then not its bytes'), or a ledger elsewhere than `start`'s. `changedSince`:
    /// `touched` says whether a file the load did not read (git's rules in its folders, a file
    /// that is not a ledger file), looked at now, changed at or after that time.
    public static func of(loaded working: WorkingFiles.Listing, start: String, context: [UInt8],
                          environment: [String: String] = ProcessInfo.processInfo.environment,
                          changedSince: timespec? = nil) -> ReportInputs? {
        guard !working.linked, !working.unlisted, !working.hidden,
              let place = Place(start: start, environment: environment), place.root == working.root else { return nil }
        let paths = working.paths, states = working.states
        // Content filters: a file the index vouches for may hold other bytes than its blob.
        if place.config.value("core.autocrlf") != nil, GitConfigEntries.bool(place.config.value("core.autocrlf")) != false { return nil }
        for path in place.rules where path.hasSuffix("attributes") {
            var st = stat()
            if lstat(path, &st) == 0 || errno != ENOENT { return nil }
        }
        let head = place.head(context)
        // The index by its checksum, read alone (the walk's key names the index so, and an index
        // the walk could not read gives no key to look up: an entry under this one is not found).
        guard let checksum = IndexStat.checksum(gitDir: place.gitDir, environment: environment) else { return nil }
        var feed = KeyFeed()
        place.feed(&feed, context: context) {
            if case .bytes(let b) = checksum { return b }
            return Array("no index".utf8)
        }
        // Read only to look at a file the load did not read (one that is not a ledger file).
        var indexRead: IndexStat??
        func index() -> IndexStat? {
            if indexRead == nil { indexRead = .some(checksum == .absent ? nil : IndexStat(gitDir: place.gitDir, environment: environment)) }
            return indexRead!
        }

        let folders = working.folders
        let order = walkOrder(paths: paths, folders: folders.map(\.path))
        let prefix = place.store.location.prefix
        let repositoryPrefix = Array((prefix.isEmpty ? "" : prefix + "/").utf8)
        let root = working.root
        var files = 0, hashed = 0, touched = false, nextEntry = -1
        for item in order {
            if item < 0 {
                // A folder: its path, then its .gitignore's and .gitattributes' content.
                let folder = folders[-1 - item]
                feed.field(folder.path)
                feed.begin()
                feed.append(0x64)
                for (rule, name) in [(WorkingFiles.RuleFiles.ignore, "/.gitignore"), (.attributes, "/.gitattributes")] {
                    if folder.rules.contains(rule) {
                        feed.append(InputWalk.contentID(AT_FDCWD, Array((root + "/" + folder.path + name).utf8) + [0],
                                                        since: changedSince, touched: &touched))
                    } else {
                        feed.append(Array("absent \(ENOENT)".utf8))
                    }
                }
                feed.end()
                continue
            }
            files += 1
            paths.withUTF8(item) { feed.field(UnsafeRawBufferPointer($0)) }
            feed.begin()
            feed.append(0x66)
            switch states[item] {
            case .read(let blob):
                hashed += 1
                blob.withRawBytes { feed.append($0) }
                if !working.executable.isEmpty, working.executable.contains(paths[item]) { InputWalk.feedExecutable(S_IXUSR, into: &feed) }
            case .vouched(let blob):
                blob.withRawBytes { feed.append($0) }
                if !working.executable.isEmpty, working.executable.contains(paths[item]) { InputWalk.feedExecutable(S_IXUSR, into: &feed) }
            case .other:
                // Not a ledger file, so not read by the load: looked at as the walk looks at it.
                let full = Array((root + "/" + paths[item]).utf8) + [0]
                var st = stat()
                var blob: ArraySlice<UInt8>?
                let looked = InputWalk.at(full, { fstatat(AT_FDCWD, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0
                if looked {
                    if InputWalk.changed(st, since: changedSince) { touched = true }
                    if let index = index() {
                        let path = repositoryPrefix + Array(paths[item].utf8)
                        blob = path.withUnsafeBufferPointer { index.blob($0, st, next: &nextEntry) }
                    }
                }
                if let blob {
                    feed.append(blob)
                } else {
                    hashed += 1
                    feed.append(InputWalk.contentID(AT_FDCWD, full, since: changedSince, touched: &touched))
                }
                if looked { InputWalk.feedExecutable(st.st_mode, into: &feed) }
            case .unknown:
                return nil
            }
            feed.end()
        }
        return ReportInputs(key: ObjectID(bytes: feed.finish())!, gitDir: place.gitDir, files: files, hashed: hashed,
                            head: head, touched: touched)
    }

    /// The files `paths` and folders `folders` in the order `InputWalk` feeds them: the
    /// top-level names in `LedgerLayout.ledgerRoots`' order, below each a folder before what it
    /// holds and each folder's names by their bytes — paths compared by their bytes with `/`
    /// below every other byte. A file is its index in `paths`, a folder `-1 - ` its index.
    /// Each list is usually in that order already, as the load listed it (a folder's names
    /// sorted as it is listed): under each top-level name, the two are merged, and sorted only
    /// when the merge is not in order.
    static func walkOrder(paths: PathList, folders: [String]) -> [Int] {
        let roots = LedgerLayout.ledgerRoots.map { Array($0.utf8) }
        // Gathered in a value of its own: arrays a nested function captured were checked for
        // exclusive access at run time on every use (`swift_beginAccess`, ~400 instructions a path).
        var walk = WalkItems(roots: roots.count, capacity: paths.count + folders.count)
        for (i, f) in folders.enumerated() {
            var f = f
            f.withUTF8 { walk.add($0, -1 - i, roots: roots) }
        }
        for i in paths.indices { paths.withUTF8(i) { walk.add($0, i, roots: roots) } }
        let (bytes, spans, items, byRoot) = (walk.bytes, walk.spans, walk.items, walk.byRoot)
        var order: [Int] = []
        order.reserveCapacity(spans.count)
        bytes.withUnsafeBufferPointer { b in
            func before(_ x: Int, _ y: Int) -> Bool {
                let a = spans[x], c = spans[y]
                let n = min(a.end - a.start, c.end - c.start)
                if n > 0, case let r = memcmp(b.baseAddress! + a.start, b.baseAddress! + c.start, n), r != 0 { return r < 0 }
                return a.end - a.start < c.end - c.start
            }
            for (folders, files) in byRoot {
                let start = order.count
                var i = 0, j = 0
                while i < folders.count || j < files.count {
                    if j == files.count || (i < folders.count && before(folders[i], files[j])) {
                        order.append(folders[i]); i += 1
                    } else {
                        order.append(files[j]); j += 1
                    }
                }
                if order.count - start > 1, zip(order[start...], order[(start + 1)...]).contains(where: { !before($0, $1) }) {
                    order[start...].sort(by: before)
                }
            }
        }
        return order.map { items[$0] }
    }
}

/// The paths `ReportInputs.walkOrder` orders, as bytes with each `/` made 0 (below every other
/// byte), with where each lies and which top-level name it is under.
private struct WalkItems {
    var bytes: [UInt8] = []
    var spans: [(start: Int, end: Int)] = []
    var items: [Int] = []
    /// Per top-level name (and one for any other), its folders' and files' numbers in `spans`.
    var byRoot: [(folders: [Int], files: [Int])]

    init(roots: Int, capacity: Int) {
        byRoot = Array(repeating: ([], []), count: roots + 1)
        bytes.reserveCapacity(capacity * 32)
        spans.reserveCapacity(capacity)
        items.reserveCapacity(capacity)
    }

    /// The path whose bytes are `b` as item `item` (a folder's is negative); `roots`: the
    /// top-level names, as bytes.
    mutating func add(_ b: UnsafeBufferPointer<UInt8>, _ item: Int, roots: [[UInt8]]) {
        let start = bytes.count
        let top = b.firstIndex(of: UInt8(ascii: "/")) ?? b.count
        let rank = roots.firstIndex { $0.count == top && $0.withUnsafeBufferPointer { memcmp($0.baseAddress!, b.baseAddress!, top) == 0 } }
        // Copied whole, then each `/` made 0 in place (an append a byte checked the array's
        // room and uniqueness at each).
        bytes.append(contentsOf: b)
        bytes.withUnsafeMutableBufferPointer { all in
            for k in start..<all.count where all[k] == UInt8(ascii: "/") { all[k] = 0 }
        }
        if item < 0 { byRoot[rank ?? roots.count].folders.append(spans.count) } else { byRoot[rank ?? roots.count].files.append(spans.count) }
        spans.append((start, bytes.count))
        items.append(item)
    }
}
