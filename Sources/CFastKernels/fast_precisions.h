// Instantiates fast_loops.h for float and for double, for the instruction set named ISA, whose functions carry the
// attribute TARGET, on vectors of WIDTH bytes (32 or 64; all three defined by the includer).

#define SCALAR float
#if WIDTH == 64
#define VECTOR f32x16
#define MASK i32x16
#define LANES 16
// Inline assembly: the compiler turns the shuffle into permutes that cost register copies.
#define ALIGN_LANES "valignd "
#else
#define VECTOR f32x8
#define MASK i32x8
#define LANES 8
#endif
#define CONSTANTS fast_constants_f32
#define PRECISION f32
#include "fast_loops.h"

#define SCALAR double
#if WIDTH == 64
#define VECTOR f64x8
#define MASK i64x8
#define LANES 8
#define ALIGN_LANES "valignq "
#else
#define VECTOR f64x4
#define MASK i64x4
#define LANES 4
#endif
#define CONSTANTS fast_constants_f64
#define PRECISION f64
#include "fast_loops.h"
