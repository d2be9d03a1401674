#include "malloc_arenas.h"

// A C file because Swift's Glibc module does not bring <malloc.h> (mallopt, M_ARENA_MAX).
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

#ifdef M_ARENA_MAX
int kpi_malloc_one_arena(void) { return mallopt(M_ARENA_MAX, 1); }
#else
int kpi_malloc_one_arena(void) { return 0; }
#endif
