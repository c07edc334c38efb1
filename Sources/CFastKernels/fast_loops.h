// The loops of CFastKernels.h, written once and included (through fast_precisions.h) for each scalar type and
// instruction set. Expects SCALAR, VECTOR (32 bytes of SCALAR, alignment of SCALAR), MASK (32 bytes of integers of
// SCALAR's width), CONSTANTS (the constants' struct), LANES, PRECISION (f32 or f64), ISA (the instruction set's name)
// and TARGET (its attribute, or nothing); the functions are named base_PRECISION_ISA. Undefines all but ISA and
// TARGET at the end.

#define FAST_PASTE(base, precision, isa) base##_##precision##_##isa
#define FAST_NAME(base, precision, isa) FAST_PASTE(base, precision, isa)
#define NAME(base) FAST_NAME(base, PRECISION, ISA)

// Four vectors of columns at a time: four independent chains of additions keep the adder busy.
#define BLUR_BLOCK (4 * LANES)

static TARGET void NAME(symmetric)(const SCALAR *in, ptrdiff_t in_stride, SCALAR *out, ptrdiff_t out_stride,
                                   int channels, ptrdiff_t count, const SCALAR *w, int radius) {
    const VECTOR centre = (VECTOR){0} + w[radius];
    for (int c = 0; c < channels; c++) {
        const SCALAR *row = in + c * in_stride;
        SCALAR *result = out + c * out_stride;
        ptrdiff_t j = 0;
        for (; j + BLUR_BLOCK <= count; j += BLUR_BLOCK) {
            const SCALAR *p = row + j;
            VECTOR s0 = centre * *(const VECTOR *)(p + radius);
            VECTOR s1 = centre * *(const VECTOR *)(p + radius + LANES);
            VECTOR s2 = centre * *(const VECTOR *)(p + radius + 2 * LANES);
            VECTOR s3 = centre * *(const VECTOR *)(p + radius + 3 * LANES);
            for (int m = 0; m < radius; m++) {
                const SCALAR *a = p + m, *b = p + 2 * radius - m;
                const SCALAR weight = w[m];
                s0 += weight * (*(const VECTOR *)a + *(const VECTOR *)b);
                s1 += weight * (*(const VECTOR *)(a + LANES) + *(const VECTOR *)(b + LANES));
                s2 += weight * (*(const VECTOR *)(a + 2 * LANES) + *(const VECTOR *)(b + 2 * LANES));
                s3 += weight * (*(const VECTOR *)(a + 3 * LANES) + *(const VECTOR *)(b + 3 * LANES));
            }
            *(VECTOR *)(result + j) = s0;
            *(VECTOR *)(result + j + LANES) = s1;
            *(VECTOR *)(result + j + 2 * LANES) = s2;
            *(VECTOR *)(result + j + 3 * LANES) = s3;
        }
        for (; j < count; j += LANES) {
            const SCALAR *p = row + j;
            VECTOR s = centre * *(const VECTOR *)(p + radius);
            for (int m = 0; m < radius; m++)
                s += w[m] * (*(const VECTOR *)(p + m) + *(const VECTOR *)(p + 2 * radius - m));
            *(VECTOR *)(result + j) = s;
        }
    }
}

static TARGET void NAME(weighted_rows)(const SCALAR *const *pair_a, const SCALAR *const *pair_b,
                                       const SCALAR *pair_weights, int pairs, const SCALAR *const *singles,
                                       const SCALAR *single_weights, int single_count, int channels,
                                       ptrdiff_t in_stride, SCALAR *out, ptrdiff_t out_stride, ptrdiff_t count) {
    for (int c = 0; c < channels; c++) {
        const ptrdiff_t channel = c * in_stride;
        SCALAR *result = out + c * out_stride;
        ptrdiff_t j = 0;
        for (; j + BLUR_BLOCK <= count; j += BLUR_BLOCK) {
            VECTOR s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
            const ptrdiff_t at = channel + j;
            for (int t = 0; t < pairs; t++) {
                const SCALAR *a = pair_a[t] + at, *b = pair_b[t] + at;
                const SCALAR weight = pair_weights[t];
                s0 += weight * (*(const VECTOR *)a + *(const VECTOR *)b);
                s1 += weight * (*(const VECTOR *)(a + LANES) + *(const VECTOR *)(b + LANES));
                s2 += weight * (*(const VECTOR *)(a + 2 * LANES) + *(const VECTOR *)(b + 2 * LANES));
                s3 += weight * (*(const VECTOR *)(a + 3 * LANES) + *(const VECTOR *)(b + 3 * LANES));
            }
            for (int t = 0; t < single_count; t++) {
                const SCALAR *a = singles[t] + at;
                const SCALAR weight = single_weights[t];
                s0 += weight * *(const VECTOR *)a;
                s1 += weight * *(const VECTOR *)(a + LANES);
                s2 += weight * *(const VECTOR *)(a + 2 * LANES);
                s3 += weight * *(const VECTOR *)(a + 3 * LANES);
            }
            *(VECTOR *)(result + j) = s0;
            *(VECTOR *)(result + j + LANES) = s1;
            *(VECTOR *)(result + j + 2 * LANES) = s2;
            *(VECTOR *)(result + j + 3 * LANES) = s3;
        }
        for (; j < count; j += LANES) {
            VECTOR s = {0};
            const ptrdiff_t at = channel + j;
            for (int t = 0; t < pairs; t++)
                s += pair_weights[t] * (*(const VECTOR *)(pair_a[t] + at) + *(const VECTOR *)(pair_b[t] + at));
            for (int t = 0; t < single_count; t++) s += single_weights[t] * *(const VECTOR *)(singles[t] + at);
            *(VECTOR *)(result + j) = s;
        }
    }
}

static TARGET void NAME(two_rows)(const SCALAR *const *rows, const SCALAR *w, int radius, int channels,
                                  ptrdiff_t in_stride, SCALAR *out0, SCALAR *out1, ptrdiff_t out_stride,
                                  ptrdiff_t count) {
    const int last = 2 * radius;
    for (int c = 0; c < channels; c++) {
        const ptrdiff_t channel = c * in_stride;
        SCALAR *first_result = out0 + c * out_stride, *second_result = out1 + c * out_stride;
        // Two vectors of columns at a time: four chains of additions, and each row's vectors loaded once.
        for (ptrdiff_t j = 0; j < count; j += 2 * LANES) {
            const int pair = j + 2 * LANES <= count;
            const ptrdiff_t at = channel + j;
            const SCALAR *top = rows[0] + at;
            VECTOR first0 = w[0] * *(const VECTOR *)top, second0 = {0};
            VECTOR first1 = pair ? w[0] * *(const VECTOR *)(top + LANES) : (VECTOR){0}, second1 = {0};
            for (int t = 1; t <= last; t++) {
                const SCALAR *row = rows[t] + at;
                const SCALAR weight = w[t <= radius ? t : last - t], previous = w[t - 1 <= radius ? t - 1 : last - t + 1];
                const VECTOR v0 = *(const VECTOR *)row;
                first0 += weight * v0;
                second0 += previous * v0;
                if (pair) {
                    const VECTOR v1 = *(const VECTOR *)(row + LANES);
                    first1 += weight * v1;
                    second1 += previous * v1;
                }
            }
            const SCALAR *bottom = rows[last + 1] + at;
            second0 += w[0] * *(const VECTOR *)bottom;
            *(VECTOR *)(first_result + j) = first0;
            *(VECTOR *)(second_result + j) = second0;
            if (pair) {
                second1 += w[0] * *(const VECTOR *)(bottom + LANES);
                *(VECTOR *)(first_result + j + LANES) = first1;
                *(VECTOR *)(second_result + j + LANES) = second1;
            }
        }
    }
}

static TARGET SCALAR NAME(ssim_row)(const SCALAR *moments, ptrdiff_t stride, ptrdiff_t width, CONSTANTS constants,
                                    SCALAR *ssim_map, SCALAR *loss_map, SCALAR *gradients) {
    // Operation for operation as the reference: no multiply-and-add fused here.
#pragma clang fp contract(off)
    const VECTOR zero = {0}, one = zero + 1, two = zero + 2, half = zero + (SCALAR)0.5;
    const VECTOR c1 = zero + constants.c1, c2 = zero + constants.c2, eps = zero + constants.eps;
    const VECTOR upstream = zero + constants.upstream;
    VECTOR sum = zero;
    SCALAR tail = 0;
    for (ptrdiff_t j = 0; j < stride; j += LANES) {
        const SCALAR *b = moments + j;
        const VECTOR mx = *(const VECTOR *)b, my = *(const VECTOR *)(b + stride);
        const VECTOR exx = *(const VECTOR *)(b + 2 * stride), eyy = *(const VECTOR *)(b + 3 * stride);
        const VECTOR exy = *(const VECTOR *)(b + 4 * stride);
        const VECTOR variance_x = exx - mx * mx, variance_y = eyy - my * my, covariance = exy - mx * my;
        const VECTOR a1 = two * mx * my + c1, a2 = two * covariance + c2;
        const VECTOR b1 = mx * mx + my * my + c1, b2 = variance_x + variance_y + c2;
        const VECTOR denominator = b1 * b2 + eps;
        const VECTOR ssim = a1 * a2 / denominator;
        const VECTOR dissimilarity = (one - ssim) * half;
        // clamp(·, 0, 1) as torch's: NaN fails both comparisons and stays NaN.
        const MASK below = dissimilarity < zero, above = dissimilarity > one;
        const VECTOR loss = (VECTOR)(((MASK)dissimilarity & ~below & ~above) | ((MASK)one & above));
        const ptrdiff_t valid = width - j;
        if (valid >= LANES) {
            if (ssim_map) *(VECTOR *)(ssim_map + j) = ssim;
            if (loss_map) *(VECTOR *)(loss_map + j) = loss;
            sum += loss;
        } else {
            for (ptrdiff_t lane = 0; lane < valid; lane++) {
                if (ssim_map) ssim_map[j + lane] = ssim[lane];
                if (loss_map) loss_map[j + lane] = loss[lane];
                tail += loss[lane];
            }
        }
        if (!gradients) continue;
        // d loss / d SSIM = upstream where 0 ≤ (1 − SSIM)/2 ≤ 1, bounds included, and 0 elsewhere (NaN included).
        const MASK passes = (dissimilarity >= zero) & (dissimilarity <= one);
        const VECTOR grad_ssim = (VECTOR)((MASK)upstream & passes);
        const VECTOR grad_a1 = grad_ssim * a2 / denominator;
        const VECTOR grad_b1 = zero - grad_ssim * ssim * b2 / denominator;
        const VECTOR grad_a2 = grad_ssim * a1 / denominator;
        const VECTOR grad_b2 = zero - grad_ssim * ssim * b1 / denominator;
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
    SCALAR total = tail;
    for (int lane = 0; lane < LANES; lane++) total += sum[lane];
    return total;
}

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
#undef FAST_PASTE
#undef FAST_NAME
#undef NAME
#undef SCALAR
#undef VECTOR
#undef MASK
#undef CONSTANTS
#undef LANES
#undef PRECISION
