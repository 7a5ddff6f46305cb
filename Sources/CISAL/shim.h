#ifndef EXFILWATCH_CISAL_SHIM_H
#define EXFILWATCH_CISAL_SHIM_H
/// Intel ISA-L's igzip inflate API (Debian: libisal-dev). Only imported when the package is built
/// with the `ISAL` trait.
#include <isa-l/igzip_lib.h>
#endif
