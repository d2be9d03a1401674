#include <malloc.h>
#include "malloc_thresholds.h"

// glibc raises both thresholds as large blocks are freed (up to 32 MiB and 64 MiB) and from
// then on keeps freed memory instead of giving it back: on the million in sheets a finished
// thread's arena held ~35 MB of free memory to the end of the run. Set once, they no longer
// move: the top of an arena past 1 MiB free is given back, and blocks of 4 MiB or more are
// mapped on their own (freed straight back). Smaller fixed values cost page faults on the
// usual ledger's run (a 1 MiB mmap threshold: +48% page faults on the 1,000-person year).
void kpi_fix_malloc_thresholds(void) {
    mallopt(M_TRIM_THRESHOLD, 1 << 20);
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
}
