import CDeferredCertificates
import CGit2

/// libgit2's global state, initialised once on first use (reference-counted by libgit2 itself).
/// Every public entry point of GitStore touches `Libgit2.initialized` first.
enum Libgit2 {
    static let initialized: Bool = {
        // The CA bundle's parse is deferred to the first HTTPS transfer (CertificateAuthorities).
        kpi_certificates_defer(1)
        git_libgit2_init()
        kpi_certificates_defer(0)
        // Speed by default: the transaction fsyncs the files it writes itself; object and ref
        // fsync is opt-in through `GitSettings.fsyncGitDirectory`.
        _ = kpi_git_set_fsync_gitdir(0)
        // Objects read are not hashed again to check their id, as git itself reads them (only
        // `git fsck` does): zlib's checksum still rejects a damaged object, and re-hashing every
        // tree and blob read was 43% of the instructions of a cold walk of 10,000 commits
        // (BENCHMARKS.md, "Issue 16 item 3").
        _ = kpi_git_set_strict_hash_verification(0)
        return true
    }()
}

/// Process-wide libgit2 settings (they apply to every repository opened afterwards).
public enum GitSettings {
    /// `GIT_OPT_ENABLE_FSYNC_GITDIR`: fsync objects, refs and the index that libgit2 writes.
    /// Off by default (measured ~6× slower commits when on).
    public static func setFsyncGitDirectory(_ enabled: Bool) {
        _ = Libgit2.initialized
        _ = kpi_git_set_fsync_gitdir(enabled ? 1 : 0)
    }

    /// libgit2's check that a repository belongs to the current user (git's safe.directory).
    public static func setOwnerValidation(_ enabled: Bool) {
        _ = Libgit2.initialized
        _ = kpi_git_set_owner_validation(enabled ? 1 : 0)
    }

    public enum ConfigLevel: Sendable {
        case system, xdg, global

        var raw: Int32 {
            switch self {
            case .system: return Int32(GIT_CONFIG_LEVEL_SYSTEM.rawValue)
            case .xdg: return Int32(GIT_CONFIG_LEVEL_XDG.rawValue)
            case .global: return Int32(GIT_CONFIG_LEVEL_GLOBAL.rawValue)
            }
        }
    }

    /// Where libgit2 looks for the global/xdg/system configuration files (a folder).
    /// libgit2 reads `$HOME` once at initialisation; tests point this at a temporary folder.
    public static func setConfigSearchPath(_ level: ConfigLevel, to folder: String) throws {
        _ = Libgit2.initialized
        try check(kpi_git_set_search_path(level.raw, folder), "git_libgit2_opts(SET_SEARCH_PATH)")
    }
}
