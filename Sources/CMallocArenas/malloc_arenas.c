#include "malloc_arenas.h"

// A C file because Swift's Glibc module does not bring <malloc.h> (mallopt, M_ARENA_MAX).
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

#ifdef M_ARENA_MAX
int kpi_malloc_arenas(int count) { return mallopt(M_ARENA_MAX, count); }
#else
int kpi_malloc_arenas(int count) { (void)count; return 0; }
#endif

#ifdef M_MMAP_THRESHOLD
int kpi_malloc_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }
#else
int kpi_malloc_mmap_threshold(int bytes) { (void)bytes; return 0; }
#endif
