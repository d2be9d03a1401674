#ifndef KPI_BUILD_INFO_H
#define KPI_BUILD_INFO_H

/// The git commit kpi was built from ("1a2b3c4d5e6f", "-dirty" when the work tree had
/// changes), or "unknown" for a plain `swift build`: `make release` and `make install`
/// write commit.h beside build_info.c before building (see the Makefile).
const char *kpi_build_commit(void);

#endif
