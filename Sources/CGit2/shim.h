#ifndef KPI_CGIT2_SHIM_H
#define KPI_CGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one small wrapper per option used. */
static inline int kpi_git_set_fsync_gitdir(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled);
}

static inline int kpi_git_set_strict_object_creation(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, enabled);
}

static inline int kpi_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

static inline int kpi_git_set_search_path(int level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

static inline int kpi_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

static inline int kpi_git_set_ssl_cert_locations(const char *file, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}

/* syncfs(2) is declared by <unistd.h> only under _GNU_SOURCE, which Swift's Glibc module does
   not set: the commit transaction makes a write's many files durable with one call. */
extern int syncfs(int fd);
static inline int kpi_syncfs(int fd) {
    return syncfs(fd);
}

/* zlib (a dependency of libgit2-dev): the commit transaction deflates its loose objects itself
   (LooseObjects.swift). deflateInit is a macro Swift cannot call. */
#include <zlib.h>
static inline int kpi_deflate_init(z_stream *s, int level) {
    return deflateInit(s, level);
}
/* inflateInit is a macro too: PackReader.swift reads pack entries itself. */
static inline int kpi_inflate_init(z_stream *s) {
    return inflateInit(s);
}
/* With a smaller hash table (memLevel): each deflateReset clears it, 64 KiB at zlib's default. */
static inline int kpi_deflate_init_small(z_stream *s, int level, int memLevel) {
    return deflateInit2(s, level, Z_DEFLATED, 15, memLevel, Z_DEFAULT_STRATEGY);
}

/* An unnamed file in a folder, linked into place once whole (open(2), O_TMPFILE): defined by
   <fcntl.h> only under _GNU_SOURCE; -1 with errno set where the file system has no such files. */
#include <errno.h>
#include <fcntl.h>
static inline int kpi_open_unnamed(const char *folder, unsigned int mode) {
#if defined(O_TMPFILE)
    return open(folder, O_TMPFILE | O_WRONLY | O_CLOEXEC, mode);
#elif defined(__O_TMPFILE)
    return open(folder, __O_TMPFILE | O_DIRECTORY | O_WRONLY | O_CLOEXEC, mode);
#else
    errno = EOPNOTSUPP;
    return -1;
#endif
}

#endif
