import CMallocArenas

/// glibc's malloc gives each thread that allocates an arena of its own and keeps what that
/// thread frees there for it alone: a cold `kpi score` over a million records, its files read on
/// every core and its report key and git's status worked out on threads of their own, peaked
/// ~20 MB of resident memory above its heap that way. Two arenas keep most of that (one kept
/// ~5 MB more), and unlike one they do not make the load's threads wait on each other's malloc
/// lock: one arena made the cold 1,000 × 5 year ~23% slower in wall time on a quiet machine
/// (docs/architecture.md, "Memory"; BENCHMARKS.md, session 12).
enum MallocArenas {
    /// The arenas `kpi score`'s threads share.
    static let shared: Int32 = 2

    /// Every thread that allocates from now on shares the `shared` arenas. Called before the
    /// command starts a thread: one that has already allocated keeps its own arena. False when
    /// the C library has no such setting (not glibc).
    @discardableResult
    static func limit() -> Bool { kpi_malloc_arenas(shared) == 1 }

    /// Every block of 128 KB or more mapped on its own and given back when freed, from now on
    /// (glibc's default threshold, kept fixed): a load a quarter at a time makes and frees a
    /// quarter's large arrays four times over, and with glibc's moving threshold they stayed in
    /// the heap's pages, ~20 MB of resident memory above the heap on the million in sheets
    /// (BENCHMARKS.md, s15-memory). A smaller ledger keeps glibc's default (fewer system calls).
    @discardableResult
    static func mapLargeBlocks() -> Bool { kpi_malloc_mmap_threshold(128 << 10) == 1 }
}
