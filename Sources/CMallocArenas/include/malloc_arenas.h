#ifndef KPI_MALLOC_ARENAS_H
#define KPI_MALLOC_ARENAS_H

/// From now on new threads share at most `count` glibc malloc arenas (`mallopt(M_ARENA_MAX,
/// count)`) instead of one each, which keeps what its thread freed for that thread alone.
/// Call it before the process starts threads: a thread that has allocated keeps its arena.
/// Returns 1 when glibc took the setting, 0 otherwise (another C library: nothing is done).
int kpi_malloc_arenas(int count);

/// From now on every block of `bytes` or more is mapped on its own and unmapped when freed
/// (`mallopt(M_MMAP_THRESHOLD, bytes)`), the threshold fixed: glibc otherwise raises it to the
/// size of each mapped block freed, and the large arrays made and freed again and again then
/// stay in the heap's pages. Returns 1 when glibc took the setting, 0 otherwise.
int kpi_malloc_mmap_threshold(int bytes);

#endif
