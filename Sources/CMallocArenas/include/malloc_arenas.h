#ifndef KPI_MALLOC_ARENAS_H
#define KPI_MALLOC_ARENAS_H

/// From now on new threads share at most `count` glibc malloc arenas (`mallopt(M_ARENA_MAX,
/// count)`) instead of one each, which keeps what its thread freed for that thread alone.
/// Call it before the process starts threads: a thread that has allocated keeps its arena.
/// Returns 1 when glibc took the setting, 0 otherwise (another C library: nothing is done).
int kpi_malloc_arenas(int count);

#endif
