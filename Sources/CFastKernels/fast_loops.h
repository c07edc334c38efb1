// The loops of CFastKernels.h, written once and included (through fast_precisions.h) for each scalar type and
// instruction set. Expects SCALAR, VECTOR (32 or 64 bytes of SCALAR, alignment of SCALAR), MASK (as many bytes of
// integers of SCALAR's width), CONSTANTS (the constants' struct), LANES, PRECISION (f32 or f64), ISA (the
// instruction set's name) and TARGET (its attribute, or nothing); the functions are named base_PRECISION_ISA.
// Undefines all but ISA and TARGET at the end.

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
        // Eight vectors of columns at a time: eight independent chains keep both multiply-add units busy.
        for (; j + 2 * BLUR_BLOCK <= count; j += 2 * BLUR_BLOCK) {
            const SCALAR *p = row + j;
            VECTOR s[8];
            for (int k = 0; k < 8; k++) s[k] = centre * *(const VECTOR *)(p + radius + k * LANES);
            for (int m = 0; m < radius; m++) {
                const SCALAR *a = p + m, *b = p + 2 * radius - m;
                const SCALAR weight = w[m];
                for (int k = 0; k < 8; k++)
                    s[k] += weight * (*(const VECTOR *)(a + k * LANES) + *(const VECTOR *)(b + k * LANES));
            }
            for (int k = 0; k < 8; k++) *(VECTOR *)(result + j + k * LANES) = s[k];
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

static TARGET void NAME(row_products)(const SCALAR *x, const SCALAR *y, ptrdiff_t count, SCALAR *x_out,
                                      SCALAR *y_out, SCALAR *xx, SCALAR *yy, SCALAR *xy) {
    ptrdiff_t j = 0;
    for (; j + LANES <= count; j += LANES) {
        const VECTOR vx = *(const VECTOR *)(x + j), vy = *(const VECTOR *)(y + j);
        *(VECTOR *)(x_out + j) = vx;
        *(VECTOR *)(y_out + j) = vy;
        *(VECTOR *)(xx + j) = vx * vx;
        *(VECTOR *)(yy + j) = vy * vy;
        *(VECTOR *)(xy + j) = vx * vy;
    }
    for (; j < count; j++) {
        x_out[j] = x[j];
        y_out[j] = y[j];
        xx[j] = x[j] * x[j];
        yy[j] = y[j] * y[j];
        xy[j] = x[j] * y[j];
    }
}

static TARGET void NAME(two_rows)(const SCALAR *const *rows, const SCALAR *w, int radius, int channels,
                                  ptrdiff_t in_stride, SCALAR *out0, SCALAR *out1, ptrdiff_t out_stride,
                                  ptrdiff_t count) {
    const int last = 2 * radius;
    SCALAR taps[2 * radius + 1];
    for (int t = 0; t <= last; t++) taps[t] = w[t <= radius ? t : last - t];
    for (int c = 0; c < channels; c++) {
        const ptrdiff_t channel = c * in_stride;
        SCALAR *first = out0 + c * out_stride, *second = out1 + c * out_stride;
        ptrdiff_t j = 0;
        // Four vectors of columns at a time: eight independent chains keep both multiply-add units busy, and each
        // row's vectors are loaded once for the two map rows.
        for (; j + BLUR_BLOCK <= count; j += BLUR_BLOCK) {
            const ptrdiff_t at = channel + j;
            VECTOR f0 = {0}, f1 = {0}, f2 = {0}, f3 = {0}, s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0};
            for (int t = 0; t <= last + 1; t++) {
                const SCALAR *row = rows[t] + at;
                const VECTOR v0 = *(const VECTOR *)row, v1 = *(const VECTOR *)(row + LANES);
                const VECTOR v2 = *(const VECTOR *)(row + 2 * LANES), v3 = *(const VECTOR *)(row + 3 * LANES);
                if (t <= last) {
                    const SCALAR weight = taps[t];
                    f0 += weight * v0;
                    f1 += weight * v1;
                    f2 += weight * v2;
                    f3 += weight * v3;
                }
                if (t >= 1) {
                    const SCALAR weight = taps[t - 1];
                    s0 += weight * v0;
                    s1 += weight * v1;
                    s2 += weight * v2;
                    s3 += weight * v3;
                }
            }
            *(VECTOR *)(first + j) = f0;
            *(VECTOR *)(first + j + LANES) = f1;
            *(VECTOR *)(first + j + 2 * LANES) = f2;
            *(VECTOR *)(first + j + 3 * LANES) = f3;
            *(VECTOR *)(second + j) = s0;
            *(VECTOR *)(second + j + LANES) = s1;
            *(VECTOR *)(second + j + 2 * LANES) = s2;
            *(VECTOR *)(second + j + 3 * LANES) = s3;
        }
        for (; j < count; j += LANES) {
            const ptrdiff_t at = channel + j;
            VECTOR f = {0}, s = {0};
            for (int t = 0; t <= last + 1; t++) {
                const VECTOR v = *(const VECTOR *)(rows[t] + at);
                if (t <= last) f += taps[t] * v;
                if (t >= 1) s += taps[t - 1] * v;
            }
            *(VECTOR *)(first + j) = f;
            *(VECTOR *)(second + j) = s;
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
