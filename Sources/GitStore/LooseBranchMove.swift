import CGit2
#if canImport(Glibc)
import Glibc
#endif

/// The compare-and-swap of a branch whose ref is a loose file holding its id (the usual case),
/// made the way git's files backend makes it: `refs/heads/X.lock` created exclusively, the
/// current id checked under it, the new id written into it, the branch's reflog and HEAD's
/// appended (libgit2's rules for whether and as whom), then the lock renamed over the ref.
/// libgit2's `git_reference_create_matching` did the same in ~45 system calls (the ref read
/// four times, HEAD three, the new commit read back to check it exists); this takes ~14.
/// Any other case — a packed or symbolic ref, a linked worktree, `core.sharedRepository`, a
/// chain of symbolic refs from HEAD — is left to libgit2 (`false`, nothing done).
/// What a kill leaves is what libgit2's left (docs/reliability.md): a lock holding the new id
/// (or empty), and a reflog line for a commit the branch may not hold, both cleared by recovery.
extension Repository {
    func moveLooseBranch(_ name: String, to target: ObjectID, expected: ObjectID, logMessage: String) throws -> Bool {
        guard name.hasPrefix("refs/heads/"), gitDir == commonDir else { return false }
        let refPath = gitDir + name, lockPath = refPath + ".lock"
        // The live configuration (libgit2 reads a file again only when its stat data changed): a
        // snapshot copied every entry of every level, twice a write with the reflog's identity.
        let config = try owned("git_repository_config", free: { git_config_free($0) }) {
            git_repository_config($0, raw)
        }
        func string(_ key: String) -> String? {
            var buf = git_buf()
            defer { git_buf_dispose(&buf) }
            return git_config_get_string_buf(&buf, config.raw, key) == 0 ? swiftString(buf.ptr) : nil
        }
        guard string("core.sharedRepository") == nil else { return false }
        // HEAD's reflog is appended when HEAD names this branch (a chain of symbolic refs: libgit2's).
        guard let head = try FileIO.read(gitDir + "HEAD") else { return false }
        let headText = String(decoding: head, as: UTF8.self)
        var headNamesIt = false
        if headText.hasPrefix("ref: ") {
            let to = String(headText.dropFirst(5)).trimmingSpaces
            headNamesIt = to == name
            if !headNamesIt, let other = try FileIO.read(gitDir + to), other.starts(with: Array("ref:".utf8)) { return false }
        }
        // Whether to log: libgit2's `should_write_reflog` for a branch (core.logAllRefUpdates,
        // unset: not in a bare repository).
        let logs: Bool
        switch string("core.logAllRefUpdates")?.lowercased() {
        case nil: logs = !isBare
        case "always"?: logs = true
        case let value?:
            var b: Int32 = 0
            guard git_config_parse_bool(&b, value) == 0 else { return false }
            logs = b != 0
        }

        let fd = Glibc.open(lockPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw GitError(.locked, "failed to lock file '\(lockPath)' for writing", call: "moveLooseBranch")
            }
            return false   // no refs/heads folder for it, …: libgit2's case
        }
        var locked = true
        defer {
            if fd >= 0 { close(fd) }
            if locked { unlink(lockPath) }
        }
        guard let current = try FileIO.read(refPath), current.count == 41, current[40] == 10,
              let id = ObjectID(hex: String(decoding: current[..<40], as: UTF8.self)) else { return false }
        guard id == expected else {
            throw GitError(.refMoved, "old reference value does not match", call: "moveLooseBranch(\(name))")
        }
        let flush = flushesCommits
        try FileIO.writeAll(fd, Array((target.hex + "\n").utf8), name: lockPath)
        if flush, fsync(fd) != 0 { throw GitError(.io, "cannot fsync \(lockPath): \(FileIO.errnoText())") }
        if logs {
            let line = try reflogLine(old: expected, new: target, message: logMessage, name: string("user.name"), email: string("user.email"))
            try appendReflog(name, line, flush: flush)
            if headNamesIt { try appendReflog("HEAD", line, flush: flush) }
        }
        guard Glibc.rename(lockPath, refPath) == 0 else { throw GitError(.io, "cannot rename \(lockPath) to \(refPath): \(FileIO.errnoText())") }
        locked = false
        // The branch has moved: a folder flush that fails now must not be reported as a failed
        // move, or the caller would put the working files back under the moved branch.
        if flush { try? FileIO.makeDurable([String(refPath[..<refPath.lastIndex(of: "/")!])]) }
        return true
    }

    /// A reflog line as libgit2 writes it (`serialize_reflog_entry`): old and new id, who (the
    /// configuration's user.name and user.email, else "unknown": `git_signature_default`'s rule,
    /// without its snapshot of the configuration), when, a tab and the message with line feeds as
    /// spaces (a line) and no trailing white space.
    private func reflogLine(old: ObjectID, new: ObjectID, message: String, name: String?, email: String?) throws -> [UInt8] {
        var sig: UnsafeMutablePointer<git_signature>? = nil
        if name == nil || email == nil || git_signature_now(&sig, name, email) < 0 {
            try check(git_signature_now(&sig, "unknown", "unknown"), "git_signature_now")
        }
        defer { git_signature_free(sig) }
        let who = sig!.pointee
        let offset = Int(who.when.offset)
        let sign = offset < 0 || who.when.sign == CChar(UInt8(ascii: "-")) ? "-" : "+"
        let minutes = abs(offset)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let text = "\(old.hex) \(new.hex) \(swiftString(who.name) ?? "") <\(swiftString(who.email) ?? "")> \(UInt32(truncatingIfNeeded: who.when.time)) \(sign)\(two(minutes / 60))\(two(minutes % 60))"
        var bytes = Array(text.utf8) + [9] + message.utf8.map { $0 == 10 ? 32 : $0 }
        while let last = bytes.last, last == 32 || (9...13).contains(last) { bytes.removeLast() }
        bytes.append(10)
        return bytes
    }

    /// Appends `line` to `logs/<ref>` (folders made as needed); `O_SYNC` when flushing, as libgit2.
    private func appendReflog(_ ref: String, _ line: [UInt8], flush: Bool) throws {
        let path = gitDir + "logs/" + ref
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (flush ? O_SYNC : 0)
        var fd = Glibc.open(path, flags, 0o666)
        if fd < 0 && errno == ENOENT {
            try FileIO.makeFolders(String(path[..<path.lastIndex(of: "/")!]))
            fd = Glibc.open(path, flags, 0o666)
        }
        guard fd >= 0 else { throw GitError(.io, "cannot open \(path): \(FileIO.errnoText())") }
        defer { close(fd) }
        try FileIO.writeAll(fd, line, name: path)
    }
}
