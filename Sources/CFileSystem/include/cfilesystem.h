#ifndef SSIM_CONFORMANCE_CFILESYSTEM_H
#define SSIM_CONFORMANCE_CFILESYSTEM_H

/// Atomically exchanges the two paths (both must exist): renameat2(2) with RENAME_EXCHANGE, which Swift cannot
/// import because glibc declares it under _GNU_SOURCE. Returns 0, or -1 with errno set.
int cfilesystem_exchange(const char *first, const char *second);

#endif
