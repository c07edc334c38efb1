// Instantiates fast_loops.h for float and for double, for the instruction set named ISA, whose functions carry the
// attribute TARGET (both defined by the includer).

#define SCALAR float
#define VECTOR f32x8
#define MASK i32x8
#define CONSTANTS fast_constants_f32
#define LANES 8
#define PRECISION f32
#include "fast_loops.h"

#define SCALAR double
#define VECTOR f64x4
#define MASK i64x4
#define CONSTANTS fast_constants_f64
#define LANES 4
#define PRECISION f64
#include "fast_loops.h"
