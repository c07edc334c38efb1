#ifndef SSIM_CONFORMANCE_CFILESYSTEM_H
#define SSIM_CONFORMANCE_CFILESYSTEM_H

/// Atomically exchanges the two paths (both must exist): renameat2(2) with RENAME_EXCHANGE, which Swift cannot
/// import because glibc declares it under _GNU_SOURCE. Returns 0, or -1 with errno set.
int cfilesystem_exchange(const char *first, const char *second);

#include <spawn.h>

/// Adds to `actions` the closing of every descriptor from `lowest` up in the child:
/// posix_spawn_file_actions_addclosefrom_np (glibc 2.34), declared under _GNU_SOURCE too. Returns 0 or an errno value.
int cfilesystem_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

#endif
