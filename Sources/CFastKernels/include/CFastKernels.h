#ifndef CFASTKERNELS_H
#define CFASTKERNELS_H

// The inner loops of FastSSIM, compiled once per instruction set and chosen at run time: a row's products, the blurs
// (most of the arithmetic) and the SSIM arithmetic of a map row.
//
// Swift has no per-function target features, and a package cannot pass -march flags to the packages that depend on
// it, so Swift code on x86-64 is compiled for the SSE2 baseline. These loops are compiled for that baseline and,
// through target attributes (no flags), for AVX2 with FMA and for AVX-512; the caller says which to run.
//
// The loops work on vectors of 32 bytes (64 with AVX-512): `count` and `stride` must be multiples of 64 bytes (16
// floats or 8 doubles). Pointers need no particular alignment.

#include <stddef.h>

typedef enum {
    /// The target's baseline (SSE2 on x86-64).
    fast_isa_baseline = 0,
    /// AVX2 with FMA (x86-64-v3): 32-byte vectors, and the blurs' w·a + s rounded once.
    fast_isa_avx2_fma = 1,
    /// AVX-512 (F, VL, DQ, BW: x86-64-v4): 64-byte vectors, with FMA.
    fast_isa_avx512 = 2,
} fast_isa;

/// Whether this processor runs `isa`.
int fast_supports(fast_isa isa);

/// For each of `channels` rows (row c at in + c·in_stride, result at out + c·out_stride), for j in [0, count):
///   out[j] = w[radius]·in[j + radius] + Σ_{m < radius} w[m]·(in[j + m] + in[j + 2·radius − m]),
/// the symmetric window of 2·radius + 1 taps, taps of equal weight added first. Reads in[0 ..< count + 2·radius]
/// and, with AVX2 or AVX-512, up to 64 bytes past it (whole vectors; those values do not matter).
void fast_blur_symmetric_f32(fast_isa isa, const float *in, ptrdiff_t in_stride, float *out, ptrdiff_t out_stride,
                             int channels, ptrdiff_t count, const float *weights, int radius);
void fast_blur_symmetric_f64(fast_isa isa, const double *in, ptrdiff_t in_stride, double *out,
                             ptrdiff_t out_stride, int channels, ptrdiff_t count, const double *weights, int radius);

/// For each of `channels` channels (channel c of a row at row + c·in_stride, of the result at out + c·out_stride),
/// for j in [0, count):
///   out[j] = Σ_t pair_weights[t]·(pair_a[t][j] + pair_b[t][j]) + Σ_t single_weights[t]·singles[t][j],
/// the pairs in order, then the singles: a weighted sum of rows, as the blur's adjoint along H needs near an edge,
/// where the rows and weights vary from row to row (elsewhere it is fast_blur_rows's sum).
void fast_blur_weighted_rows_f32(fast_isa isa, const float *const *pair_a, const float *const *pair_b,
                                 const float *pair_weights, int pairs, const float *const *singles,
                                 const float *single_weights, int single_count, int channels, ptrdiff_t in_stride,
                                 float *out, ptrdiff_t out_stride, ptrdiff_t count);
void fast_blur_weighted_rows_f64(fast_isa isa, const double *const *pair_a, const double *const *pair_b,
                                 const double *pair_weights, int pairs, const double *const *singles,
                                 const double *single_weights, int single_count, int channels,
                                 ptrdiff_t in_stride, double *out, ptrdiff_t out_stride, ptrdiff_t count);

/// The most map rows fast_blur_rows blurs at once.
#define FAST_BLUR_ROWS 4

/// The blur along H of `map_rows` consecutive map rows at once (1 … FAST_BLUR_ROWS), each of `channels` channels
/// (channel c of a row at row + c·in_stride; of map row q's result at out + q·row_stride + c·out_stride): for j in
/// [0, count),
///   out[q][j] = Σ_{m < radius} w[m]·(rows[m + q][j] + rows[2·radius − m + q][j]) + w[radius]·rows[radius + q][j],
/// summed in that order (as fast_blur_symmetric sums a window, but the centre last), `rows` the 2·radius + map_rows
/// rows they cover, each read once for all. Each result is the same bits whatever `map_rows`.
void fast_blur_rows_f32(fast_isa isa, const float *const *rows, const float *weights, int radius, int channels,
                        ptrdiff_t in_stride, float *out, int map_rows, ptrdiff_t row_stride, ptrdiff_t out_stride,
                        ptrdiff_t count);
void fast_blur_rows_f64(fast_isa isa, const double *const *rows, const double *weights, int radius, int channels,
                        ptrdiff_t in_stride, double *out, int map_rows, ptrdiff_t row_stride, ptrdiff_t out_stride,
                        ptrdiff_t count);

/// What a map row's "loss" is: the value its loss map holds, its row sum adds and its gradients differentiate.
typedef enum {
    /// The SSIM loss clamp((1 − SSIM)/2, 0, 1); `upstream` is d(reduced loss)/d(SSIM) where the clamp passes.
    fast_value_ssim_loss = 0,
    /// SSIM itself (an MS-SSIM scale's term); `upstream` is d(result)/d(SSIM) everywhere.
    fast_value_ssim = 1,
    /// cs = (2σxy + C2)/(σx² + σy² + C2), without eps (an MS-SSIM scale's term); `upstream` is d(result)/d(cs).
    fast_value_cs = 2,
} fast_value;

/// The constants of one evaluation, in working precision: C1, C2, eps, the upstream derivative (for the SSIM loss,
/// −(1/N)/2 for 'mean', −1/2 otherwise) and which value the rows compute.
typedef struct { float c1, c2, eps, upstream; fast_value value; } fast_constants_f32;
typedef struct { double c1, c2, eps, upstream; fast_value value; } fast_constants_f64;

/// The blurred moments a map row is computed from, each a row of its own, in this order: μx, μy, E[x² + y²], E[xy].
/// SSIM, cs and their gradients read σx² and σy² only as their sum, σx² + σy² = E[x² + y²] − (μx² + μy²), so one
/// blur of x² + y² serves both where the reference blurs x² and y² apart: four rows to blur, not five.
#define FAST_MOMENTS 4

/// One map row of `width` columns from its FAST_MOMENTS blurred moments (each a row of `stride` ≥ width at
/// moments + k·stride), with the reference's formulas (SSIMPlanes) but for σx² + σy², which is
/// (E[x² + y²] − (μx² + μy²)) + C2 where the reference has ((E[x²] − μx²) + (E[y²] − μy²)) + C2, μx² + μy² being the
/// same sum as in the luminance's denominator: the ratio (SSIM, or cs for fast_value_cs) into ssim_map and the
/// constants' value (clamp((1 − SSIM)/2, 0, 1), SSIM or cs) into loss_map, each if not NULL (`width` elements); and,
/// if `gradients` is not NULL, upstream times the value's gradients with respect to μx, μy, E[x² + y²] (that to E[x²]
/// and to E[y²] alike) and E[xy] into the four rows gradients + k·stride, zero past `width`: the reference's products
/// and quotients with one division where it has four (each the same factors in another order, with as many
/// roundings). Returns the sum of the row's values.
float fast_ssim_row_f32(fast_isa isa, const float *moments, ptrdiff_t stride, ptrdiff_t width,
                        fast_constants_f32 constants, float *ssim_map, float *loss_map, float *gradients);
double fast_ssim_row_f64(fast_isa isa, const double *moments, ptrdiff_t stride, ptrdiff_t width,
                         fast_constants_f64 constants, double *ssim_map, double *loss_map, double *gradients);

/// The blur's adjoint along W at the mirrored border: for each of `channels` rows z + c·z_stride (zero-padded rows
/// whose padded position q has the window z[q … q + 2·radius]) and its result back + c·back_stride, adds to back[j]
/// the window at position radius − j for 1 ≤ j ≤ radius, then the window at 2·width − 2 + radius − j for
/// width − 1 − radius ≤ j ≤ width − 2: the positions torch's reflect mirrors onto column j. Each window is
/// summed as fast_blur_symmetric sums it.
void fast_fold_borders_f32(fast_isa isa, const float *z, ptrdiff_t z_stride, float *back, ptrdiff_t back_stride,
                           int channels, ptrdiff_t width, const float *weights, int radius);
void fast_fold_borders_f64(fast_isa isa, const double *z, ptrdiff_t z_stride, double *back, ptrdiff_t back_stride,
                           int channels, ptrdiff_t width, const double *weights, int radius);

/// An image row's gradients through the products, from the blur's adjoint applied to the moment gradients (the
/// rows back + k·back_stride: ∂μx, ∂μy, ∂E[x²] = ∂E[y²], ∂E[xy]): for j in [0, width),
///   gx[j] = ∂μx[j] + 2·x[j]·∂E[x²][j] + y[j]·∂E[xy][j],
///   gy[j] = ∂μy[j] + 2·y[j]·∂E[x²][j] + x[j]·∂E[xy][j],
/// operation for operation as the reference (no fused multiply-add). `width` is any length.
void fast_chain_rule_f32(fast_isa isa, const float *x, const float *y, const float *back, ptrdiff_t back_stride,
                         float *gx, float *gy, ptrdiff_t width);
void fast_chain_rule_f64(fast_isa isa, const double *x, const double *y, const double *back, ptrdiff_t back_stride,
                         double *gx, double *gy, ptrdiff_t width);

/// The sizes of one plane's forward sweep: the image (height × width), the window's radius, the columns and rows the
/// map crops off each side (0 for 'same', the radius for 'valid'), and the map's width, rounded up to whole vectors
/// of 64 bytes; and the image row the planes' pointers point at (0 for whole planes; a worker that holds only some
/// rows of a plane, from `first_row` on, passes their start).
typedef struct {
    ptrdiff_t height, width, crop, map_width, map_vector_width;
    int radius;
    ptrdiff_t first_row;
} fast_geometry;

/// The FAST_MOMENTS moment rows (x, y, x² + y², xy; x² + y² the sum of the two rounded squares) of padded row
/// `padded_row` of one plane (image row reflect(padded_row − radius), torch's reflect), blurred along W on the row
/// mirrored the same way, for map columns [0, map_vector_width): moment k into out + k·out_stride. `x` and `y` are the
/// plane's images; `buffer` holds FAST_MOMENTS rows `length` apart of at least map_vector_width + 2·radius + 64 bytes
/// each, which the row and its products go through (past the mirrored columns, zeros).
void fast_moment_row_f32(fast_isa isa, const float *x, const float *y, fast_geometry geometry, const float *weights,
                         ptrdiff_t padded_row, float *buffer, ptrdiff_t length, float *out, ptrdiff_t out_stride);
void fast_moment_row_f64(fast_isa isa, const double *x, const double *y, fast_geometry geometry,
                         const double *weights, ptrdiff_t padded_row, double *buffer, ptrdiff_t length, double *out,
                         ptrdiff_t out_stride);

/// The forward sweep (no gradients) of map rows [start, stop) (in image rows, within [crop, height − crop)) of one
/// plane, in tiles of columns so that the ring of blurred moment rows stays within the first-level cache (blocks of
/// rows at a time through every tile, so that the input rows stay in the second-level cache): each map
/// element exactly as fast_moment_row (along W), fast_blur_rows (along H) and fast_ssim_row would compute it on
/// whole rows, and row_sums[row] the same sum, bit for bit. `x` and
/// `y` are the plane's images; ssim_map and loss_map (each NULL or the plane's map, map row i at + i·map_width) and
/// row_sums (NULL or one per image row) are written for the rows of the range only. `scratch` holds
/// fast_forward_scratch_count(sizeof element, radius, map_vector_width) elements.
void fast_forward_rows_f32(fast_isa isa, const float *x, const float *y, fast_geometry geometry, const float *weights,
                           fast_constants_f32 constants, float *ssim_map, float *loss_map, float *row_sums,
                           ptrdiff_t start, ptrdiff_t stop, float *scratch);
void fast_forward_rows_f64(fast_isa isa, const double *x, const double *y, fast_geometry geometry,
                           const double *weights, fast_constants_f64 constants, double *ssim_map, double *loss_map,
                           double *row_sums, ptrdiff_t start, ptrdiff_t stop, double *scratch);

/// Elements of `element_size` bytes that fast_forward_rows needs as scratch for maps `map_vector_width` wide.
ptrdiff_t fast_forward_scratch_count(int element_size, int radius, ptrdiff_t map_vector_width);

/// MS-SSIM's 2 × 2 average of neighbouring columns of two rows: for c in [0, count),
///   out[c] = ((a[2c] + a[2c + 1])/2 + (b[2c] + b[2c + 1])/2)/2,
/// operation for operation as the reference (MSSSIMDownsampling).
void fast_pool_row_f32(fast_isa isa, const float *a, const float *b, float *out, ptrdiff_t count);
void fast_pool_row_f64(fast_isa isa, const double *a, const double *b, double *out, ptrdiff_t count);

/// Its adjoint for one of the two rows: for c in [0, count), adds gradient[c]/4 to fine[2c] and to fine[2c + 1].
void fast_unpool_row_f32(fast_isa isa, const float *gradient, float *fine, ptrdiff_t count);
void fast_unpool_row_f64(fast_isa isa, const double *gradient, double *fine, ptrdiff_t count);

/// Multiplies values[c] by factor in place for c in [0, count); returns 1 if every product is finite, else 0.
int fast_scale_row_f32(fast_isa isa, float *values, ptrdiff_t count, float factor);
int fast_scale_row_f64(fast_isa isa, double *values, ptrdiff_t count, double factor);

/// The arithmetic peak of these instructions, for benchmarks: twelve independent chains of acc·a + b on the
/// instruction set's vectors (one fused multiply-add each with FMA, a multiply and an add without), `iterations`
/// times, in registers: 12 · 2 · fast_lanes(isa, element size) · iterations floating-point operations. Returns a sum
/// of the chains, which the caller must use so that the loop is not optimised away.
float fast_multiply_add_peak_f32(fast_isa isa, long iterations);
double fast_multiply_add_peak_f64(fast_isa isa, long iterations);

/// Elements of `element_size` bytes in one vector of `isa`.
int fast_lanes(fast_isa isa, int element_size);

#endif
