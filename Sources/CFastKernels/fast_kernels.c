#include "CFastKernels.h"

typedef float f32x8 __attribute__((vector_size(32), aligned(4)));
typedef double f64x4 __attribute__((vector_size(32), aligned(8)));
typedef int i32x8 __attribute__((vector_size(32), aligned(4)));
typedef long long i64x4 __attribute__((vector_size(32), aligned(8)));
typedef float f32x16 __attribute__((vector_size(64), aligned(4)));
typedef double f64x8 __attribute__((vector_size(64), aligned(8)));
typedef int i32x16 __attribute__((vector_size(64), aligned(4)));
typedef long long i64x8 __attribute__((vector_size(64), aligned(8)));

#define WIDTH 32
#define TARGET
#define ISA baseline
#include "fast_precisions.h"
#undef TARGET
#undef ISA
#undef WIDTH

#if defined(__x86_64__)
#define HAS_X86_LEVELS 1
#define WIDTH 32
#define TARGET __attribute__((target("avx2,fma")))
#define ISA avx2_fma
#include "fast_precisions.h"
#undef TARGET
#undef ISA
#undef WIDTH

#define WIDTH 64
#define TARGET __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")))
#define ISA avx512
#include "fast_precisions.h"
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

void fast_blur_symmetric_f32(fast_isa isa, const float *in, ptrdiff_t in_stride, float *out, ptrdiff_t out_stride,
                        int channels, ptrdiff_t count, const float *weights, int radius) {
    DISPATCH(isa, symmetric, f32, in, in_stride, out, out_stride, channels, count, weights, radius);
}

void fast_blur_symmetric_f64(fast_isa isa, const double *in, ptrdiff_t in_stride, double *out, ptrdiff_t out_stride,
                        int channels, ptrdiff_t count, const double *weights, int radius) {
    DISPATCH(isa, symmetric, f64, in, in_stride, out, out_stride, channels, count, weights, radius);
}

void fast_blur_weighted_rows_f32(fast_isa isa, const float *const *pair_a, const float *const *pair_b,
                            const float *pair_weights, int pairs, const float *const *singles,
                            const float *single_weights, int single_count, int channels, ptrdiff_t in_stride,
                            float *out, ptrdiff_t out_stride, ptrdiff_t count) {
    DISPATCH(isa, weighted_rows, f32, pair_a, pair_b, pair_weights, pairs, singles, single_weights, single_count,
             channels, in_stride, out, out_stride, count);
}

void fast_blur_weighted_rows_f64(fast_isa isa, const double *const *pair_a, const double *const *pair_b,
                            const double *pair_weights, int pairs, const double *const *singles,
                            const double *single_weights, int single_count, int channels, ptrdiff_t in_stride,
                            double *out, ptrdiff_t out_stride, ptrdiff_t count) {
    DISPATCH(isa, weighted_rows, f64, pair_a, pair_b, pair_weights, pairs, singles, single_weights, single_count,
             channels, in_stride, out, out_stride, count);
}

void fast_row_products_f32(fast_isa isa, const float *x, const float *y, ptrdiff_t count, float *x_out, float *y_out,
                           float *xx, float *yy, float *xy) {
    DISPATCH(isa, row_products, f32, x, y, count, x_out, y_out, xx, yy, xy);
}

void fast_row_products_f64(fast_isa isa, const double *x, const double *y, ptrdiff_t count, double *x_out,
                           double *y_out, double *xx, double *yy, double *xy) {
    DISPATCH(isa, row_products, f64, x, y, count, x_out, y_out, xx, yy, xy);
}

void fast_blur_two_rows_f32(fast_isa isa, const float *const *rows, const float *weights, int radius, int channels,
                            ptrdiff_t in_stride, float *out0, float *out1, ptrdiff_t out_stride, ptrdiff_t count) {
    DISPATCH(isa, two_rows, f32, rows, weights, radius, channels, in_stride, out0, out1, out_stride, count);
}

void fast_blur_two_rows_f64(fast_isa isa, const double *const *rows, const double *weights, int radius,
                            int channels, ptrdiff_t in_stride, double *out0, double *out1, ptrdiff_t out_stride,
                            ptrdiff_t count) {
    DISPATCH(isa, two_rows, f64, rows, weights, radius, channels, in_stride, out0, out1, out_stride, count);
}

float fast_ssim_row_f32(fast_isa isa, const float *moments, ptrdiff_t stride, ptrdiff_t width,
                        fast_constants_f32 constants, float *ssim_map, float *loss_map, float *gradients) {
    return DISPATCH(isa, ssim_row, f32, moments, stride, width, constants, ssim_map, loss_map, gradients);
}

double fast_ssim_row_f64(fast_isa isa, const double *moments, ptrdiff_t stride, ptrdiff_t width,
                         fast_constants_f64 constants, double *ssim_map, double *loss_map, double *gradients) {
    return DISPATCH(isa, ssim_row, f64, moments, stride, width, constants, ssim_map, loss_map, gradients);
}

float fast_multiply_add_peak_f32(fast_isa isa, long iterations) {
    return DISPATCH(isa, multiply_add_peak, f32, iterations);
}

double fast_multiply_add_peak_f64(fast_isa isa, long iterations) {
    return DISPATCH(isa, multiply_add_peak, f64, iterations);
}
