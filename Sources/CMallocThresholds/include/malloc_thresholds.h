#ifndef KPI_MALLOC_THRESHOLDS_H
#define KPI_MALLOC_THRESHOLDS_H

/// Fixes malloc's trim and mmap thresholds for the process (docs/architecture.md, "Start-up").
/// Called first thing in `kpi`'s main, before any thread exists.
void kpi_fix_malloc_thresholds(void);

#endif
