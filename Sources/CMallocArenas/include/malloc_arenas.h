#ifndef KPI_MALLOC_ARENAS_H
#define KPI_MALLOC_ARENAS_H

/// From now on every new thread allocates from glibc's main arena (`mallopt(M_ARENA_MAX, 1)`)
/// instead of an arena of its own, which keeps what its thread freed for that thread alone.
/// Call it before the process starts threads: a thread that has allocated keeps its arena.
/// Returns 1 when glibc took the setting, 0 otherwise (another C library: nothing is done).
int kpi_malloc_one_arena(void);

#endif
