// zlib, from Debian's zlib1g-dev (HDF5 links it already): the report's PNG pictures are deflated with it.
#include <zlib.h>
