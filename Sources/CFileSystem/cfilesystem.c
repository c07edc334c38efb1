#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include "cfilesystem.h"

int cfilesystem_exchange(const char *first, const char *second) {
    return renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
}
