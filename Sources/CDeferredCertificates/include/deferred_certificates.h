#ifndef KPI_DEFERRED_CERTIFICATES_H
#define KPI_DEFERRED_CERTIFICATES_H

/// While on, libgit2's parse of the certificate authorities is only noted, not done
/// (deferred_certificates.c says why). GitStore turns it on around git_libgit2_init alone.
void kpi_certificates_defer(int on);

/// The CA bundle file and folder libgit2's initialisation asked to parse while deferred
/// (NULL when it asked for none: no bundle on this system, or a libgit2 without mbedTLS).
const char *kpi_certificates_deferred_file(void);
const char *kpi_certificates_deferred_folder(void);

/// How many parses were passed on to mbedTLS (for the tests).
int kpi_certificates_parsed(void);

#endif
