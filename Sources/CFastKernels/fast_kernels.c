#include "CFastKernels.h"

#include <stdint.h>

typedef float f32x8 __attribute__((vector_size(32), aligned(4)));
typedef double f64x4 __attribute__((vector_size(32), aligned(8)));
typedef int i32x8 __attribute__((vector_size(32), aligned(4)));
typedef long long i64x4 __attribute__((vector_size(32), aligned(8)));
typedef float f32x16 __attribute__((vector_size(64), aligned(4)));
typedef double f64x8 __attribute__((vector_size(64), aligned(8)));
typedef int i32x16 __attribute__((vector_size(64), aligned(4)));
typedef long long i64x8 __attribute__((vector_size(64), aligned(8)));

// Bytes of each moment row in one tile of the forward sweep: with the window of 11, the ring of 2r + FAST_BLUR_ROWS =
// 14 blurred rows of FAST_MOMENTS moments takes 28 KiB, within the first-level data cache of current x86-64 and ARM
// cores (32–48 KiB). With five moments (35 KiB), tiles of 384 bytes were slower on an AMD EPYC of family 25, 256
// bytes slower still.
#define FAST_TILE_BYTES 512
// Map rows swept through every tile before the next rows (a multiple of FAST_BLUR_ROWS, so that the rows blurred at
// once do not straddle blocks): the input rows of a block stay in the second-level cache, and their pages in the TLB,
// from its first tile to its last, and each tile's ring waits in the second-level cache for the next block.
#define FAST_BLOCK_ROWS 32
// How many rows ahead of its blur a tile's input row is asked for: enough to cover a memory access.
#define FAST_PREFETCH_ROWS 4

// The radius of the usual window (11 taps), for which the blurs are compiled apart with the radius known.
#define FAST_COMMON_RADIUS 5

// torch's reflect: index j of a line of n, mirrored without repeating the edge (one reflection reaches).
static inline ptrdiff_t fast_reflect(ptrdiff_t j, ptrdiff_t n) { return j < 0 ? -j : (j >= n ? 2 * (n - 1) - j : j); }

// A tile's row buffer: the tile's columns and the window's 2r more, rounded up to whole 64-byte vectors.
static inline ptrdiff_t fast_tile_buffer_length(size_t element_size, int radius) {
    const ptrdiff_t lanes = 64 / (ptrdiff_t)element_size;
    return (FAST_TILE_BYTES / (ptrdiff_t)element_size + 2 * radius + lanes - 1) / lanes * lanes;
}

// Asks for the image columns of padded row `padded_row` that a tile of map columns [c0, c0 + count) reads, ahead of
// the tile reading them: a tile reads a short piece of each row, 2 × W elements apart, a stride the hardware
// prefetchers do not follow, so each row would otherwise wait on memory.
static inline void fast_prefetch_tile(const char *x, const char *y, size_t element_size, const fast_geometry *g,
                                      ptrdiff_t padded_row, ptrdiff_t c0, ptrdiff_t count) {
    const ptrdiff_t row = (fast_reflect(padded_row - g->radius, g->height) - g->first_row) * g->width;
    ptrdiff_t from = c0 + g->crop - g->radius, to = from + count + 2 * g->radius;
    from = from < 0 ? 0 : from;
    to = to > g->width ? g->width : to;
    for (ptrdiff_t byte = (row + from) * (ptrdiff_t)element_size; byte < (row + to) * (ptrdiff_t)element_size;
         byte += 64) {
        __builtin_prefetch(x + byte);
        __builtin_prefetch(y + byte);
    }
}

ptrdiff_t fast_forward_scratch_count(int element_size, int radius, ptrdiff_t map_vector_width) {
    const ptrdiff_t tile = FAST_TILE_BYTES / element_size, tiles = (map_vector_width + tile - 1) / tile;
    // 64 bytes to align to, a buffer per moment, FAST_BLUR_ROWS blurred rows, each tile's ring of 2r + FAST_BLUR_ROWS
    // rows of FAST_MOMENTS moments, and a vector of sums per row of a block.
    return (64 + 64 * FAST_BLOCK_ROWS) / element_size +
           FAST_MOMENTS * fast_tile_buffer_length((size_t)element_size, radius) + FAST_BLUR_ROWS * FAST_MOMENTS * tile +
           tiles * (2 * radius + FAST_BLUR_ROWS) * FAST_MOMENTS * tile;
}

#define WIDTH 32
#define TARGET
#define ISA baseline
#define LANE_SHUFFLES 0
#include "fast_precisions.h"
#undef LANE_SHUFFLES
#undef TARGET
#undef ISA
#undef WIDTH

#if defined(__x86_64__)
#define HAS_X86_LEVELS 1
#define WIDTH 32
#define TARGET __attribute__((target("avx2,fma")))
#define ISA avx2_fma
#define LANE_SHUFFLES 1
#include "fast_precisions.h"
#undef TARGET
#undef ISA
#undef WIDTH

#define WIDTH 64
#define TARGET __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")))
#define ISA avx512
#include "fast_precisions.h"
#undef LANE_SHUFFLES
#undef TARGET
#undef ISA
#undef WIDTH

int fast_supports(fast_isa isa) {
    __builtin_cpu_init();
    switch (isa) {
    case fast_isa_baseline: return 1;
    case fast_isa_avx2_fma: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case fast_isa_avx512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("fma");
    }
    return 0;
}
#else
int fast_supports(fast_isa isa) { return isa == fast_isa_baseline; }
#endif

int fast_lanes(fast_isa isa, int element_size) {
#ifdef HAS_X86_LEVELS
    if (isa == fast_isa_avx512) return 64 / element_size;
#endif
    return 32 / element_size;
}

// A caller asking for instructions that were not compiled in gets the baseline; `fast_supports` says which run.
#ifdef HAS_X86_LEVELS
#define DISPATCH(isa, base, suffix, ...)                                                                               \
    ((isa) == fast_isa_avx512 ? base##_##suffix##_avx512(__VA_ARGS__)                                                  \
     : (isa) == fast_isa_avx2_fma ? base##_##suffix##_avx2_fma(__VA_ARGS__)                                           \
                                  : base##_##suffix##_baseline(__VA_ARGS__))
#else
#define DISPATCH(isa, base, suffix, ...) base##_##suffix##_baseline(__VA_ARGS__)
#endif

// The entry points of one precision (T, named S in the functions' names), as CFastKernels.h declares them: each
// runs the loops compiled for the instruction set asked.
#define ENTRY_POINTS(T, S)                                                                                            \
    void fast_blur_symmetric_##S(fast_isa isa, const T *in, ptrdiff_t in_stride, T *out, ptrdiff_t out_stride,      \
                                 int channels, ptrdiff_t count, const T *weights, int radius) {                    \
        DISPATCH(isa, symmetric, S, in, in_stride, out, out_stride, channels, count, weights, radius);              \
    }                                                                                                              \
    void fast_blur_weighted_rows_##S(fast_isa isa, const T *const *pair_a, const T *const *pair_b,                  \
                                     const T *pair_weights, int pairs, const T *const *singles,                    \
                                     const T *single_weights, int single_count, int channels, ptrdiff_t in_stride, \
                                     T *out, ptrdiff_t out_stride, ptrdiff_t count) {                              \
        DISPATCH(isa, weighted_rows, S, pair_a, pair_b, pair_weights, pairs, singles, single_weights, single_count, \
                 channels, in_stride, out, out_stride, count);                                                     \
    }                                                                                                              \
    void fast_moment_row_##S(fast_isa isa, const T *x, const T *y, fast_geometry geometry, const T *weights,        \
                             ptrdiff_t padded_row, T *buffer, ptrdiff_t length, T *out, ptrdiff_t out_stride) {     \
        DISPATCH(isa, moment_row, S, x, y, geometry, weights, padded_row, buffer, length, out, out_stride);         \
    }                                                                                                              \
    void fast_blur_rows_##S(fast_isa isa, const T *const *rows, const T *weights, int radius, int channels,         \
                            ptrdiff_t in_stride, T *out, int map_rows, ptrdiff_t row_stride, ptrdiff_t out_stride,  \
                            ptrdiff_t count) {                                                                     \
        DISPATCH(isa, rows, S, rows, weights, radius, channels, in_stride, out, map_rows, row_stride, out_stride,   \
                 count);                                                                                           \
    }                                                                                                              \
    T fast_ssim_row_##S(fast_isa isa, const T *moments, ptrdiff_t stride, ptrdiff_t width,                          \
                        fast_constants_##S constants, T *ssim_map, T *loss_map, T *gradients) {                    \
        return DISPATCH(isa, ssim_row, S, moments, stride, width, constants, ssim_map, loss_map, gradients);        \
    }                                                                                                              \
    void fast_fold_borders_##S(fast_isa isa, const T *z, ptrdiff_t z_stride, T *back, ptrdiff_t back_stride,        \
                               int channels, ptrdiff_t width, const T *weights, int radius) {                      \
        DISPATCH(isa, fold_borders, S, z, z_stride, back, back_stride, channels, width, weights, radius);           \
    }                                                                                                              \
    void fast_chain_rule_##S(fast_isa isa, const T *x, const T *y, const T *back, ptrdiff_t back_stride, T *gx,     \
                             T *gy, ptrdiff_t width) {                                                             \
        DISPATCH(isa, chain_rule, S, x, y, back, back_stride, gx, gy, width);                                       \
    }                                                                                                              \
    void fast_forward_rows_##S(fast_isa isa, const T *x, const T *y, fast_geometry geometry, const T *weights,      \
                               fast_constants_##S constants, T *ssim_map, T *loss_map, T *row_sums,                \
                               ptrdiff_t start, ptrdiff_t stop, T *scratch) {                                      \
        DISPATCH(isa, forward_rows, S, x, y, geometry, weights, constants, ssim_map, loss_map, row_sums, start,     \
                 stop, scratch);                                                                                   \
    }                                                                                                              \
    void fast_pool_row_##S(fast_isa isa, const T *a, const T *b, T *out, ptrdiff_t count) {                       \
        DISPATCH(isa, pool_row, S, a, b, out, count);                                                              \
    }                                                                                                              \
    void fast_unpool_row_##S(fast_isa isa, const T *gradient, T *fine, ptrdiff_t count) {                          \
        DISPATCH(isa, unpool_row, S, gradient, fine, count);                                                       \
    }                                                                                                              \
    int fast_scale_row_##S(fast_isa isa, T *values, ptrdiff_t count, T factor) {                                   \
        return DISPATCH(isa, scale_row, S, values, count, factor);                                                 \
    }                                                                                                              \
    T fast_multiply_add_peak_##S(fast_isa isa, long iterations) {                                                  \
        return DISPATCH(isa, multiply_add_peak, S, iterations);                                                    \
    }

ENTRY_POINTS(float, f32)
ENTRY_POINTS(double, f64)
