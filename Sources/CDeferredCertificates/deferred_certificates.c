// libgit2 1.5 built with mbedTLS (Debian's) parses the system's whole CA bundle inside
// git_libgit2_init (src/libgit2/streams/mbedtls.c, git_mbedtls_stream_global_init), for every
// program, whether it ever opens a TLS connection or not, and no libgit2 option skips it: about a
// fifth of the instructions of a `kpi record`. These two definitions in the executable come before
// libmbedx509's in the dynamic linker's search order, so libgit2's calls reach them first. While
// GitStore initialises libgit2 they only note the location asked for (and leave the chain empty,
// which libgit2 accepts); at any other time they pass the call on unchanged. GitStore parses the
// noted location before its first HTTPS transfer (docs/architecture.md, "Start-up").
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include "deferred_certificates.h"

static int deferring;
static char *noted_file;
static char *noted_folder;
static int parsed;

void kpi_certificates_defer(int on) { deferring = on; }
const char *kpi_certificates_deferred_file(void) { return noted_file; }
const char *kpi_certificates_deferred_folder(void) { return noted_folder; }
int kpi_certificates_parsed(void) { return parsed; }

typedef int (*parse_function)(void *chain, const char *path);

static int note(char **slot, const char *path) {
    free(*slot);
    *slot = path ? strdup(path) : NULL;
    return 0;
}

static int pass_on(const char *name, void *chain, const char *path) {
    parse_function real = (parse_function)dlsym(RTLD_NEXT, name);
    if (!real) return -0x2900;  // MBEDTLS_ERR_X509_FILE_IO_ERROR: libgit2 reports the location as unusable
    parsed++;
    return real(chain, path);
}

// mbedtls/x509_crt.h: int mbedtls_x509_crt_parse_file(mbedtls_x509_crt *chain, const char *path);
int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    if (deferring) return note(&noted_file, path);
    return pass_on("mbedtls_x509_crt_parse_file", chain, path);
}

// mbedtls/x509_crt.h: int mbedtls_x509_crt_parse_path(mbedtls_x509_crt *chain, const char *path);
int mbedtls_x509_crt_parse_path(void *chain, const char *path) {
    if (deferring) return note(&noted_folder, path);
    return pass_on("mbedtls_x509_crt_parse_path", chain, path);
}
