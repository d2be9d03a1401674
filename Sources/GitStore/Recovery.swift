#if canImport(Glibc)
import Glibc
#endif

/// Recovery from a kpi killed in the middle of a write: any later kpi command finds the
/// journal it left and finishes that write one way or the other — committed (the branch holds
/// the new commit: working files and index are brought to it) or not (the working files are
/// put back; index and branch were never changed) — and clears the locks and temporary files
/// the dead process left. See docs/reliability.md.
extension Repository {
    /// Whether a killed kpi may have left something behind (a cheap look at `.git/kpi/`).
    var hasLeftovers: Bool {
        let names = FileIO.list(gitDir + "kpi")
        return names.contains(where: Repository.isLeftover) || WriteJournal.isInUse(gitDir, names: names)
    }

    static func isLeftover(_ name: String) -> Bool {
        name == "journal" || name.hasPrefix("index.lock-") || name.hasPrefix("index-") || FileIO.isTemporary(name)
            || name.hasPrefix("syncing-") || name.hasPrefix(refNotePrefix)
    }

    /// Recovers if there is anything to recover and no other kpi is writing (a running writer
    /// holds the ledger lock: its journal is live, not left over). Returns what was done, in
    /// sentences for the user; empty when nothing was.
    public func recoverInterruptedWrite() throws -> [String] {
        _ = Libgit2.initialized
        guard hasLeftovers, let lock = try? LedgerLock(gitDir: gitDir, timeout: 0) else { return [] }
        defer { lock.unlock() }
        return try recoverUnderLedgerLock()
    }

    /// The recovery itself; the caller holds the ledger lock. Safe to run again if killed.
    func recoverUnderLedgerLock() throws -> [String] {
        let kpiDir = gitDir + "kpi"
        var notes = IndexLock.clearStale(gitDir: gitDir)
        var journal: (journal: WriteJournal, path: String)? = nil
        do { journal = try WriteJournal.load(gitDir) } catch let e as GitError { notes.append(e.message) }
        if let (j, path) = journal, j.owner.pid != getpid() {
            notes += try finish(j)
            WriteJournal.remove(gitDir, at: path)
        }
        // Scratch copies of the index and temporary files of dead writers (every writer holds
        // the ledger lock, which the caller now has).
        // (A sync's notes are written without the ledger lock: only a dead one's go.)
        for name in FileIO.list(kpiDir) where name.hasPrefix("index-") || FileIO.isTemporary(name) {
            if let pid = Repository.temporaryOwner(name), pid != getpid(), Repository.isDead(pid) { unlink(kpiDir + "/" + name) }
        }
        notes += cleanPushMarkers()
        notes += clearStaleReferenceNotes()
        return notes
    }

    /// The pid in `index-PID`, `index-PID.lock` or `.NAME.kpi-PID-N.tmp`.
    static func temporaryOwner(_ name: String) -> Int32? {
        if name.hasPrefix("index-") {
            return Int32(name.dropFirst("index-".count).prefix { $0 != "." })
        }
        let parts = name.components(".kpi-")
        guard parts.count > 1, let last = parts.last else { return nil }
        return Int32(last.prefix { $0 != "-" })
    }

    private func finish(_ j: WriteJournal) throws -> [String] {
        var notes: [String] = []
        let who = "kpi process \(j.owner.pid)" + (j.summary.isEmpty ? "" : " (\(j.summary))")
        if let note = clearStaleRefLock(j.ref, writing: j.new) { notes.append(note) }
        let at = try reference(j.ref)
        var committed = at == j.new
        if !committed, let at { committed = (try? isAncestor(j.new, of: at)) == true }
        if !committed {
            // libgit2 appends the reflog before it renames the ref lock: a kill in between left
            // a reflog line for a commit the branch never held.
            for log in [j.ref] + (headBranch == j.ref ? ["HEAD"] : []) { dropLastReflogLine(log, ifTo: j.new) }
        }
        var left: [String] = [], kept: [String] = [], superseded: [String] = []
        if let root = workdir, !j.files.isEmpty {
            if committed {
                // A branch that moved past the commit: git committed since, and its commit decides.
                let moved = try at.flatMap { $0 == j.new ? nil : try commitTree($0) }
                (left, superseded) = try carryForward(j, root: root, branchTree: moved)
            } else {
                // A branch that moved since may hold the write's content: git committed it from
                // the working tree (its index.lock deleted by hand), and it is left as it is.
                let moved = try at.flatMap { $0 == j.old ? nil : try commitTree($0) }
                (left, kept) = try putBack(j, root: root, branchTree: moved)
            }
            for folder in Set(j.files.map { f -> String in
                let full = root + f.path
                return String(full[..<full.lastIndex(of: "/")!])
            }) {
                for name in FileIO.list(folder) where FileIO.isTemporary(name) && Repository.temporaryOwner(name) == j.owner.pid {
                    unlink(folder + "/" + name)
                }
            }
        }
        if committed && !superseded.isEmpty {
            notes.append("recovered an interrupted write by \(who): it had been committed as \(j.new.short), but \(at?.short ?? ""), committed on \(j.ref) since, holds \(superseded.joined(separator: ", ")) otherwise, so the index was left as git wrote it and the working \(superseded.count == 1 ? "file" : "files") as \(superseded.count == 1 ? "it is" : "they are") (see git status)")
        } else if committed {
            notes.append("recovered an interrupted write by \(who): it had been committed as \(j.new.short); the working files and index now match it")
        } else if j.files.isEmpty {
            notes.append("recovered an interrupted write by \(who): it had not been committed; nothing of it remains")
        } else if !kept.isEmpty {
            notes.append("recovered an interrupted write by \(who): kpi had not committed it, but \(at?.short ?? ""), committed on \(j.ref) since, holds its content of \(kept.joined(separator: ", ")), which was left as it is" + (kept.count < j.files.count ? "; its other working files were put back as they were" : ""))
        } else {
            notes.append("recovered an interrupted write by \(who): it had not been committed; its working files were put back as they were (the index and \(j.ref) never held it) — run the command again")
        }
        if !left.isEmpty {
            notes.append("left alone, because they changed after the interrupted write: \(left.joined(separator: ", "))")
        }
        return notes
    }

    /// Removes the last line of `logs/<ref>` when it records a move to `id`.
    func dropLastReflogLine(_ ref: String, ifTo id: ObjectID) {
        let path = gitDir + "logs/" + ref
        guard let bytes = (try? FileIO.read(path)) ?? nil, bytes.last == 10 else { return }
        let start = (bytes.dropLast().lastIndex(of: 10).map { $0 + 1 }) ?? 0
        let line = String(decoding: bytes[start...], as: UTF8.self)
        let fields = line.split(separator: " ", maxSplits: 2)
        guard fields.count == 3, fields[1] == id.hex else { return }
        var st = stat()
        guard lstat(path, &st) == 0, Int(st.st_size) == bytes.count else { return }   // git appended meanwhile
        _ = truncate(path, off_t(start))
    }

    /// Deletes `<ref>.lock` when it is the one a dead kpi's ref update left: it holds the new
    /// id (or part of it), or stays empty — git writes the id right after creating the lock,
    /// so an empty lock that stays empty is nobody's.
    func clearStaleRefLock(_ ref: String, writing new: ObjectID) -> String? {
        Repository.clearStaleRefLock(gitDir: gitDir, ref, writing: new)
    }

    static func clearStaleRefLock(gitDir: String, _ ref: String, writing new: ObjectID) -> String? {
        let lock = gitDir + ref + ".lock"
        guard let first = try? FileIO.read(lock) else { return nil }
        if first.isEmpty {
            var a = stat(), b = stat()
            guard lstat(lock, &a) == 0 else { return nil }
            usleep(200_000)
            guard lstat(lock, &b) == 0, a.st_ino == b.st_ino, b.st_size == 0 else { return nil }
        } else if !Array((new.hex + "\n").utf8).starts(with: first) {
            return nil   // another writer's
        }
        unlink(lock)
        return "removed \(lock), left by a kpi that was killed while updating \(ref)"
    }
}
