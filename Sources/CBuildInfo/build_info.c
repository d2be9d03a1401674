#include "build_info.h"

// A C file because only C can take a value from a file that may not exist: Swift has no
// `__has_include` and its compilation conditions carry no values.
#if __has_include("commit.h")
#include "commit.h"
#endif

#ifndef KPI_BUILD_COMMIT
#define KPI_BUILD_COMMIT "unknown"
#endif

const char *kpi_build_commit(void) { return KPI_BUILD_COMMIT; }
