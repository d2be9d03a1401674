import CGit2

/// A failure from libgit2 (with libgit2's own message and the failing call) or from GitStore.
///
/// Callers match on `code`: `catch let error as GitError where error.code == .refMoved`.
public struct GitError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: Sendable, Equatable {
        case notFound          // GIT_ENOTFOUND
        case refMoved          // GIT_EMODIFIED: the compare-and-swap of a reference lost
        case exists            // GIT_EEXISTS
        case locked            // GIT_ELOCKED, or the ledger lock could not be taken in time
        case unbornBranch      // GIT_EUNBORNBRANCH
        case conflict          // GIT_ECONFLICT / GIT_EMERGECONFLICT / GIT_EUNMERGED
        case ambiguous         // GIT_EAMBIGUOUS (a short id matching several objects)
        case invalidSpec       // GIT_EINVALIDSPEC
        case bareRepository    // GIT_EBAREREPO, or a working-tree operation on a bare repository
        case nothingToCommit   // the change would produce the tip's own tree
        case noIdentity        // no author/committer name or email could be found
        case invalidDate       // an unparseable GIT_AUTHOR_DATE / GIT_COMMITTER_DATE
        case invalidArgument   // a bad path, identity or name passed by the caller
        case io                // a file-system call failed (errno in the message)
        case rejected          // the remote refused a push for a reason of its own (a hook, a protected branch)
        case timedOut          // a transfer made no progress for the allowed time
        case signing           // a commit or tag could not be signed as asked
        case other(Int32)      // any other libgit2 return code
    }

    public let code: Code
    /// libgit2's message (`git_error_last`) or GitStore's own.
    public let message: String
    /// The failing call, e.g. `git_reference_create_matching(refs/heads/main)`.
    public let call: String

    public init(_ code: Code, _ message: String, call: String = "") {
        self.code = code
        self.message = message
        self.call = call
    }

    /// Builds the error for a negative libgit2 return code, reading `git_error_last()`.
    init(libgit2 rc: Int32, call: String) {
        let text: String
        if let last = git_error_last(), let msg = last.pointee.message {
            text = String(cString: msg)
        } else {
            text = "libgit2 error \(rc)"
        }
        self.init(GitError.code(for: rc), text, call: call)
    }

    static func code(for rc: Int32) -> Code {
        switch rc {
        case GIT_ENOTFOUND.rawValue: return .notFound
        case GIT_EMODIFIED.rawValue: return .refMoved
        case GIT_EEXISTS.rawValue: return .exists
        case GIT_ELOCKED.rawValue: return .locked
        case GIT_EUNBORNBRANCH.rawValue: return .unbornBranch
        case GIT_ECONFLICT.rawValue, GIT_EMERGECONFLICT.rawValue, GIT_EUNMERGED.rawValue: return .conflict
        case GIT_EAMBIGUOUS.rawValue: return .ambiguous
        case GIT_EINVALIDSPEC.rawValue: return .invalidSpec
        case GIT_EBAREREPO.rawValue: return .bareRepository
        default: return .other(rc)
        }
    }

    public var description: String {
        call.isEmpty ? message : "\(call): \(message)"
    }
}

/// Throws a `GitError` for a negative libgit2 return code; returns non-negative codes.
@discardableResult
func check(_ rc: Int32, _ call: @autoclosure () -> String) throws -> Int32 {
    if rc < 0 { throw GitError(libgit2: rc, call: call()) }
    return rc
}
