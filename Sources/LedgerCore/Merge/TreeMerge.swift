import GitStore

/// The merge of two commits' trees, file by file: a file changed on one side only takes that
/// side's blob; a file changed on both goes through `LedgerMerge.mergeFile`.
public enum TreeMerge {
    public struct Result: Sendable {
        /// What to change in ours' tree (path → bytes, nil = delete) to get the merged tree.
        public var changes: [String: [UInt8]?]
        public var conflicts: [MergeConflict]
        public var resolved: [MergeConflict]
    }

    /// `ledgerPath`: a repository path as a ledger path, nil outside the ledger (merged by
    /// lines); conflicts name repository paths.
    public static func merge(_ repository: Repository, base: ObjectID?, ours: ObjectID, theirs: ObjectID,
                             resolution: MergeResolution? = nil, ledgerPath: (String) -> String? = { $0 }) throws -> Result {
        let baseTree = try base.map { try repository.commit($0).tree }
        let oursTree = try repository.commit(ours).tree
        let theirsTree = try repository.commit(theirs).tree
        let oursChanges = Dictionary(try repository.changes(from: baseTree, to: oursTree).map { ($0.path, $0) },
                                     uniquingKeysWith: { a, _ in a })
        var result = Result(changes: [:], conflicts: [], resolved: [])
        for change in try repository.changes(from: baseTree, to: theirsTree) {
            let path = change.path
            guard let mine = oursChanges[path] else {
                // Changed on their side only.
                result.changes[path] = try change.newBlob.map { try repository.blob($0) }
                continue
            }
            if mine.newBlob == change.newBlob { continue }   // the same change on both sides
            let baseBytes = try change.oldBlob.map { try repository.blob($0) }
            switch (mine.newBlob, change.newBlob) {
            case let (o?, t?):
                let inLedger = ledgerPath(path)
                let file = try LedgerMerge.mergeFile(path: inLedger ?? path, byMeaning: inLedger != nil, base: baseBytes,
                                                     ours: try repository.blob(o), theirs: try repository.blob(t), resolution: resolution)
                func named(_ c: MergeConflict) -> MergeConflict { var c = c; c.path = path; return c }
                result.conflicts += file.conflicts.map(named)
                result.resolved += file.resolved.map(named)
                if file.conflicts.isEmpty, try repository.hash(file.bytes) != o { result.changes[path] = file.bytes }
            case let (nil, t?):
                // Deleted here, changed there.
                let c = MergeConflict(path: path, location: [], kind: .removedAndChanged, base: "(the file)",
                                      ours: nil, theirs: "(changed)")
                switch resolution {
                case nil: result.conflicts.append(c)
                case .ours: result.resolved.append(c)
                case .theirs: result.resolved.append(c); result.changes[path] = try repository.blob(t)
                }
            case (_?, nil):
                // Changed here, deleted there.
                let c = MergeConflict(path: path, location: [], kind: .removedAndChanged, base: "(the file)",
                                      ours: "(changed)", theirs: nil)
                switch resolution {
                case nil: result.conflicts.append(c)
                case .ours: result.resolved.append(c)
                case .theirs: result.resolved.append(c); result.changes[path] = .some(nil)
                }
            case (nil, nil):
                break
            }
        }
        return result
    }
}
