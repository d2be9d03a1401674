import CGit2

/// An open git repository. One owner at a time: not Sendable (a libgit2 repository object
/// must not be used by two threads at once); open one `Repository` per thread or task.
public final class Repository {
    let handle: Owned
    var raw: OpaquePointer { handle.raw }
    /// Tree entries by tree id, for history comparisons (trees are immutable).
    var treeCache: [ObjectID: [TreeEntry]] = [:]
    var treeCacheEntries = 0
    /// What the last push cleaned up in a local remote (locks a killed kpi left), for the user.
    public internal(set) var pushNotes: [String] = []
    static let treeCacheLimit = 500_000
    /// Tree objects lately compared, raw (TreeComparison.swift).
    let rawTrees = RawTrees()

    /// The trees kept go before the repository they were read from.
    deinit { rawTrees.clear() }
    /// Whether the commits and tags written through this object are signed (CommitSigning.swift).
    public var signing: SigningRequest = .asConfigured
    /// `flushesCommits`, once read from the configuration.
    var flushSetting: Bool?
    /// The index this object last wrote to `.git/index` (edited as bytes, `IndexFile`): found
    /// there unchanged byte for byte, it is neither checksummed nor scanned again.
    var writtenIndex: IndexFile?
    /// The trees and commits this object wrote lately (`patchedTree`, `createCommit`): the next
    /// commit builds on them without reading them back.
    var writtenTrees: [ObjectID: [UInt8]] = [:]
    var commitTrees: [ObjectID: ObjectID] = [:]
    /// `looseObjects`, made on first use.
    var looseWriter: LooseObjectWriter?
    /// Commits read through `commit(_:)` whose header names no signature field: `commitSignature`
    /// answers them without reading and inflating the object a second time.
    var unsignedCommits = Set<ObjectID>()

    private init(_ raw: OpaquePointer) {
        handle = Owned(raw, release: { git_repository_free($0) })
    }

    /// Opens the repository at `path` (its working tree or its git directory); no upward search.
    public convenience init(path: String) throws {
        _ = Libgit2.initialized
        var out: OpaquePointer? = nil
        try check(git_repository_open_ext(&out, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil),
                  "git_repository_open_ext(\(path))")
        self.init(out!)
    }

    /// Opens the repository containing `path`, searching upward like git does.
    public static func discover(from path: String) throws -> Repository {
        _ = Libgit2.initialized
        var out: OpaquePointer? = nil
        try check(git_repository_open_ext(&out, path, 0, nil), "git_repository_open_ext(\(path), search)")
        return Repository(out!)
    }

    /// Creates a repository (and its folders) at `path`; HEAD names `initialBranch`.
    /// Like `git init`, running it on an existing repository re-initialises it harmlessly
    /// (its HEAD and history are kept).
    public static func create(at path: String, bare: Bool = false, initialBranch: String = "main") throws -> Repository {
        _ = Libgit2.initialized
        var opts = git_repository_init_options()
        try check(git_repository_init_options_init(&opts, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
                  "git_repository_init_options_init")
        opts.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | (bare ? GIT_REPOSITORY_INIT_BARE.rawValue : 0)
        var out: OpaquePointer? = nil
        try initialBranch.withCString { head in
            opts.initial_head = head
            _ = try check(git_repository_init_ext(&out, path, &opts), "git_repository_init_ext(\(path))")
        }
        return Repository(out!)
    }

    public var isBare: Bool { git_repository_is_bare(raw) == 1 }

    /// The working tree folder, ending in "/"; nil for a bare repository.
    public var workdir: String? { swiftString(git_repository_workdir(raw)) }

    /// The git directory (`.git/` or the bare repository itself), ending in "/".
    public var gitDir: String { swiftString(git_repository_path(raw)) ?? "" }

    /// The branch HEAD names, e.g. "refs/heads/main" — also when that branch is unborn.
    /// nil when HEAD is detached.
    public var headBranch: String? {
        guard let ref = try? owned("git_reference_lookup(HEAD)", free: { git_reference_free($0) }, {
            git_reference_lookup($0, raw, "HEAD")
        }) else { return nil }
        guard git_reference_type(ref.raw) == GIT_REFERENCE_SYMBOLIC else { return nil }
        return swiftString(git_reference_symbolic_target(ref.raw))
    }

    /// The commit HEAD points to; nil when its branch is unborn.
    public func headCommit() throws -> ObjectID? {
        var oid = git_oid()
        let rc = git_reference_name_to_id(&oid, raw, "HEAD")
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EUNBORNBRANCH.rawValue { return nil }
        try check(rc, "git_reference_name_to_id(HEAD)")
        return ObjectID(oid)
    }

    /// Resolves any revision git understands (branch, tag, `HEAD~2`, short id …) to a commit.
    public func resolve(_ revision: String) throws -> ObjectID {
        let object = try owned("git_revparse_single(\(revision))", free: { git_object_free($0) }) {
            git_revparse_single($0, raw, revision)
        }
        let commit = try owned("git_object_peel(\(revision), commit)", free: { git_object_free($0) }) {
            git_object_peel($0, object.raw, GIT_OBJECT_COMMIT)
        }
        return ObjectID(git_object_id(commit.raw))
    }
}
