import CMallocArenas

/// glibc's malloc gives each thread that allocates an arena of its own and keeps what that
/// thread frees there for it alone: a cold `kpi score` over a million records, its files read on
/// every core and its report key and git's status worked out on threads of their own, peaked
/// ~20 MB of resident memory above its heap that way. With one arena what any thread frees is
/// reused by all; the locks the threads then share were not measurable on the 1,000 × 5 year
/// (docs/architecture.md, "Memory").
enum MallocArenas {
    /// Every thread that allocates from now on shares the main arena. Called before the
    /// command starts a thread: one that has already allocated keeps its own arena. False when
    /// the C library has no such setting (not glibc).
    @discardableResult
    static func one() -> Bool { kpi_malloc_one_arena() == 1 }
}
