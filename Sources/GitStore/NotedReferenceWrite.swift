#if canImport(Glibc)
import Glibc
#endif

/// Reference writes outside a commit's journal — a closed quarter's tag, sync's
/// remote-tracking and `refs/kpi/synced/…` refs — go through git's `<ref>.lock` too: a kpi
/// killed there would leave a lock that fails every later write of that ref. So the write is
/// announced first in `.git/kpi/ref-PID` (who writes which ref to which id, in a `PushNote`)
/// and the note removed after; the next kpi command finds a note whose writer is gone and
/// removes the lock it left (only when the lock holds that id, or stays empty). A lock held by
/// a running git is waited for, then reported with what to do. See docs/reliability.md.
extension Repository {
    static let refNotePrefix = "ref-"

    /// `updateReference`, announced (above) and waiting for a running git's lock.
    public func updateReferenceNoted(_ name: String, to target: ObjectID, expected: ObjectID?, logMessage: String) throws {
        let owner = ProcessOwner.current
        let note = gitDir + "kpi/" + Repository.refNotePrefix + "\(owner.pid)"
        try FileIO.makeFolders(gitDir + "kpi")
        try FileIO.writeAtomically(Array(PushNote(owner: owner, refs: [(name, target)]).text.utf8), to: note, permissions: 0o644)
        defer { unlink(note) }
        try updateReferenceWaiting(name, to: target, expected: expected, logMessage: logMessage)
    }

    /// Removes the ref locks of noted writes whose kpi is gone, and their notes.
    func clearStaleReferenceNotes() -> [String] {
        let dir = gitDir + "kpi"
        var notes: [String] = []
        for name in FileIO.list(dir) where name.hasPrefix(Repository.refNotePrefix) {
            let file = dir + "/" + name
            guard let bytes = (try? FileIO.read(file)) ?? nil,
                  let note = PushNote(text: String(decoding: bytes, as: UTF8.self)) else { continue }
            guard note.owner.isGone else { continue }
            for r in note.refs {
                if let done = Repository.clearStaleRefLock(gitDir: gitDir, r.ref, writing: r.new) { notes.append(done) }
            }
            unlink(file)
        }
        return notes
    }
}
