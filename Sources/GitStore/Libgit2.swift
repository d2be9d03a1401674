import CGit2

/// libgit2's global state, initialised once on first use (reference-counted by libgit2 itself).
enum Libgit2 {
    static let initialized: Bool = {
        git_libgit2_init()
        return true
    }()
}
