// The loops of CFastKernels.h, written once and included (through fast_precisions.h) for each scalar type and
// instruction set. Expects SCALAR, VECTOR (32 or 64 bytes of SCALAR, alignment of SCALAR), MASK (as many bytes of
// integers of SCALAR's width), CONSTANTS (the constants' struct), LANES, PRECISION (f32 or f64), ISA (the
// instruction set's name), TARGET (its attribute, or nothing), WIDTH (the vectors' bytes), LANE_SHUFFLES (1 where
// TARGET has AVX2's or AVX-512's shuffles across lanes, for the blur along W's taps; 0 for the baseline) and, with
// WIDTH 64, ALIGN_LANES (the AVX-512 instruction that shifts lanes across two vectors); the functions are named
// base_PRECISION_ISA. Undefines all but ISA, TARGET, WIDTH and LANE_SHUFFLES at the end.

#define FAST_PASTE(base, precision, isa) base##_##precision##_##isa
#define FAST_NAME(base, precision, isa) FAST_PASTE(base, precision, isa)
#define NAME(base) FAST_NAME(base, PRECISION, ISA)

// Four vectors of columns: what the loops over columns take at a time when fewer than WIDE_VECTORS are left.
#define BLUR_BLOCK (4 * LANES)

// Loops over columns take this many vectors at a time while they can, then fewer: enough independent chains of
// multiply-adds to cover their latency on both units, few enough to stay in registers.
#define WIDE_VECTORS 8

// The blur along H keeps, for each vector of columns of each of its rows, three vectors in registers (its sum and the
// two rows it adds next): this many in all fill AVX2's 16 registers (or AVX-512's 32) without spilling.
#if WIDTH == 64
#define ROW_STATE 24
#else
#define ROW_STATE 12
#endif

// The blur along W: its sums and the whole vectors their taps are shuffled from, in AVX2's 16 registers too.
#if WIDTH == 64
#define SYMMETRIC_VECTORS WIDE_VECTORS
#else
#define SYMMETRIC_VECTORS (BLUR_BLOCK / LANES)
#endif

#if LANE_SHUFFLES
#if WIDTH == 32
// AVX2 shifts lanes within 16-byte halves only: the lanes across the two vectors' middle come from one permute (which
// the compiler computes once for every offset of the same two vectors), the others from one byte shift.
static inline __attribute__((always_inline)) TARGET VECTOR NAME(middle)(VECTOR a, VECTOR b) {
    VECTOR r;
    __asm__("vperm2f128 $0x21, %2, %1, %0" : "=x"(r) : "x"(a), "x"(b));
    return r;
}

// Bytes `bytes` … `bytes` + 15 of each 16-byte half of `low` followed by the same half of `high`.
static inline __attribute__((always_inline)) TARGET VECTOR NAME(shift_bytes)(VECTOR high, VECTOR low, int bytes) {
    VECTOR r;
    __asm__("vpalignr %3, %2, %1, %0" : "=x"(r) : "x"(high), "x"(low), "i"(bytes));
    return r;
}
#endif

// Lanes o … o + LANES − 1 of a followed by b, for 0 < o < LANES: one shuffle where o is a constant (AVX2: one, and a
// permute shared by every offset).
static inline __attribute__((always_inline)) TARGET VECTOR NAME(lanes_from)(VECTOR a, VECTOR b, int o) {
#if WIDTH == 32
    const int half = LANES / 2, size = (int)sizeof(SCALAR);
    const VECTOR middle = NAME(middle)(a, b);
    if (o == half) return middle;
    return o < half ? NAME(shift_bytes)(middle, a, o * size) : NAME(shift_bytes)(b, middle, (o - half) * size);
#else
    switch (o) {
    // Inline assembly: the compiler turns the shuffle into permutes that cost register copies.
#define LANES_FROM(o)                                                                                                  \
    case o: {                                                                                                          \
        VECTOR r;                                                                                                      \
        __asm__(ALIGN_LANES "%3, %1, %2, %0" : "=v"(r) : "v"(a), "v"(b), "i"(o));                                  \
        return r;                                                                                                      \
    }
        LANES_FROM(1) LANES_FROM(2) LANES_FROM(3) LANES_FROM(4) LANES_FROM(5) LANES_FROM(6) LANES_FROM(7)
#if LANES == 16
        LANES_FROM(8) LANES_FROM(9) LANES_FROM(10) LANES_FROM(11) LANES_FROM(12) LANES_FROM(13) LANES_FROM(14)
        LANES_FROM(15)
#endif
#undef LANES_FROM
    }
    return a;
#endif
}
#endif

// `vectors` vectors of columns of one row of the symmetric blur, from p (its first tap) into result; inlined with
// `vectors` and `radius` constant, so that its loops unroll into independent chains.
static inline __attribute__((always_inline)) TARGET void NAME(symmetric_block)(const SCALAR *p, SCALAR *result,
                                                                             const SCALAR *w, int radius,
                                                                             int vectors) {
    const VECTOR centre = (VECTOR){0} + w[radius];
    VECTOR s[WIDE_VECTORS];
#if LANE_SHUFFLES
    // Many taps would be loads across two cache lines (with AVX-512 all but one), which cost about two loads each;
    // with the window known at compile time, the taps come instead from whole vectors, loaded once, by shuffles.
    if (__builtin_constant_p(radius)) {
        VECTOR whole[WIDE_VECTORS + (2 * FAST_COMMON_RADIUS + LANES - 1) / LANES];
        const int loaded = vectors + (2 * radius + LANES - 1) / LANES;
#pragma clang loop unroll(full)
        for (int k = 0; k < loaded; k++) whole[k] = *(const VECTOR *)(p + k * LANES);
// With AVX2, a tap less than half a vector past a whole one is a load: fewer of those cross a cache line, and the
// shuffles' units are busy with the others (of the orders tried, the fastest: 7 cycles a vector against 8 all shuffled,
// 10 all loaded, on an AMD EPYC of family 25).
#if WIDTH == 32
#define LOADED_TAP(o) ((o) % LANES < LANES / 2)
#else
#define LOADED_TAP(o) 0
#endif
#define TAP(o, k)                                                                                                      \
    ((o) % LANES == 0  ? whole[(k) + (o) / LANES]                                                                      \
     : LOADED_TAP(o) ? *(const VECTOR *)(p + (k) * LANES + (o))                                                       \
                     : NAME(lanes_from)(whole[(k) + (o) / LANES], whole[(k) + (o) / LANES + 1], (o) % LANES))
#pragma clang loop unroll(full)
        for (int k = 0; k < vectors; k++) s[k] = centre * TAP(radius, k);
#pragma clang loop unroll(full)
        for (int m = 0; m < radius; m++) {
            const SCALAR weight = w[m];
#pragma clang loop unroll(full)
            for (int k = 0; k < vectors; k++) s[k] += weight * (TAP(m, k) + TAP(2 * radius - m, k));
        }
#undef TAP
#undef LOADED_TAP
        for (int k = 0; k < vectors; k++) *(VECTOR *)(result + k * LANES) = s[k];
        return;
    }
#endif
    for (int k = 0; k < vectors; k++) s[k] = centre * *(const VECTOR *)(p + radius + k * LANES);
    for (int m = 0; m < radius; m++) {
        const SCALAR *a = p + m, *b = p + 2 * radius - m;
        const SCALAR weight = w[m];
        for (int k = 0; k < vectors; k++)
            s[k] += weight * (*(const VECTOR *)(a + k * LANES) + *(const VECTOR *)(b + k * LANES));
    }
    for (int k = 0; k < vectors; k++) *(VECTOR *)(result + k * LANES) = s[k];
}

static inline __attribute__((always_inline)) TARGET void NAME(symmetric_radius)(
    const SCALAR *in, ptrdiff_t in_stride, SCALAR *out, ptrdiff_t out_stride, int channels, ptrdiff_t count,
    const SCALAR *w, int radius) {
    for (int c = 0; c < channels; c++) {
        const SCALAR *row = in + c * in_stride;
        SCALAR *result = out + c * out_stride;
        ptrdiff_t j = 0;
        for (; j + SYMMETRIC_VECTORS * LANES <= count; j += SYMMETRIC_VECTORS * LANES)
            NAME(symmetric_block)(row + j, result + j, w, radius, SYMMETRIC_VECTORS);
        for (; j + BLUR_BLOCK <= count; j += BLUR_BLOCK)
            NAME(symmetric_block)(row + j, result + j, w, radius, BLUR_BLOCK / LANES);
        for (; j < count; j += LANES) NAME(symmetric_block)(row + j, result + j, w, radius, 1);
    }
}

// Calls `function(arguments…, radius)`, with the usual window of 11 compiled on its own: its loops unrolled, its
// weights in registers.
#define WITH_CONSTANT_RADIUS(function, radius, ...)                                                                    \
    do {                                                                                                               \
        if ((radius) == FAST_COMMON_RADIUS)                                                                            \
            function(__VA_ARGS__, FAST_COMMON_RADIUS);                                                                 \
        else                                                                                                           \
            function(__VA_ARGS__, radius);                                                                             \
    } while (0)

static TARGET void NAME(symmetric)(const SCALAR *in, ptrdiff_t in_stride, SCALAR *out, ptrdiff_t out_stride,
                                   int channels, ptrdiff_t count, const SCALAR *w, int radius) {
    WITH_CONSTANT_RADIUS(NAME(symmetric_radius), radius, in, in_stride, out, out_stride, channels, count, w);
}

// `vectors` vectors of columns, from `at` on, of fast_blur_weighted_rows' sum into result; inlined with `vectors`
// constant, so that its loops unroll into independent chains.
static inline __attribute__((always_inline)) TARGET void NAME(weighted_block)(
    const SCALAR *const *pair_a, const SCALAR *const *pair_b, const SCALAR *pair_weights, int pairs,
    const SCALAR *const *singles, const SCALAR *single_weights, int single_count, ptrdiff_t at, SCALAR *result,
    int vectors) {
    VECTOR s[WIDE_VECTORS];
    for (int k = 0; k < vectors; k++) s[k] = (VECTOR){0};
    for (int t = 0; t < pairs; t++) {
        const SCALAR *a = pair_a[t] + at, *b = pair_b[t] + at;
        const SCALAR weight = pair_weights[t];
        for (int k = 0; k < vectors; k++)
            s[k] += weight * (*(const VECTOR *)(a + k * LANES) + *(const VECTOR *)(b + k * LANES));
    }
    for (int t = 0; t < single_count; t++) {
        const SCALAR *a = singles[t] + at;
        const SCALAR weight = single_weights[t];
        for (int k = 0; k < vectors; k++) s[k] += weight * *(const VECTOR *)(a + k * LANES);
    }
    for (int k = 0; k < vectors; k++) *(VECTOR *)(result + k * LANES) = s[k];
}

// The adjoint along H near the edges, where the terms vary from row to row (rows away from them are
// fast_blur_rows').
static TARGET void NAME(weighted_rows)(const SCALAR *const *pair_a, const SCALAR *const *pair_b,
                                       const SCALAR *pair_weights, int pairs, const SCALAR *const *singles,
                                       const SCALAR *single_weights, int single_count, int channels,
                                       ptrdiff_t in_stride, SCALAR *out, ptrdiff_t out_stride, ptrdiff_t count) {
    for (int c = 0; c < channels; c++) {
        const ptrdiff_t channel = c * in_stride;
        SCALAR *result = out + c * out_stride;
        ptrdiff_t j = 0;
        for (; j + WIDE_VECTORS * LANES <= count; j += WIDE_VECTORS * LANES)
            NAME(weighted_block)(pair_a, pair_b, pair_weights, pairs, singles, single_weights, single_count,
                                 channel + j, result + j, WIDE_VECTORS);
        for (; j + BLUR_BLOCK <= count; j += BLUR_BLOCK)
            NAME(weighted_block)(pair_a, pair_b, pair_weights, pairs, singles, single_weights, single_count,
                                 channel + j, result + j, BLUR_BLOCK / LANES);
        for (; j < count; j += LANES)
            NAME(weighted_block)(pair_a, pair_b, pair_weights, pairs, singles, single_weights, single_count,
                                 channel + j, result + j, 1);
    }
}

// A row's moments before the blurs: x, y, x² + y² (the two squares rounded, then their sum) and xy.
static TARGET void NAME(row_products)(const SCALAR *x, const SCALAR *y, ptrdiff_t count, SCALAR *x_out,
                                      SCALAR *y_out, SCALAR *squares, SCALAR *xy) {
    // No multiply-and-add fused into x² + y²: the same sum on every instruction set, and in the scalar tail.
#pragma clang fp contract(off)
    ptrdiff_t j = 0;
    for (; j + LANES <= count; j += LANES) {
        const VECTOR vx = *(const VECTOR *)(x + j), vy = *(const VECTOR *)(y + j);
        *(VECTOR *)(x_out + j) = vx;
        *(VECTOR *)(y_out + j) = vy;
        *(VECTOR *)(squares + j) = vx * vx + vy * vy;
        *(VECTOR *)(xy + j) = vx * vy;
    }
    for (; j < count; j++) {
        x_out[j] = x[j];
        y_out[j] = y[j];
        squares[j] = x[j] * x[j] + y[j] * y[j];
        xy[j] = x[j] * y[j];
    }
}

// `vectors` vectors of columns, from `at` on, of fast_blur_rows' `n` map rows; inlined with `vectors`, `radius` and
// `n` constant, so that its loops unroll into independent chains. Each row is summed as fast_blur_symmetric sums a
// window, from the outer taps in: w[m] times the sum of the two rows m apart from its ends, m = 0 … r − 1, then the
// centre tap's product; half the multiplications of a tap per row, on the adders where the multipliers would have
// been busy. The rows' windows overlap, and each row is loaded once for all: at step m, map row q adds rows m + q
// and 2r − m + q, so each step loads two rows and keeps the others from the step before; with four map rows at once,
// 2r + 4 rows are loaded for four results where two at a time load 2r + 2 for two (the blur along H reads its rows
// from the second-level cache, whose bandwidth bounds it).
static inline __attribute__((always_inline)) TARGET void NAME(rows_block)(const SCALAR *const *rows, ptrdiff_t at,
                                                                        const SCALAR *w, int radius, SCALAR *out,
                                                                        ptrdiff_t row_stride, int n, int vectors) {
    // low[q] holds row m + q, high[q] row 2r − m + q.
    VECTOR sum[FAST_BLUR_ROWS][ROW_STATE / 3], low[FAST_BLUR_ROWS][ROW_STATE / 3], high[FAST_BLUR_ROWS][ROW_STATE / 3];
    const int last = 2 * radius;
    for (int q = 0; q < n; q++) {
        for (int k = 0; k < vectors; k++) {
            sum[q][k] = (VECTOR){0};
            low[q][k] = *(const VECTOR *)(rows[q] + at + k * LANES);
            high[q][k] = *(const VECTOR *)(rows[last + q] + at + k * LANES);
        }
    }
    for (int m = 0; m < radius; m++) {
        const SCALAR weight = w[m];
        for (int q = 0; q < n; q++) {
            for (int k = 0; k < vectors; k++) sum[q][k] += weight * (low[q][k] + high[q][k]);
        }
        if (m + 1 == radius) break;
        for (int k = 0; k < vectors; k++) {
            for (int q = 0; q + 1 < n; q++) low[q][k] = low[q + 1][k];
            low[n - 1][k] = *(const VECTOR *)(rows[m + n] + at + k * LANES);
            for (int q = n - 1; q > 0; q--) high[q][k] = high[q - 1][k];
            high[0][k] = *(const VECTOR *)(rows[last - m - 1] + at + k * LANES);
        }
    }
    // The centre of map row q, row r + q: after the last step low holds rows r − 1 … r + n − 2 and high rows
    // r + 1 … r + n; a lone row's centre is in neither.
    const SCALAR centre = w[radius];
    for (int q = 0; q < n; q++) {
        for (int k = 0; k < vectors; k++) {
            const VECTOR middle = radius == 0 ? low[q][k]
                                  : q + 1 < n ? low[q + 1][k]
                                  : n > 1     ? high[n - 2][k]
                                              : *(const VECTOR *)(rows[radius] + at + k * LANES);
            *(VECTOR *)(out + q * row_stride + k * LANES) = sum[q][k] + centre * middle;
        }
    }
}

static inline __attribute__((always_inline)) TARGET void NAME(rows_radius)(const SCALAR *const *rows,
                                                                         const SCALAR *w, int radius, int channels,
                                                                         ptrdiff_t in_stride, SCALAR *out, int n,
                                                                         ptrdiff_t row_stride, ptrdiff_t out_stride,
                                                                         ptrdiff_t count) {
    const int vectors = ROW_STATE / 3 / n;
    for (int c = 0; c < channels; c++) {
        const ptrdiff_t channel = c * in_stride;
        SCALAR *result = out + c * out_stride;
        ptrdiff_t j = 0;
        for (; j + vectors * LANES <= count; j += vectors * LANES)
            NAME(rows_block)(rows, channel + j, w, radius, result + j, row_stride, n, vectors);
        for (; j < count; j += LANES) NAME(rows_block)(rows, channel + j, w, radius, result + j, row_stride, n, 1);
    }
}

// The usual window of 11 compiled on its own for each number of rows: its loops unrolled, its weights in registers.
#define ROWS_CASE(n)                                                                                                   \
    case n:                                                                                                            \
        if (radius == FAST_COMMON_RADIUS)                                                                              \
            NAME(rows_radius)(rows, w, FAST_COMMON_RADIUS, channels, in_stride, out, n, row_stride, out_stride,       \
                              count);                                                                                  \
        else                                                                                                           \
            NAME(rows_radius)(rows, w, radius, channels, in_stride, out, n, row_stride, out_stride, count);            \
        break;

static TARGET void NAME(rows)(const SCALAR *const *rows, const SCALAR *w, int radius, int channels,
                              ptrdiff_t in_stride, SCALAR *out, int n, ptrdiff_t row_stride, ptrdiff_t out_stride,
                              ptrdiff_t count) {
    switch (n) {
        ROWS_CASE(1) ROWS_CASE(2) ROWS_CASE(3) ROWS_CASE(4)
    }
}

#undef ROWS_CASE

// Columns [0, count) of a map row of which the first `width` are on the map (count a multiple of LANES, `stride` apart
// the moment and gradient rows): ssim_row's arithmetic, the whole vectors' values added lane by lane into *sum and
// the last partial vector's into *tail, so that a row cut into spans sums in the order of the row whole.
static TARGET void NAME(ssim_span)(const SCALAR *moments, ptrdiff_t stride, ptrdiff_t count, ptrdiff_t width,
                                   CONSTANTS constants, SCALAR *ssim_map, SCALAR *loss_map, SCALAR *gradients,
                                   VECTOR *sum_io, SCALAR *tail_io) {
    // The reference's operations (but for σx² + σy², from E[x² + y²]): no multiply-and-add fused here.
#pragma clang fp contract(off)
    const VECTOR zero = {0}, one = zero + 1, two = zero + 2, half = zero + (SCALAR)0.5;
    const VECTOR c1 = zero + constants.c1, c2 = zero + constants.c2, eps = zero + constants.eps;
    const VECTOR upstream = zero + constants.upstream;
    const fast_value kind = constants.value;
    VECTOR sum = *sum_io;
    SCALAR tail = *tail_io;
    for (ptrdiff_t j = 0; j < count; j += LANES) {
        const SCALAR *b = moments + j;
        const VECTOR mx = *(const VECTOR *)b, my = *(const VECTOR *)(b + stride);
        const VECTOR squares = *(const VECTOR *)(b + 2 * stride), exy = *(const VECTOR *)(b + 3 * stride);
        // σx² + σy² from E[x² + y²] (FAST_MOMENTS), less the luminance's μx² + μy².
        const VECTOR means_squared = mx * mx + my * my, covariance = exy - mx * my;
        const VECTOR a1 = two * mx * my + c1, a2 = two * covariance + c2;
        const VECTOR b1 = means_squared + c1, b2 = (squares - means_squared) + c2;
        // cs = a2/b2 leaves the luminance terms (and eps) out; SSIM's denominator is b1·b2 + eps.
        const VECTOR denominator = kind == fast_value_cs ? b2 : b1 * b2 + eps;
        const VECTOR ratio = kind == fast_value_cs ? a2 / denominator : a1 * a2 / denominator;
        const VECTOR dissimilarity = (one - ratio) * half;
        // clamp(·, 0, 1) as torch's: NaN fails both comparisons and stays NaN.
        const MASK below = dissimilarity < zero, above = dissimilarity > one;
        const VECTOR value = kind == fast_value_ssim_loss
                                 ? (VECTOR)(((MASK)dissimilarity & ~below & ~above) | ((MASK)one & above))
                                 : ratio;
        const ptrdiff_t valid = width - j;
        if (valid >= LANES) {
            if (ssim_map) *(VECTOR *)(ssim_map + j) = ratio;
            if (loss_map) *(VECTOR *)(loss_map + j) = value;
            sum += value;
        } else {
            for (ptrdiff_t lane = 0; lane < valid; lane++) {
                if (ssim_map) ssim_map[j + lane] = ratio[lane];
                if (loss_map) loss_map[j + lane] = value[lane];
                tail += value[lane];
            }
        }
        if (!gradients) continue;
        VECTOR grad_a1 = zero, grad_b1 = zero, grad_a2, grad_b2;
        if (kind == fast_value_cs) {
            // d(upstream·cs): upstream/b2 for a2, −upstream·cs/b2 for b2, nothing for a1 and b1.
            const VECTOR grad_over_b2 = upstream / denominator;
            grad_a2 = grad_over_b2;
            grad_b2 = zero - grad_over_b2 * ratio;
        } else {
            // d loss / d SSIM = upstream where 0 ≤ (1 − SSIM)/2 ≤ 1, bounds included, and 0 elsewhere (NaN
            // included); d SSIM / d SSIM = upstream everywhere.
            const MASK passes = (dissimilarity >= zero) & (dissimilarity <= one);
            const VECTOR grad_ssim = kind == fast_value_ssim_loss ? (VECTOR)((MASK)upstream & passes) : upstream;
            // One division, not four: each term is a product of the same factors in another order, as many
            // roundings.
            const VECTOR grad_over_denominator = grad_ssim / denominator, grad_ratio = grad_over_denominator * ratio;
            grad_a1 = grad_over_denominator * a2;
            grad_b1 = zero - grad_ratio * b2;
            grad_a2 = grad_over_denominator * a1;
            grad_b2 = zero - grad_ratio * b1;
        }
        VECTOR grad_mu_x = two * my * (grad_a1 - grad_a2) + two * mx * (grad_b1 - grad_b2);
        VECTOR grad_mu_y = two * mx * (grad_a1 - grad_a2) + two * my * (grad_b1 - grad_b2);
        VECTOR grad_squares = grad_b2, grad_xy = two * grad_a2;
        // Lanes past the map hold no pixel: their gradients must be exactly zero for the adjoint.
        for (ptrdiff_t lane = valid < 0 ? 0 : valid; lane < LANES; lane++) {
            grad_mu_x[lane] = 0;
            grad_mu_y[lane] = 0;
            grad_squares[lane] = 0;
            grad_xy[lane] = 0;
        }
        SCALAR *g = gradients + j;
        *(VECTOR *)g = grad_mu_x;
        *(VECTOR *)(g + stride) = grad_mu_y;
        *(VECTOR *)(g + 2 * stride) = grad_squares;
        *(VECTOR *)(g + 3 * stride) = grad_xy;
    }
    *sum_io = sum;
    *tail_io = tail;
}

// A row's loss sum from its accumulators: the tail, then the lanes in order.
static TARGET SCALAR NAME(row_total)(const VECTOR *sum, SCALAR tail) {
    SCALAR total = tail;
    for (int lane = 0; lane < LANES; lane++) total += (*sum)[lane];
    return total;
}

static TARGET SCALAR NAME(ssim_row)(const SCALAR *moments, ptrdiff_t stride, ptrdiff_t width, CONSTANTS constants,
                                    SCALAR *ssim_map, SCALAR *loss_map, SCALAR *gradients) {
    VECTOR sum = {0};
    SCALAR tail = 0;
    NAME(ssim_span)(moments, stride, stride, width, constants, ssim_map, loss_map, gradients, &sum, &tail);
    return NAME(row_total)(&sum, tail);
}

// The symmetric windows at positions [from, to) of a row (position q's window row[q … q + 2·radius]) into
// out[0 …], whole vectors of them, each summed as fast_blur_symmetric sums it; inlined with `radius` constant.
static inline __attribute__((always_inline)) TARGET void NAME(windows_at)(const SCALAR *row, ptrdiff_t from,
                                                                        ptrdiff_t to, const SCALAR *w, int radius,
                                                                        SCALAR *out) {
    for (ptrdiff_t q = from; q < to; q += LANES) NAME(symmetric_block)(row + q, out + (q - from), w, radius, 1);
}

static inline __attribute__((always_inline)) TARGET void NAME(fold_borders_radius)(
    const SCALAR *z, ptrdiff_t z_stride, SCALAR *back, ptrdiff_t back_stride, int channels, ptrdiff_t width,
    const SCALAR *w, int radius) {
    // Mirrored onto columns 1 … left: positions radius − 1 down to radius − left; onto columns
    // first … width − 2: positions width + radius + (width − 2 − first) down to width + radius.
    const ptrdiff_t left = radius < width - 1 ? radius : width - 1;
    const ptrdiff_t first = width - 1 - radius > 0 ? width - 1 - radius : 0, right = width - 1 - first;
    SCALAR windows[radius + LANES];
    for (int c = 0; c < channels; c++) {
        const SCALAR *row = z + c * z_stride;
        SCALAR *result = back + c * back_stride;
        NAME(windows_at)(row, radius - left, radius, w, radius, windows);
        for (ptrdiff_t column = 1; column <= left; column++) result[column] += windows[left - column];
        NAME(windows_at)(row, width + radius, width + radius + right, w, radius, windows);
        for (ptrdiff_t column = first; column <= width - 2; column++)
            result[column] += windows[width - 2 - column];
    }
}

static TARGET void NAME(fold_borders)(const SCALAR *z, ptrdiff_t z_stride, SCALAR *back, ptrdiff_t back_stride,
                                      int channels, ptrdiff_t width, const SCALAR *w, int radius) {
    WITH_CONSTANT_RADIUS(NAME(fold_borders_radius), radius, z, z_stride, back, back_stride, channels, width, w);
}

static TARGET void NAME(chain_rule)(const SCALAR *x, const SCALAR *y, const SCALAR *back, ptrdiff_t stride,
                                    SCALAR *gx, SCALAR *gy, ptrdiff_t width) {
    // Operation for operation as the reference: no multiply-and-add fused here.
#pragma clang fp contract(off)
    const SCALAR *mu_x = back, *mu_y = back + stride, *squares = back + 2 * stride, *products = back + 3 * stride;
    ptrdiff_t j = 0;
    for (; j + LANES <= width; j += LANES) {
        const VECTOR vx = *(const VECTOR *)(x + j), vy = *(const VECTOR *)(y + j);
        const VECTOR sq = *(const VECTOR *)(squares + j), xy = *(const VECTOR *)(products + j);
        *(VECTOR *)(gx + j) = *(const VECTOR *)(mu_x + j) + (SCALAR)2 * vx * sq + vy * xy;
        *(VECTOR *)(gy + j) = *(const VECTOR *)(mu_y + j) + (SCALAR)2 * vy * sq + vx * xy;
    }
    for (; j < width; j++) {
        gx[j] = mu_x[j] + (SCALAR)2 * x[j] * squares[j] + y[j] * products[j];
        gy[j] = mu_y[j] + (SCALAR)2 * y[j] * squares[j] + x[j] * products[j];
    }
}

static TARGET void NAME(pool_row)(const SCALAR *a, const SCALAR *b, SCALAR *out, ptrdiff_t count) {
    // Operation for operation as the reference: (x + y)/2 is (x + y)·0.5 exactly.
#pragma clang fp contract(off)
    const SCALAR half = (SCALAR)0.5;
    for (ptrdiff_t c = 0; c < count; c++)
        out[c] = ((a[2 * c] + a[2 * c + 1]) * half + (b[2 * c] + b[2 * c + 1]) * half) * half;
}

static TARGET void NAME(unpool_row)(const SCALAR *gradient, SCALAR *fine, ptrdiff_t count) {
#pragma clang fp contract(off)
    for (ptrdiff_t c = 0; c < count; c++) {
        const SCALAR share = gradient[c] * (SCALAR)0.25;
        fine[2 * c] += share;
        fine[2 * c + 1] += share;
    }
}

// values[0 … count) times factor, in place; whether every product is finite: a product that is not makes its
// product by 0 NaN, which the check's sums keep.
static TARGET int NAME(scale_row)(SCALAR *values, ptrdiff_t count, SCALAR factor) {
#pragma clang fp contract(off)
    const SCALAR zero = 0;
    VECTOR check = (VECTOR){0};
    ptrdiff_t c = 0;
    for (; c + LANES <= count; c += LANES) {
        const VECTOR product = *(const VECTOR *)(values + c) * factor;
        *(VECTOR *)(values + c) = product;
        check += product * zero;
    }
    SCALAR tail = 0;
    for (; c < count; c++) {
        values[c] *= factor;
        tail += values[c] * zero;
    }
    for (int lane = 0; lane < LANES; lane++) tail += check[lane];
    return tail == 0;
}

// Columns of one tile of the forward sweep: FAST_TILE_BYTES of each moment (a multiple of every vector).
#define TILE ((ptrdiff_t)(FAST_TILE_BYTES / sizeof(SCALAR)))

// The FAST_MOMENTS moment rows of padded row `padded_row` (image row reflect(padded_row − r)) for map columns
// [c0, c0 + count), blurred along W into `out` (moment k at out + k·out_stride). The row and its products go first into
// `buffer` (moment k at buffer + k·length), position q holding image column c0 + crop − r + q: torch's reflect for
// the r columns beyond each edge, zeros further on, as the whole row's buffer holds them.
static TARGET void NAME(tile_moments)(const SCALAR *x, const SCALAR *y, const fast_geometry *g, const SCALAR *w,
                                      ptrdiff_t padded_row, ptrdiff_t c0, ptrdiff_t count, SCALAR *buffer,
                                      ptrdiff_t length, SCALAR *out, ptrdiff_t out_stride) {
    // x² + y² as row_products forms it.
#pragma clang fp contract(off)
    const int r = g->radius;
    const ptrdiff_t width = g->width, source = fast_reflect(padded_row - r, g->height) - g->first_row;
    x += source * width;
    y += source * width;
    const ptrdiff_t first = c0 + g->crop - r, span = count + 2 * r;
    const ptrdiff_t inside_from = first < 0 ? -first : 0, inside_to = span < width - first ? span : width - first;
    SCALAR *px = buffer, *py = px + length, *squares = py + length, *pxy = squares + length;
    // Whole vectors of products where the row and the buffer have room: no partial vector at the tile's end (the
    // products past the span are never read).
    const ptrdiff_t whole = (inside_to - inside_from + LANES - 1) / LANES * LANES;
    const ptrdiff_t products =
        first + inside_from + whole <= width && inside_from + whole <= length ? whole : inside_to - inside_from;
    NAME(row_products)(x + first + inside_from, y + first + inside_from, products, px + inside_from,
                       py + inside_from, squares + inside_from, pxy + inside_from);
    for (ptrdiff_t q = 0; q < span; q++) {
        if (q == inside_from) q = inside_to;
        if (q >= span) break;
        const ptrdiff_t column = first + q;
        if (column >= width + r) {
            px[q] = py[q] = squares[q] = pxy[q] = 0;
            continue;
        }
        const ptrdiff_t c = fast_reflect(column, width);
        px[q] = x[c];
        py[q] = y[c];
        squares[q] = x[c] * x[c] + y[c] * y[c];
        pxy[q] = x[c] * y[c];
    }
    NAME(symmetric)(buffer, length, out, out_stride, FAST_MOMENTS, count, w, r);
}

static TARGET void NAME(moment_row)(const SCALAR *x, const SCALAR *y, fast_geometry g, const SCALAR *w,
                                    ptrdiff_t padded_row, SCALAR *buffer, ptrdiff_t length, SCALAR *out,
                                    ptrdiff_t out_stride) {
    NAME(tile_moments)(x, y, &g, w, padded_row, 0, g.map_vector_width, buffer, length, out, out_stride);
}

static TARGET void NAME(forward_rows)(const SCALAR *x, const SCALAR *y, fast_geometry g, const SCALAR *w,
                                      CONSTANTS constants, SCALAR *ssim_map, SCALAR *loss_map, SCALAR *row_sums,
                                      ptrdiff_t start, ptrdiff_t stop, SCALAR *scratch) {
    const int r = g.radius, ring_rows = 2 * r + FAST_BLUR_ROWS;
    const ptrdiff_t length = fast_tile_buffer_length(sizeof(SCALAR), r), ring_size = ring_rows * FAST_MOMENTS * TILE;
    // Every row on a 64-byte boundary: a vector load that straddles two cache lines costs two.
    SCALAR *buffer = (SCALAR *)(((uintptr_t)scratch + 63) & ~(uintptr_t)63);
    SCALAR *blurred = buffer + FAST_MOMENTS * length, *rings = blurred + FAST_BLUR_ROWS * FAST_MOMENTS * TILE;
    // Each row's loss, summed lane by lane across the tiles as along the whole row; only the last tile has a
    // partial vector, whose lanes go to a tail of its own.
    VECTOR *sums = (VECTOR *)(rings + (g.map_vector_width + TILE - 1) / TILE * ring_size);
    const SCALAR *rows[2 * r + FAST_BLUR_ROWS];
    // The first padded row not yet blurred along W: at the end of a block, the same in every tile.
    ptrdiff_t next = start;
    for (ptrdiff_t block = start; block < stop; block += FAST_BLOCK_ROWS) {
        const ptrdiff_t block_stop = stop - block < FAST_BLOCK_ROWS ? stop : block + FAST_BLOCK_ROWS;
        for (ptrdiff_t row = block; row < block_stop; row++) sums[row - block] = (VECTOR){0};
        const ptrdiff_t block_next = next;
        for (ptrdiff_t c0 = 0; c0 < g.map_vector_width; c0 += TILE) {
            const ptrdiff_t count = g.map_vector_width - c0 < TILE ? g.map_vector_width - c0 : TILE;
            const ptrdiff_t width = g.map_width - c0 < count ? g.map_width - c0 : count;
            SCALAR *ring = rings + c0 / TILE * ring_size;
            next = block_next;
            for (ptrdiff_t row = block; row < block_stop;) {
                // FAST_BLUR_ROWS map rows at once where as many are left, from the 2r + n ring rows they cover,
                // each read once for all. Blocks hold a multiple of FAST_BLUR_ROWS rows: groups do not straddle them.
                const int n = stop - row < FAST_BLUR_ROWS ? (int)(stop - row) : FAST_BLUR_ROWS;
                for (; next <= row + n - 1 + 2 * r; next++) {
                    if (next + FAST_PREFETCH_ROWS < g.height + 2 * r)
                        fast_prefetch_tile((const char *)x, (const char *)y, sizeof(SCALAR), &g,
                                           next + FAST_PREFETCH_ROWS, c0, count);
                    NAME(tile_moments)(x, y, &g, w, next, c0, count, buffer, length,
                                       ring + next % ring_rows * FAST_MOMENTS * TILE, TILE);
                }
                for (int t = 0; t < 2 * r + n; t++) rows[t] = ring + (row + t) % ring_rows * FAST_MOMENTS * TILE;
                NAME(rows)(rows, w, r, FAST_MOMENTS, TILE, blurred, n, FAST_MOMENTS * TILE, TILE, count);
                for (int k = 0; k < n; k++, row++) {
                    const ptrdiff_t at = (row - g.crop) * g.map_width + c0;
                    SCALAR tail = 0;
                    NAME(ssim_span)(blurred + k * FAST_MOMENTS * TILE, TILE, count, width, constants,
                                    ssim_map ? ssim_map + at : 0, loss_map ? loss_map + at : 0, 0,
                                    sums + (row - block), &tail);
                    if (row_sums && c0 + TILE >= g.map_vector_width)
                        row_sums[row] = NAME(row_total)(sums + (row - block), tail);
                }
            }
        }
    }
}

#undef TILE

static TARGET SCALAR NAME(multiply_add_peak)(long iterations) {
    const VECTOR zero = {0}, a = zero + (SCALAR)0.999999, b = zero + (SCALAR)1e-7;
    VECTOR c[12];
    for (int k = 0; k < 12; k++) c[k] = zero + (SCALAR)(0.1 * (k + 1));
    for (long i = 0; i < iterations; i++) {
        for (int k = 0; k < 12; k++) c[k] = c[k] * a + b;
    }
    VECTOR sum = zero;
    for (int k = 0; k < 12; k++) sum += c[k];
    SCALAR total = 0;
    for (int lane = 0; lane < LANES; lane++) total += sum[lane];
    return total;
}

#undef BLUR_BLOCK
#undef WIDE_VECTORS
#undef ROW_STATE
#undef SYMMETRIC_VECTORS
#undef WITH_CONSTANT_RADIUS
#undef FAST_PASTE
#undef FAST_NAME
#undef NAME
#undef SCALAR
#undef VECTOR
#undef MASK
#undef CONSTANTS
#undef LANES
#undef PRECISION
#undef ALIGN_LANES
