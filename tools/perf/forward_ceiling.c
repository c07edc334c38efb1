// forward_ceiling.c — best-case throughput of the SSIM loss arithmetic (window 11, float32, AVX-512), forward and
// with gradients, with all data in the first-level cache, against the arithmetic peak measured in the same run.
// See tools/perf/README.md.
//
// Build: clang -O3 -march=native -pthread forward_ceiling.c -lm   (tools/perf/forward-ceiling does this)
// Run:   ./a.out THREADS [REPS [FIRST_CPU]]   (threads pinned to CPUs FIRST_CPU, FIRST_CPU + 1, ...)
//
// Each part is timed on L1-resident buffers, repeated many times, median of REPS repetitions; each part's output is
// compared with a plain scalar (double) computation on the same data. Rates are in the bench's counted flops
// (Bench.swift flopsPerSample: 16 per moment per blur pass, 3 for the products, 27 for the ratio/clamp/sum; with
// gradients 28 for the moment gradients, 16 per row per adjoint pass of four rows, 10 for the chain rule).
#define _GNU_SOURCE
#include <immintrin.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define R 5
#define TAPS (2 * R + 1)
#define INLINE static inline __attribute__((always_inline))
#define NOINLINE static __attribute__((noinline))

static float weights[TAPS];             // Gaussian, sigma 1.5, sum 1
static __m512 wv_plain[TAPS];           // the weights
static __m512 wv_centre[TAPS];          // weights / centre weight (centre tap = 1: no multiply)
static __m512 wv_edge[TAPS];            // weights / first weight (first tap = 1: no multiply)

enum form { SYM, SYM_SCALED, FMA_SCALED };
static double form_scale(int form) { return form == SYM ? 1 : form == SYM_SCALED ? weights[R] : weights[0]; }
static const char *form_name(int form) {
    return form == SYM ? "pairs+mul (11 ops)" : form == SYM_SCALED ? "pairs, centre-scaled (10 ops)"
                                                                  : "10 FMAs, edge-scaled (10 ops)";
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}
static void *alloc(size_t floats) {
    void *p = aligned_alloc(64, (floats * 4 + 63) / 64 * 64);
    memset(p, 0, floats * 4);
    return p;
}
static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;
static float uniform(void) {
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (float)((rng_state >> 40) * (1.0 / 16777216.0));
}

// ---------------------------------------------------------------------------------------------------------------
// The multiply-add peak: 12 independent chains of c = c * a + b in zmm registers (as fast_multiply_add_peak_f32).
NOINLINE float peak_loop(long iterations) {
    __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f), c[12];
    for (int k = 0; k < 12; k++) c[k] = _mm512_set1_ps(0.1f * (k + 1));
    for (long i = 0; i < iterations; i++) {
#pragma clang loop unroll(full)
        for (int k = 0; k < 12; k++) c[k] = _mm512_fmadd_ps(c[k], a, b);
        __asm__ volatile("" : "+v"(c[0]), "+v"(c[1]), "+v"(c[2]), "+v"(c[3]), "+v"(c[4]), "+v"(c[5]));
    }
    __m512 s = c[0];
    for (int k = 1; k < 12; k++) s = _mm512_add_ps(s, c[k]);
    return _mm512_reduce_add_ps(s);
}

// The same 12 FMA chains with 12 chains of d = d + b beside them: on a core whose additions have pipes of their own
// (AMD Zen 4 and 5: two FMA and two FADD pipes), the kernels' additions run beside their multiply-adds, so the
// multiply-add peak alone understates what they can reach (parts measured above 100 % of it); where additions share
// the FMA ports (Intel), this loop is slower than the FMA chains alone and is not the peak.
NOINLINE float peak_mixed_loop(long iterations) {
    __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f), c[12], d[12];
    for (int k = 0; k < 12; k++) c[k] = _mm512_set1_ps(0.1f * (k + 1)), d[k] = _mm512_set1_ps(0.05f * (k + 1));
    for (long i = 0; i < iterations; i++) {
#pragma clang loop unroll(full)
        for (int k = 0; k < 12; k++) c[k] = _mm512_fmadd_ps(c[k], a, b), d[k] = _mm512_add_ps(d[k], b);
        __asm__ volatile("" : "+v"(c[0]), "+v"(c[1]), "+v"(c[2]), "+v"(d[0]), "+v"(d[1]), "+v"(d[2]));
    }
    __m512 s = c[0];
    for (int k = 1; k < 12; k++) s = _mm512_add_ps(s, c[k]);
    for (int k = 0; k < 12; k++) s = _mm512_add_ps(s, d[k]);
    return _mm512_reduce_add_ps(s);
}
// Which loop is the peak (the faster one, chosen once at the start), its flops per iteration on one thread, and the
// flops per cycle it stands for: 64 for two 512-bit FMA per cycle, more where the additions' pipes add to them.
static int peak_mixed;
static double peak_flops = 12 * 16 * 2, cycle_flops = 64;

// ---------------------------------------------------------------------------------------------------------------
// A vertical blur (taps `stride` floats apart) of B output vectors, `ostride` apart: the blur along H, and the second
// half of the transposed blur along W. Inlined with B and form constant, so that the loops unroll.
INLINE void vblock(const float *in, ptrdiff_t s, float *out, ptrdiff_t os, int B, int form) {
    __m512 acc[16];
    if (form == FMA_SCALED) {
        // Streaming: each input vector loaded once, added into every output it touches.
#pragma clang loop unroll(full)
        for (int t = 0; t < B + 2 * R; t++) {
            const __m512 v = _mm512_load_ps(in + t * s);
#pragma clang loop unroll(full)
            for (int b = 0; b < B; b++) {
                const int k = t - b;
                if (k == 0) acc[b] = v;
                else if (k > 0 && k < TAPS) acc[b] = _mm512_fmadd_ps(wv_edge[k], v, acc[b]);
            }
        }
    } else {
        const __m512 *wv = form == SYM ? wv_plain : wv_centre;
#pragma clang loop unroll(full)
        for (int b = 0; b < B; b++) {
            const float *p = in + b * s;
            __m512 a = _mm512_load_ps(p + R * s);
            if (form == SYM) a = _mm512_mul_ps(wv[R], a);
#pragma clang loop unroll(full)
            for (int m = 0; m < R; m++)
                a = _mm512_fmadd_ps(wv[m], _mm512_add_ps(_mm512_load_ps(p + m * s), _mm512_load_ps(p + (2 * R - m) * s)), a);
            acc[b] = a;
        }
    }
#pragma clang loop unroll(full)
    for (int b = 0; b < B; b++) _mm512_store_ps(out + b * os, acc[b]);
}

// ---- Part H: blur along H of the five moment rows. in: 5 x (HR + 10) rows x HW columns; out: 5 x HR x HW.
#define HW 32
#define HR 24
#define HIN (HR + 2 * R)
typedef void (*h_fn)(const float *in, float *out);
#define H_VARIANT(B, F)                                                                                            \
    NOINLINE void h_##B##_##F(const float *in, float *out) {                                                       \
        for (int k = 0; k < 5; k++)                                                                                \
            for (int c = 0; c < HW; c += 16)                                                                       \
                for (int o = 0; o < HR; o += B)                                                                    \
                    vblock(in + (k * HIN + o) * HW + c, HW, out + (k * HR + o) * HW + c, HW, B, F);                \
    }
#define H_FORMS(B) H_VARIANT(B, SYM) H_VARIANT(B, SYM_SCALED) H_VARIANT(B, FMA_SCALED)
H_FORMS(1) H_FORMS(2) H_FORMS(3) H_FORMS(4) H_FORMS(6) H_FORMS(8) H_FORMS(12)
typedef struct { h_fn fn; int B, form; } h_variant;
static const h_variant h_variants[] = {
#define H_ENTRY(B) {h_##B##_SYM, B, SYM}, {h_##B##_SYM_SCALED, B, SYM_SCALED}, {h_##B##_FMA_SCALED, B, FMA_SCALED},
    H_ENTRY(1) H_ENTRY(2) H_ENTRY(3) H_ENTRY(4) H_ENTRY(6) H_ENTRY(8) H_ENTRY(12)};

// ---- Part W: blur along W of the five moment rows. in: 5 x WR rows x WL columns (WN outputs + halo); out: 5 x WR x WN.
#define WN 64
#define WL (WN + 16)
#define WR 8
typedef void (*w_fn)(const float *in, float *out, float *scratch);

// Lanes t ... t + 15 of a followed by b, by one valignd (inline assembly: left to itself the compiler turns some of
// these into vpermt2pd plus register copies).
INLINE __m512 lanes_from(__m512 a, __m512 b, int t) {
    __m512 r;
    switch (t) {
#define LF(o) case o: __asm__("valignd $" #o ", %1, %2, %0" : "=v"(r) : "v"(a), "v"(b)); return r;
        LF(1) LF(2) LF(3) LF(4) LF(5) LF(6) LF(7) LF(8) LF(9) LF(10)
#undef LF
    }
    return a;
}
#define SHIFT(t) lanes_from(cur, nx, (t))
// Tap t of the output vector at q: lanes q + t ...; from the two aligned vectors by valignd where bit t of MASK is
// set, else by an unaligned load (which crosses a cache line for every t not a multiple of 16).
#define TAP(t) ((t) == 0 ? cur : (mask >> (t)) & 1 ? SHIFT(t) : _mm512_loadu_ps(q + (t)))
// The blur along W of MAPS maps of WR rows each, one variant: MASK chooses the taps taken by valignd, F the form.
#define ROWS_VARIANT(NAME, MAPS, MASK, F)                                                                          \
    NOINLINE void NAME(const float *in, float *out, float *scratch) {                                              \
        (void)scratch;                                                                                             \
        enum { mask = MASK };                                                                                      \
        for (int row = 0; row < MAPS * WR; row++) {                                                                \
            const float *p = in + row * WL;                                                                        \
            float *o = out + row * WN;                                                                             \
            for (int v = 0; v < WN; v += 16) {                                                                     \
                const float *q = p + v;                                                                            \
                const __m512 cur = _mm512_load_ps(q), nx = _mm512_load_ps(q + 16);                                 \
                __m512 a;                                                                                          \
                if (F == FMA_SCALED) {                                                                             \
                    a = cur;                                                                                       \
                    a = _mm512_fmadd_ps(wv_edge[1], TAP(1), a);                                                    \
                    a = _mm512_fmadd_ps(wv_edge[2], TAP(2), a);                                                    \
                    a = _mm512_fmadd_ps(wv_edge[3], TAP(3), a);                                                    \
                    a = _mm512_fmadd_ps(wv_edge[4], TAP(4), a);                                                    \
                    a = _mm512_fmadd_ps(wv_edge[5], TAP(5), a);                                                    \
                    a = _mm512_fmadd_ps(wv_edge[6], TAP(6), a);                                                    \
                    a = _mm512_fmadd_ps(wv_edge[7], TAP(7), a);                                                    \
                    a = _mm512_fmadd_ps(wv_edge[8], TAP(8), a);                                                    \
                    a = _mm512_fmadd_ps(wv_edge[9], TAP(9), a);                                                    \
                    a = _mm512_fmadd_ps(wv_edge[10], TAP(10), a);                                                  \
                } else {                                                                                           \
                    const __m512 *wv = F == SYM ? wv_plain : wv_centre;                                            \
                    a = TAP(5);                                                                                    \
                    if (F == SYM) a = _mm512_mul_ps(wv[5], a);                                                     \
                    a = _mm512_fmadd_ps(wv[0], _mm512_add_ps(TAP(0), TAP(10)), a);                                 \
                    a = _mm512_fmadd_ps(wv[1], _mm512_add_ps(TAP(1), TAP(9)), a);                                  \
                    a = _mm512_fmadd_ps(wv[2], _mm512_add_ps(TAP(2), TAP(8)), a);                                  \
                    a = _mm512_fmadd_ps(wv[3], _mm512_add_ps(TAP(3), TAP(7)), a);                                  \
                    a = _mm512_fmadd_ps(wv[4], _mm512_add_ps(TAP(4), TAP(6)), a);                                  \
                }                                                                                                  \
                _mm512_store_ps(o + v, a);                                                                         \
            }                                                                                                      \
        }                                                                                                          \
    }
#define W_VARIANT(NAME, MASK, F) ROWS_VARIANT(NAME, 5, MASK, F)
// Masks of taps taken by valignd (bits 1..10).
#define M0 0x000
#define M2 0x088   /* 3, 7 */
#define M3 0x124   /* 2, 5, 8 */
#define M4 0x154   /* 2, 4, 6, 8 */
#define M5 0x2AA   /* 1, 3, 5, 7, 9 */
#define M6 0x5AC   /* 2, 3, 5, 7, 8, 10 */
#define M10 0x7FE
#define W_FORMS(M) W_VARIANT(w_##M##_SYM, M, SYM) W_VARIANT(w_##M##_SYM_SCALED, M, SYM_SCALED) W_VARIANT(w_##M##_FMA_SCALED, M, FMA_SCALED)
W_FORMS(M0) W_FORMS(M2) W_FORMS(M3) W_FORMS(M4) W_FORMS(M5) W_FORMS(M6) W_FORMS(M10)

// Transposed variant: each 16-row x 16-column tile of a moment transposed (64 shuffles) into a column buffer, the
// blur then vertical on it (aligned loads, as along H); the result stays transposed (column j of 16 rows a vector),
// which the element-wise SSIM step can read as it is. Rows are treated as periodic (WN columns, the last outputs
// reading the first columns again) so that each input tile is transposed exactly once, as in a streaming kernel.
#define TR 16
// dst rows `dstride` floats apart (16 for a column buffer, the row length to transpose back into rows).
INLINE void transpose16s(const float *src, ptrdiff_t stride, float *dst, ptrdiff_t dstride) {
    __m512 r[16], t[16], u[16];
#pragma clang loop unroll(full)
    for (int i = 0; i < 16; i++) r[i] = _mm512_load_ps(src + i * stride);
#pragma clang loop unroll(full)
    for (int i = 0; i < 8; i++) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
#pragma clang loop unroll(full)
    for (int i = 0; i < 4; i++) {
        u[4 * i + 0] = _mm512_shuffle_ps(t[4 * i], t[4 * i + 2], 0x44);
        u[4 * i + 1] = _mm512_shuffle_ps(t[4 * i], t[4 * i + 2], 0xEE);
        u[4 * i + 2] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0x44);
        u[4 * i + 3] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0xEE);
    }
#pragma clang loop unroll(full)
    for (int c = 0; c < 4; c++) {
        const __m512 v = _mm512_shuffle_f32x4(u[c], u[4 + c], 0x88), v2 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0xDD);
        const __m512 w = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0x88), w2 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0xDD);
        _mm512_store_ps(dst + (0 + c) * dstride, _mm512_shuffle_f32x4(v, w, 0x88));
        _mm512_store_ps(dst + (8 + c) * dstride, _mm512_shuffle_f32x4(v, w, 0xDD));
        _mm512_store_ps(dst + (4 + c) * dstride, _mm512_shuffle_f32x4(v2, w2, 0x88));
        _mm512_store_ps(dst + (12 + c) * dstride, _mm512_shuffle_f32x4(v2, w2, 0xDD));
    }
}
INLINE void transpose16(const float *src, ptrdiff_t stride, float *dst) { transpose16s(src, stride, dst, 16); }
// in: 5 x TR rows x WN (periodic); out: 5 x WN column vectors of 16 rows; scratch: (WN + 16) x 16.
#define WT_VARIANT(B, F)                                                                                           \
    NOINLINE void wt_##B##_##F(const float *in, float *out, float *scratch) {                                      \
        for (int k = 0; k < 5; k++) {                                                                              \
            const float *m = in + k * TR * WN;                                                                     \
            for (int c = 0; c < WN; c += 16) transpose16(m + c, WN, scratch + c * 16);                             \
            for (int i = 0; i < 16 * 16; i += 16) _mm512_store_ps(scratch + WN * 16 + i, _mm512_load_ps(scratch + i)); \
            for (int j = 0; j < WN; j += B) vblock(scratch + j * 16, 16, out + (k * WN + j) * 16, 16, B, F);      \
        }                                                                                                          \
    }
WT_VARIANT(4, SYM_SCALED) WT_VARIANT(8, SYM_SCALED) WT_VARIANT(4, FMA_SCALED) WT_VARIANT(8, FMA_SCALED)

// Batched layout (16 images side by side in the lanes, as 16x3x256x256 allows): both blurs are then vertical, as
// the blur along H, and the only cross-lane work is putting x and y into that layout: 16x16 transposes of 2 maps.
NOINLINE void t_xy(const float *in, float *out) {
    for (int m = 0; m < 2; m++)
        for (int c = 0; c < WN; c += 16) transpose16(in + m * TR * WN + c, WN, out + (m * WN + c) * 16);
}
static const struct { w_fn fn; int shuffles, form, transposed, B; } w_variants[] = {
#define W_ENTRY(M, n) {w_##M##_SYM, n, SYM, 0, 0}, {w_##M##_SYM_SCALED, n, SYM_SCALED, 0, 0}, {w_##M##_FMA_SCALED, n, FMA_SCALED, 0, 0},
    W_ENTRY(M0, 0) W_ENTRY(M2, 2) W_ENTRY(M3, 3) W_ENTRY(M4, 4) W_ENTRY(M5, 5) W_ENTRY(M6, 6) W_ENTRY(M10, 10)
    {wt_4_SYM_SCALED, -1, SYM_SCALED, 1, 4}, {wt_8_SYM_SCALED, -1, SYM_SCALED, 1, 8},
    {wt_4_FMA_SCALED, -1, FMA_SCALED, 1, 4}, {wt_8_FMA_SCALED, -1, FMA_SCALED, 1, 8}};

// ---- Part S: the products of x and y (3 multiplies, stored) and, from the five blurred moments, the SSIM ratio,
// the clamped loss and its sum (ssim_row's operations; the divide exact or by a reciprocal estimate + Newton step).
#define SN 512
typedef struct { float c1, c2, eps, upstream; } constants;
typedef float (*s_fn)(const float *xy, float *prod, const float *mom, constants k);
INLINE float s_body(const float *xy, float *prod, const float *mom, constants k, int divide, int unroll) {
    const __m512 c1 = _mm512_set1_ps(k.c1), c2 = _mm512_set1_ps(k.c2), eps = _mm512_set1_ps(k.eps);
    const __m512 c12 = _mm512_set1_ps(k.c1 + k.c2), two = _mm512_set1_ps(2), half = _mm512_set1_ps(0.5f);
    const __m512 zero = _mm512_setzero_ps(), one = _mm512_set1_ps(1);
    __m512 sum[4] = {zero, zero, zero, zero};
    for (int j = 0; j < SN; j += 16 * unroll) {
#pragma clang loop unroll(full)
        for (int u = 0; u < unroll; u++) {
            const int i = j + 16 * u;
            // The products of the inputs (the moments the blurs take).
            const __m512 x = _mm512_load_ps(xy + i), y = _mm512_load_ps(xy + SN + i);
            _mm512_store_ps(prod + i, _mm512_mul_ps(x, x));
            _mm512_store_ps(prod + SN + i, _mm512_mul_ps(y, y));
            _mm512_store_ps(prod + 2 * SN + i, _mm512_mul_ps(x, y));
            // The ratio.
            const __m512 mx = _mm512_load_ps(mom + i), my = _mm512_load_ps(mom + SN + i);
            const __m512 exx = _mm512_load_ps(mom + 2 * SN + i), eyy = _mm512_load_ps(mom + 3 * SN + i);
            const __m512 exy = _mm512_load_ps(mom + 4 * SN + i);
            const __m512 mxy = _mm512_mul_ps(mx, my);
            const __m512 b1 = _mm512_fmadd_ps(my, my, _mm512_fmadd_ps(mx, mx, c1));          // mx² + my² + c1
            const __m512 a1 = _mm512_fmadd_ps(two, mxy, c1);                                 // 2 mx my + c1
            const __m512 a2 = _mm512_fmadd_ps(two, _mm512_sub_ps(exy, mxy), c2);             // 2 cov + c2
            const __m512 b2 = _mm512_sub_ps(_mm512_add_ps(_mm512_add_ps(exx, eyy), c12), b1); // vx + vy + c2
            const __m512 den = _mm512_fmadd_ps(b1, b2, eps);
            const __m512 num = _mm512_mul_ps(a1, a2);
            __m512 ssim;
            if (divide) ssim = _mm512_div_ps(num, den);
            else {
                __m512 r = _mm512_rcp14_ps(den);
                r = _mm512_mul_ps(r, _mm512_fnmadd_ps(den, r, two));
                ssim = _mm512_mul_ps(num, r);
            }
            const __m512 dis = _mm512_fnmadd_ps(ssim, half, half);                           // (1 - ssim) / 2
            const __m512 loss = _mm512_min_ps(_mm512_max_ps(dis, zero), one);                // clamp (NaN differs)
            sum[u] = _mm512_add_ps(sum[u], loss);
        }
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(sum[0], sum[1]), _mm512_add_ps(sum[2], sum[3])));
}
NOINLINE float s_div1(const float *a, float *b, const float *c, constants k) { return s_body(a, b, c, k, 1, 1); }
NOINLINE float s_div2(const float *a, float *b, const float *c, constants k) { return s_body(a, b, c, k, 1, 2); }
NOINLINE float s_div4(const float *a, float *b, const float *c, constants k) { return s_body(a, b, c, k, 1, 4); }
NOINLINE float s_rcp1(const float *a, float *b, const float *c, constants k) { return s_body(a, b, c, k, 0, 1); }
NOINLINE float s_rcp2(const float *a, float *b, const float *c, constants k) { return s_body(a, b, c, k, 0, 2); }
NOINLINE float s_rcp4(const float *a, float *b, const float *c, constants k) { return s_body(a, b, c, k, 0, 4); }
static const struct { s_fn fn; const char *name; } s_variants[] = {
    {s_div1, "vdivps, 1 vector/iter"}, {s_div2, "vdivps, 2 vectors/iter"}, {s_div4, "vdivps, 4 vectors/iter"},
    {s_rcp1, "rcp14+Newton, 1 vector/iter"}, {s_rcp2, "rcp14+Newton, 2 vectors/iter"}, {s_rcp4, "rcp14+Newton, 4 vectors/iter"}};

// ---------------------------------------------------------------------------------------------------------------
// Micro-benchmarks of the port facts the argument rests on (inline assembly, 8 independent instructions per step).
#define MICRO(NAME, BODY, ...)                                                                                 \
    NOINLINE void NAME(const float *p, long n) {                                                                   \
        for (long i = 0; i < n; i++) __asm__ volatile(BODY ::"r"(p) : __VA_ARGS__);                                    \
    }
#define Z8 "zmm0", "zmm1", "zmm2", "zmm3", "zmm4", "zmm5", "zmm6", "zmm7", "memory"
MICRO(mb_load_aligned, "vmovups (%0),%%zmm0\n vmovups 64(%0),%%zmm1\n vmovups 128(%0),%%zmm2\n vmovups 192(%0),%%zmm3\n"
      "vmovups 256(%0),%%zmm4\n vmovups 320(%0),%%zmm5\n vmovups 384(%0),%%zmm6\n vmovups 448(%0),%%zmm7", Z8)
MICRO(mb_load_split, "vmovups 4(%0),%%zmm0\n vmovups 68(%0),%%zmm1\n vmovups 132(%0),%%zmm2\n vmovups 196(%0),%%zmm3\n"
      "vmovups 260(%0),%%zmm4\n vmovups 324(%0),%%zmm5\n vmovups 388(%0),%%zmm6\n vmovups 452(%0),%%zmm7", Z8)
MICRO(mb_valignd, "valignd $3,%%zmm8,%%zmm9,%%zmm0\n valignd $3,%%zmm8,%%zmm9,%%zmm1\n valignd $3,%%zmm8,%%zmm9,%%zmm2\n"
      "valignd $3,%%zmm8,%%zmm9,%%zmm3\n valignd $3,%%zmm8,%%zmm9,%%zmm4\n valignd $3,%%zmm8,%%zmm9,%%zmm5\n"
      "valignd $3,%%zmm8,%%zmm9,%%zmm6\n valignd $3,%%zmm8,%%zmm9,%%zmm7", Z8)
MICRO(mb_fma, "vfmadd231ps %%zmm8,%%zmm9,%%zmm0\n vfmadd231ps %%zmm8,%%zmm9,%%zmm1\n vfmadd231ps %%zmm8,%%zmm9,%%zmm2\n"
      "vfmadd231ps %%zmm8,%%zmm9,%%zmm3\n vfmadd231ps %%zmm8,%%zmm9,%%zmm4\n vfmadd231ps %%zmm8,%%zmm9,%%zmm5\n"
      "vfmadd231ps %%zmm8,%%zmm9,%%zmm6\n vfmadd231ps %%zmm8,%%zmm9,%%zmm7", Z8)
// 8 independent adds and 4 valignd: 6 cycles if the shuffles take slots of the two FP ports, 4 if not.
MICRO(mb_add_valignd, "vaddps %%zmm8,%%zmm9,%%zmm0\n vaddps %%zmm8,%%zmm9,%%zmm1\n vaddps %%zmm8,%%zmm9,%%zmm2\n"
      "vaddps %%zmm8,%%zmm9,%%zmm3\n vaddps %%zmm8,%%zmm9,%%zmm4\n vaddps %%zmm8,%%zmm9,%%zmm5\n"
      "vaddps %%zmm8,%%zmm9,%%zmm6\n vaddps %%zmm8,%%zmm9,%%zmm7\n valignd $3,%%zmm8,%%zmm9,%%zmm10\n"
      "valignd $3,%%zmm8,%%zmm9,%%zmm11\n valignd $3,%%zmm8,%%zmm9,%%zmm12\n valignd $3,%%zmm8,%%zmm9,%%zmm13", Z8, "zmm10", "zmm11", "zmm12", "zmm13")
// 8 adds (ports 0/5) beside 8 split loads: do split loads take FP-port slots?
MICRO(mb_add_split, "vaddps %%zmm8,%%zmm9,%%zmm0\n vaddps %%zmm8,%%zmm9,%%zmm1\n vaddps %%zmm8,%%zmm9,%%zmm2\n"
      "vaddps %%zmm8,%%zmm9,%%zmm3\n vaddps %%zmm8,%%zmm9,%%zmm4\n vaddps %%zmm8,%%zmm9,%%zmm5\n"
      "vaddps %%zmm8,%%zmm9,%%zmm6\n vaddps %%zmm8,%%zmm9,%%zmm7\n vmovups 4(%0),%%zmm10\n vmovups 68(%0),%%zmm11\n"
      "vmovups 132(%0),%%zmm12\n vmovups 196(%0),%%zmm13\n vmovups 260(%0),%%zmm14\n vmovups 324(%0),%%zmm15\n"
      "vmovups 388(%0),%%zmm16\n vmovups 452(%0),%%zmm17", Z8, "zmm10", "zmm11", "zmm12", "zmm13", "zmm14", "zmm15", "zmm16", "zmm17")
MICRO(mb_shuff32x4, "vshuff32x4 $0x88,%%zmm8,%%zmm9,%%zmm0\n vshuff32x4 $0x88,%%zmm8,%%zmm9,%%zmm1\n"
      "vshuff32x4 $0x88,%%zmm8,%%zmm9,%%zmm2\n vshuff32x4 $0x88,%%zmm8,%%zmm9,%%zmm3\n vshuff32x4 $0x88,%%zmm8,%%zmm9,%%zmm4\n"
      "vshuff32x4 $0x88,%%zmm8,%%zmm9,%%zmm5\n vshuff32x4 $0x88,%%zmm8,%%zmm9,%%zmm6\n vshuff32x4 $0x88,%%zmm8,%%zmm9,%%zmm7", Z8)
MICRO(mb_div, "vdivps %%zmm8,%%zmm9,%%zmm0\n vdivps %%zmm8,%%zmm9,%%zmm1\n vdivps %%zmm8,%%zmm9,%%zmm2\n"
      "vdivps %%zmm8,%%zmm9,%%zmm3\n vdivps %%zmm8,%%zmm9,%%zmm4\n vdivps %%zmm8,%%zmm9,%%zmm5\n"
      "vdivps %%zmm8,%%zmm9,%%zmm6\n vdivps %%zmm8,%%zmm9,%%zmm7", Z8)
MICRO(mb_rcp14, "vrcp14ps %%zmm8,%%zmm0\n vrcp14ps %%zmm8,%%zmm1\n vrcp14ps %%zmm8,%%zmm2\n vrcp14ps %%zmm8,%%zmm3\n"
      "vrcp14ps %%zmm8,%%zmm4\n vrcp14ps %%zmm8,%%zmm5\n vrcp14ps %%zmm8,%%zmm6\n vrcp14ps %%zmm8,%%zmm7", Z8)
MICRO(mb_store, "vmovaps %%zmm8,(%0)\n vmovaps %%zmm8,64(%0)\n vmovaps %%zmm8,128(%0)\n vmovaps %%zmm8,192(%0)\n"
      "vmovaps %%zmm8,256(%0)\n vmovaps %%zmm8,320(%0)\n vmovaps %%zmm8,384(%0)\n vmovaps %%zmm8,448(%0)", Z8)
typedef void (*mb_fn)(const float *, long);
static const struct { mb_fn fn; const char *name; int per; } micro[] = {
    {mb_fma, "vfmadd231ps zmm (independent)", 8}, {mb_load_aligned, "64-byte load, aligned", 8},
    {mb_load_split, "64-byte load, crossing a cache line", 8}, {mb_store, "64-byte store, aligned", 8},
    {mb_valignd, "valignd zmm", 8}, {mb_shuff32x4, "vshuff32x4 zmm", 8},
    {mb_add_valignd, "group: 8 vaddps + 4 valignd (4.0 if shuffles had a port of their own, 6.0 if they take FP-port slots)", 1}, {mb_add_split, "group: 8 vaddps + 8 split loads", 1},
    {mb_div, "vdivps zmm (independent)", 8}, {mb_rcp14, "vrcp14ps zmm", 8}};

// ---------------------------------------------------------------------------------------------------------------
// The loss with gradients: the parts the backward adds (Bench.swift counts 28 for the moment gradients, 4 x 16 for
// each adjoint pass of the four gradient rows, 10 for the chain rule).

// ---- Part G: products + ratio + moment gradients, fused (the gradient formulas need a1, a2, b1, b2, the
// denominator and SSIM, which the ratio has in registers; a separate pass would reload them). Out: the four rows
// ssim_span stores, ∂μx, ∂μy, ∂E[x²] (= ∂E[y²]) and ∂E[xy], the squares' row doubled (2 ∂E[x²], so that the chain
// rule needs no factor 2; a constant factor on a row the adjoint passes carry linearly).
// divide: 2 = two vdivps (a1 a2 / den and grad / den, as ssim_span), 1 = one vdivps (1 / den, then multiplies),
// 0 = vrcp14ps + one Newton step.
// Rows of this part and of part C: GS floats (2 KiB + 64 bytes) apart in one block, the rows stored first, then the
// rows loaded. A load waits when an older store still in flight has the same address bits 0-11 (4K aliasing); a
// store row at most a few hundred bytes ahead of a load row modulo 4 KiB makes that happen on every vector. Here
// each store row lies behind each load row (mod 4 KiB, by 64 bytes times the rows between them, or 2 KiB less),
// so no load meets an older store's bits, and the rows spread evenly over the cache's sets. Other layouts cost these
// parts 10-30 % in trials (part S with this part's arithmetic: 14-19 cycles per vector by layout alone).
#define GS (SN + 16)
typedef float (*g_fn)(const float *xy, float *prod, const float *mom, float *grad, constants k);
typedef struct { __m512 c1, c2, eps, c12, two, half, zero, one, up2; } g_consts;
// What the first stage hands the second: for divide 2, `q` holds SSIM and `d` the denominator; else `q` the
// numerator a1 a2 and `d` 1 / den.
typedef struct { __m512 mx, my, a1, a2, b1, b2, q, d; } g_stage;
INLINE g_consts g_constants(constants k) {
    return (g_consts){_mm512_set1_ps(k.c1), _mm512_set1_ps(k.c2), _mm512_set1_ps(k.eps), _mm512_set1_ps(k.c1 + k.c2),
                      _mm512_set1_ps(2), _mm512_set1_ps(0.5f), _mm512_setzero_ps(), _mm512_set1_ps(1),
                      _mm512_set1_ps(2 * k.upstream)};
}
// Stage 1 of the vector at i: the products, the ratio's terms, the divide.
INLINE g_stage g_first(const float *xy, float *prod, const float *mom, int i, g_consts c, int divide) {
    const __m512 x = _mm512_load_ps(xy + i), y = _mm512_load_ps(xy + GS + i);
    _mm512_store_ps(prod + i, _mm512_mul_ps(x, x));
    _mm512_store_ps(prod + GS + i, _mm512_mul_ps(y, y));
    _mm512_store_ps(prod + 2 * GS + i, _mm512_mul_ps(x, y));
    g_stage s;
    s.mx = _mm512_load_ps(mom + i), s.my = _mm512_load_ps(mom + GS + i);
    const __m512 exx = _mm512_load_ps(mom + 2 * GS + i), eyy = _mm512_load_ps(mom + 3 * GS + i);
    const __m512 exy = _mm512_load_ps(mom + 4 * GS + i);
    const __m512 mxy = _mm512_mul_ps(s.mx, s.my);
    s.b1 = _mm512_fmadd_ps(s.my, s.my, _mm512_fmadd_ps(s.mx, s.mx, c.c1));
    s.a1 = _mm512_fmadd_ps(c.two, mxy, c.c1);
    s.a2 = _mm512_fmadd_ps(c.two, _mm512_sub_ps(exy, mxy), c.c2);
    s.b2 = _mm512_sub_ps(_mm512_add_ps(_mm512_add_ps(exx, eyy), c.c12), s.b1);
    const __m512 den = _mm512_fmadd_ps(s.b1, s.b2, c.eps);
    const __m512 num = _mm512_mul_ps(s.a1, s.a2);
    if (divide >= 2) { s.q = _mm512_div_ps(num, den); s.d = den; }
    else if (divide == 1) { s.q = num; s.d = _mm512_div_ps(c.one, den); }
    else {
        const __m512 r = _mm512_rcp14_ps(den);
        s.q = num; s.d = _mm512_mul_ps(r, _mm512_fnmadd_ps(den, r, c.two));
    }
    return s;
}
// Stage 2: SSIM, the clamped loss (returned), the gradient mask and the four gradient rows (not if divide is 3:
// part S's work alone, in this part's layout, to tell what the gradients add).
INLINE __m512 g_second(g_stage s, float *grad, int i, g_consts c, int divide) {
    const __m512 ssim = divide >= 2 ? s.q : _mm512_mul_ps(s.q, s.d);
    const __m512 dis = _mm512_fnmadd_ps(ssim, c.half, c.half);
    const __m512 loss = _mm512_min_ps(_mm512_max_ps(dis, c.zero), c.one);
    if (divide == 3) return loss;
    // 0 ≤ dis ≤ 1 exactly where the clamp leaves it as it is (NaN: max gives 0, not equal).
    const __mmask16 passes = _mm512_cmp_ps_mask(loss, dis, _CMP_EQ_OQ);
    // g = 2 ∂loss/∂SSIM / den, gr = g SSIM: the four gradients of ssim_span, each with its factor 2 folded.
    const __m512 g = divide == 2 ? _mm512_maskz_div_ps(passes, c.up2, s.d) : _mm512_maskz_mul_ps(passes, c.up2, s.d);
    const __m512 gr = _mm512_mul_ps(g, ssim);
    const __m512 da = _mm512_mul_ps(g, _mm512_sub_ps(s.a2, s.a1));    // 2 (∂a1 − ∂a2)
    const __m512 db = _mm512_mul_ps(gr, _mm512_sub_ps(s.b1, s.b2));   // 2 (∂b1 − ∂b2)
    float *o = grad + i;
    _mm512_store_ps(o, _mm512_fmadd_ps(s.my, da, _mm512_mul_ps(s.mx, db)));        // ∂μx
    _mm512_store_ps(o + GS, _mm512_fmadd_ps(s.mx, da, _mm512_mul_ps(s.my, db)));   // ∂μy
    _mm512_store_ps(o + 2 * GS, _mm512_fnmadd_ps(gr, s.b1, c.zero));               // 2 ∂E[x²] = 2 ∂b2
    _mm512_store_ps(o + 3 * GS, _mm512_mul_ps(g, s.a1));                           // ∂E[xy] = 2 ∂a2
    return loss;
}
// Straight: both stages of each vector in turn, `unroll` vectors per iteration.
INLINE float g_body(const float *xy, float *prod, const float *mom, float *grad, constants k, int divide, int unroll) {
    const g_consts c = g_constants(k);
    __m512 sum[4] = {c.zero, c.zero, c.zero, c.zero};
    for (int j = 0; j < SN; j += 16 * unroll) {
#pragma clang loop unroll(full)
        for (int u = 0; u < unroll; u++) {
            const int i = j + 16 * u;
            sum[u] = _mm512_add_ps(sum[u], g_second(g_first(xy, prod, mom, i, c, divide), grad, i, c, divide));
        }
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(sum[0], sum[1]), _mm512_add_ps(sum[2], sum[3])));
}
// Software-pipelined: stage 1 of the next vector beside stage 2 of this one, so that the long chain from the
// moments through the divide to the gradients (some 70 cycles of latency) overlaps across vectors without every
// waiting instruction holding a place in the scheduler.
INLINE float g_pipelined(const float *xy, float *prod, const float *mom, float *grad, constants k, int divide) {
    const g_consts c = g_constants(k);
    __m512 sum = c.zero;
    g_stage s = g_first(xy, prod, mom, 0, c, divide);
    for (int i = 16; i < SN; i += 16) {
        const g_stage next = g_first(xy, prod, mom, i, c, divide);
        sum = _mm512_add_ps(sum, g_second(s, grad, i - 16, c, divide));
        s = next;
    }
    sum = _mm512_add_ps(sum, g_second(s, grad, SN - 16, c, divide));
    return _mm512_reduce_add_ps(sum);
}
#define G_FN(D, U) \
    NOINLINE float g_##D##_##U(const float *a, float *b, const float *c, float *d, constants k) { return g_body(a, b, c, d, k, D, U); }
#define G_PIPE(D) \
    NOINLINE float g_##D##_p(const float *a, float *b, const float *c, float *d, constants k) { return g_pipelined(a, b, c, d, k, D); }
G_FN(3, 1) G_FN(3, 4) G_FN(2, 1) G_FN(2, 2) G_FN(2, 4) G_FN(1, 1) G_FN(1, 2) G_FN(1, 4) G_FN(0, 1) G_FN(0, 2) G_FN(0, 4) G_PIPE(2) G_PIPE(1) G_PIPE(0)
static const struct { g_fn fn; const char *name; } g_variants[] = {
    {g_3_1, "no gradients (part S in this layout), vdivps, 1 vector/iter"},
    {g_3_4, "no gradients (part S in this layout), vdivps, 4 vectors/iter"},
    {g_2_1, "2 vdivps (as ssim_span), 1 vector/iter"}, {g_2_2, "2 vdivps (as ssim_span), 2 vectors/iter"},
    {g_2_4, "2 vdivps (as ssim_span), 4 vectors/iter"}, {g_2_p, "2 vdivps (as ssim_span), software-pipelined"},
    {g_1_1, "1 vdivps (1/den) + multiplies, 1 vector/iter"}, {g_1_2, "1 vdivps (1/den) + multiplies, 2 vectors/iter"},
    {g_1_4, "1 vdivps (1/den) + multiplies, 4 vectors/iter"}, {g_1_p, "1 vdivps (1/den) + multiplies, software-pipelined"},
    {g_0_1, "rcp14+Newton, 1 vector/iter"}, {g_0_2, "rcp14+Newton, 2 vectors/iter"}, {g_0_4, "rcp14+Newton, 4 vectors/iter"},
    {g_0_p, "rcp14+Newton, software-pipelined"}};

// ---- Part AH: the adjoint along H of the four gradient rows. The adjoint of a symmetric blur away from the borders
// is the same blur, so this is the forward's vertical block on 4 maps (the first 4 of the H part's buffers).
#define AH_VARIANT(B, F)                                                                                           \
    NOINLINE void ah_##B##_##F(const float *in, float *out) {                                                      \
        for (int k = 0; k < 4; k++)                                                                                \
            for (int c = 0; c < HW; c += 16)                                                                       \
                for (int o = 0; o < HR; o += B)                                                                    \
                    vblock(in + (k * HIN + o) * HW + c, HW, out + (k * HR + o) * HW + c, HW, B, F);                \
    }
#define AH_FORMS(B) AH_VARIANT(B, SYM) AH_VARIANT(B, SYM_SCALED) AH_VARIANT(B, FMA_SCALED)
AH_FORMS(2) AH_FORMS(4) AH_FORMS(6) AH_FORMS(8)
static const h_variant ah_variants[] = {
#define AH_ENTRY(B) {ah_##B##_SYM, B, SYM}, {ah_##B##_SYM_SCALED, B, SYM_SCALED}, {ah_##B##_FMA_SCALED, B, FMA_SCALED},
    AH_ENTRY(2) AH_ENTRY(4) AH_ENTRY(6) AH_ENTRY(8)};

// ---- Part AW: the adjoint along W of the four rows. Row-major: the forward's valignd variants on 4 maps (WR rows
// each). Transposed, in the order the backward meets it: the gradient rows come out of part G in the forward's
// transposed layout (a column of 16 rows a vector), so the adjoint along W is a vertical blur there, and 16x16
// transposes bring the result back into rows for the adjoint along H. in: 4 x (WN + 16) column vectors (halo
// included); scratch: WN column vectors; out: 4 x 16 rows x WN.
#define AW_VARIANT(NAME, MASK, F) ROWS_VARIANT(NAME, 4, MASK, F)
AW_VARIANT(aw_M10_SYM, M10, SYM) AW_VARIANT(aw_M10_SYM_SCALED, M10, SYM_SCALED) AW_VARIANT(aw_M10_FMA_SCALED, M10, FMA_SCALED)
#define AWT_VARIANT(B, F)                                                                                          \
    NOINLINE void awt_##B##_##F(const float *in, float *out, float *scratch) {                                     \
        for (int k = 0; k < 4; k++) {                                                                              \
            for (int j = 0; j < WN; j += B) vblock(in + (k * (WN + 16) + j) * 16, 16, scratch + j * 16, 16, B, F); \
            for (int c = 0; c < WN; c += 16) transpose16s(scratch + c * 16, 16, out + k * 16 * WN + c, WN);       \
        }                                                                                                          \
    }
AWT_VARIANT(4, SYM_SCALED) AWT_VARIANT(8, SYM_SCALED) AWT_VARIANT(4, FMA_SCALED) AWT_VARIANT(8, FMA_SCALED)
static const struct { w_fn fn; int form, transposed, B; } aw_variants[] = {
    {aw_M10_SYM, SYM, 0, 0}, {aw_M10_SYM_SCALED, SYM_SCALED, 0, 0}, {aw_M10_FMA_SCALED, FMA_SCALED, 0, 0},
    {awt_4_SYM_SCALED, SYM_SCALED, 1, 4}, {awt_8_SYM_SCALED, SYM_SCALED, 1, 8},
    {awt_4_FMA_SCALED, FMA_SCALED, 1, 4}, {awt_8_FMA_SCALED, FMA_SCALED, 1, 8}};

// ---- Part C: the chain rule through the products, from the four adjoint rows (the squares' row doubled, see part
// G): ∂x = ∂μx + x · 2∂E[x²] + y · ∂E[xy], ∂y likewise: 2 FMAs each. in: x, y, back: 4 rows; out: 2 rows (GS apart).
typedef void (*c_fn)(const float *xy, const float *back, float *out);
INLINE void c_body(const float *xy, const float *back, float *out, int unroll) {
    for (int j = 0; j < SN; j += 16 * unroll) {
#pragma clang loop unroll(full)
        for (int u = 0; u < unroll; u++) {
            const int i = j + 16 * u;
            const __m512 x = _mm512_load_ps(xy + i), y = _mm512_load_ps(xy + GS + i);
            const __m512 sq = _mm512_load_ps(back + 2 * GS + i), pr = _mm512_load_ps(back + 3 * GS + i);
            _mm512_store_ps(out + i, _mm512_fmadd_ps(y, pr, _mm512_fmadd_ps(x, sq, _mm512_load_ps(back + i))));
            _mm512_store_ps(out + GS + i, _mm512_fmadd_ps(x, pr, _mm512_fmadd_ps(y, sq, _mm512_load_ps(back + GS + i))));
        }
    }
}
NOINLINE void c_1(const float *a, const float *b, float *c) { c_body(a, b, c, 1); }
NOINLINE void c_2(const float *a, const float *b, float *c) { c_body(a, b, c, 2); }
NOINLINE void c_4(const float *a, const float *b, float *c) { c_body(a, b, c, 4); }
static const struct { c_fn fn; const char *name; } c_variants[] = {
    {c_1, "4 FMAs, 1 vector/iter"}, {c_2, "4 FMAs, 2 vectors/iter"}, {c_4, "4 FMAs, 4 vectors/iter"}};

// ---- Part AH+C: the adjoint along H and the chain rule fused: B output rows of all four maps in registers, then
// straight into ∂x, ∂y (the four adjoint rows never stored). in: the H part's buffers (4 maps); xy: 2 x HR x HW;
// out: 2 x HR x HW.
typedef void (*hc_fn)(const float *in, const float *xy, float *out);
INLINE void hc_block(const float *in, ptrdiff_t s, const float *xy, float *out, int B) {
    __m512 acc[4][8];
#pragma clang loop unroll(full)
    for (int k = 0; k < 4; k++)
#pragma clang loop unroll(full)
        for (int b = 0; b < B; b++) {
            const float *p = in + k * HIN * HW + b * s;
            __m512 a = _mm512_load_ps(p + R * s);
#pragma clang loop unroll(full)
            for (int m = 0; m < R; m++)
                a = _mm512_fmadd_ps(wv_centre[m], _mm512_add_ps(_mm512_load_ps(p + m * s), _mm512_load_ps(p + (2 * R - m) * s)), a);
            acc[k][b] = a;
        }
#pragma clang loop unroll(full)
    for (int b = 0; b < B; b++) {
        const __m512 x = _mm512_load_ps(xy + b * s), y = _mm512_load_ps(xy + HR * HW + b * s);
        _mm512_store_ps(out + b * s, _mm512_fmadd_ps(y, acc[3][b], _mm512_fmadd_ps(x, acc[2][b], acc[0][b])));
        _mm512_store_ps(out + HR * HW + b * s, _mm512_fmadd_ps(x, acc[3][b], _mm512_fmadd_ps(y, acc[2][b], acc[1][b])));
    }
}
#define HC_VARIANT(B)                                                                                              \
    NOINLINE void hc_##B(const float *in, const float *xy, float *out) {                                           \
        for (int c = 0; c < HW; c += 16)                                                                           \
            for (int o = 0; o < HR; o += B) hc_block(in + o * HW + c, HW, xy + o * HW + c, out + o * HW + c, B);   \
    }
HC_VARIANT(2) HC_VARIANT(4) HC_VARIANT(6)
static const struct { hc_fn fn; int B; } hc_variants[] = {{hc_2, 2}, {hc_4, 4}, {hc_6, 6}};

// ---------------------------------------------------------------------------------------------------------------
// Threads: each runs the same work on its own buffers (its own L1), started and stopped together.
#define MAX_THREADS 8
static int n_threads, first_cpu;
static pthread_barrier_t barrier;
typedef struct {
    int id;
    float *h_in, *h_out, *w_in, *w_out, *wt_in, *wt_out, *scratch, *s_xy, *s_prod, *s_mom;
    float *g_xy, *g_prod, *g_mom, *g_grad, *aw_in, *aw_out, *c_xy, *c_back, *c_out, *hc_xy, *hc_out;
    float *mb;
} buffers;
static buffers buf[MAX_THREADS];
static volatile float sink;
static constants K = {0.0001f, 0.0009f, 1e-8f, 1.0f};

// The job all threads run: kind 0 peak, 1 H, 2 W, 3 S, 4 micro, 5 transposes of x, y, 6 G, 7 AH, 8 AW, 9 C,
// 10 AH+C; index of the variant; count of calls.
static struct { int kind, index; long calls; } job;
static volatile int quit;
static void run_job(buffers *b) {
    const long n = job.calls;
    switch (job.kind) {
    case 0: sink = peak_mixed ? peak_mixed_loop(n) : peak_loop(n); break;
    case 1: for (long i = 0; i < n; i++) h_variants[job.index].fn(b->h_in, b->h_out); break;
    case 2: {
        const int t = w_variants[job.index].transposed;
        for (long i = 0; i < n; i++) w_variants[job.index].fn(t ? b->wt_in : b->w_in, t ? b->wt_out : b->w_out, b->scratch);
        break;
    }
    case 3: { float s = 0; for (long i = 0; i < n; i++) s += s_variants[job.index].fn(b->s_xy, b->s_prod, b->s_mom, K); sink = s; break; }
    case 4: micro[job.index].fn(b->mb, n); break;
    case 5: for (long i = 0; i < n; i++) t_xy(b->wt_in, b->wt_out); break;
    case 6: { float s = 0; for (long i = 0; i < n; i++) s += g_variants[job.index].fn(b->g_xy, b->g_prod, b->g_mom, b->g_grad, K); sink = s; break; }
    case 7: for (long i = 0; i < n; i++) ah_variants[job.index].fn(b->h_in, b->h_out); break;
    case 8: {
        const int t = aw_variants[job.index].transposed;
        for (long i = 0; i < n; i++) aw_variants[job.index].fn(t ? b->aw_in : b->w_in, t ? b->aw_out : b->w_out, b->scratch);
        break;
    }
    case 9: for (long i = 0; i < n; i++) c_variants[job.index].fn(b->c_xy, b->c_back, b->c_out); break;
    case 10: for (long i = 0; i < n; i++) hc_variants[job.index].fn(b->h_in, b->hc_xy, b->hc_out); break;
    }
}
static void *worker(void *arg) {
    buffers *b = arg;
    for (;;) {
        pthread_barrier_wait(&barrier);
        if (quit) return 0;
        run_job(b);
        pthread_barrier_wait(&barrier);
    }
}
// Wall time of one call of the job on all threads at once.
static double timed(int kind, int index, long calls) {
    job.kind = kind; job.index = index; job.calls = calls;
    pthread_barrier_wait(&barrier);
    const double t0 = now();
    run_job(&buf[0]);
    pthread_barrier_wait(&barrier);
    return now() - t0;
}
static int cmp(const void *a, const void *b) { double x = *(double *)a, y = *(double *)b; return (x > y) - (x < y); }
static int reps = 9;
static long peak_calls;
// Each repetition times the job, then the multiply-add peak right after it on the same threads, so that a change
// of clock or a neighbour's load between repetitions hits both. Returns the medians over repetitions of the job's
// wall seconds per unit per thread (units_per_call on each thread) and of its cost: those seconds times the peak
// rate per thread measured beside it, i.e. the multiply-add flops one core could have done in the same time.
typedef struct { double seconds, cost; } measured;
static measured measure(int kind, int index, double units_per_call) {
    long calls = 4;
    double t;
    while ((t = timed(kind, index, calls)) < 0.005) calls *= 4;
    calls = (long)(calls * 0.02 / t) + 1;
    double seconds[64], cost[64];
    for (int r = 0; r < reps; r++) {
        seconds[r] = timed(kind, index, calls) / (calls * units_per_call);
        const double peak_per_thread = peak_flops * peak_calls / timed(0, 0, peak_calls);
        cost[r] = seconds[r] * peak_per_thread;
    }
    qsort(seconds, reps, sizeof *seconds, cmp);
    qsort(cost, reps, sizeof *cost, cmp);
    return (measured){seconds[reps / 2], cost[reps / 2]};
}
static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}
static void *start(void *arg) { pin(first_cpu + ((buffers *)arg)->id); return worker(arg); }

// ---------------------------------------------------------------------------------------------------------------
// Scalar references.
static double h_check(const float *in, const float *out, int form, int maps) {
    double worst = 0, scale = form_scale(form);
    for (int k = 0; k < maps; k++)
        for (int o = 0; o < HR; o++)
            for (int j = 0; j < HW; j++) {
                double s = 0;
                for (int t = 0; t < TAPS; t++) s += (double)weights[t] * in[(k * HIN + o + t) * HW + j];
                worst = fmax(worst, fabs(s - scale * out[(k * HR + o) * HW + j]));
            }
    return worst;
}
static double w_check(const float *in, const float *out, int form, int transposed, int maps) {
    double worst = 0, scale = form_scale(form);
    for (int k = 0; k < maps; k++)
        for (int i = 0; i < (transposed ? TR : WR); i++)
            for (int j = 0; j < WN; j++) {
                double s = 0;
                for (int t = 0; t < TAPS; t++)
                    s += (double)weights[t] * (transposed ? in[(k * TR + i) * WN + (j + t) % WN] : in[(k * WR + i) * WL + j + t]);
                const float got = transposed ? out[(k * WN + j) * 16 + i] : out[(k * WR + i) * WN + j];
                worst = fmax(worst, fabs(s - scale * got));
            }
    return worst;
}
static double s_check(const buffers *b, float got) {
    double worst = 0, sum = 0;
    const float *x = b->s_xy, *y = b->s_xy + SN, *m = b->s_mom;
    for (int i = 0; i < SN; i++) {
        worst = fmax(worst, fabs((double)x[i] * x[i] - b->s_prod[i]));
        worst = fmax(worst, fabs((double)y[i] * y[i] - b->s_prod[SN + i]));
        worst = fmax(worst, fabs((double)x[i] * y[i] - b->s_prod[2 * SN + i]));
        const double mx = m[i], my = m[SN + i], exx = m[2 * SN + i], eyy = m[3 * SN + i], exy = m[4 * SN + i];
        const double vx = exx - mx * mx, vy = eyy - my * my, cov = exy - mx * my;
        const double ssim = (2 * mx * my + K.c1) * (2 * cov + K.c2) / ((mx * mx + my * my + K.c1) * (vx + vy + K.c2) + K.eps);
        sum += fmin(fmax((1 - ssim) / 2, 0), 1);
    }
    return fmax(worst, fabs(sum - got));
}

// The adjoint along W in the transposed order: rows of out from columns of in (see part AW).
static double awt_check(const float *in, const float *out, int form) {
    double worst = 0, scale = form_scale(form);
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < 16; i++)
            for (int j = 0; j < WN; j++) {
                double s = 0;
                for (int t = 0; t < TAPS; t++) s += (double)weights[t] * in[(k * (WN + 16) + j + t) * 16 + i];
                worst = fmax(worst, fabs(s - scale * out[(k * 16 + i) * WN + j]));
            }
    return worst;
}
// Part G against ssim_span's formulas in double: the products' and the loss sum's differences, and the gradients'
// relative to max(1, |value|) (returned); *largest gets the largest |gradient| and *float_diff the same difference
// for ssim_span's own float arithmetic (scalar, its order, no fused multiply-add), for comparison.
static double g_check(const buffers *b, float got, double *largest, double *float_diff, int gradients) {
#pragma clang fp contract(off)
    double worst = 0, sum = 0;
    const float *x = b->g_xy, *y = b->g_xy + GS, *m = b->g_mom, *g = b->g_grad;
    *largest = *float_diff = 0;
    for (int i = 0; i < SN; i++) {
        worst = fmax(worst, fabs((double)x[i] * x[i] - b->g_prod[i]));
        worst = fmax(worst, fabs((double)y[i] * y[i] - b->g_prod[GS + i]));
        worst = fmax(worst, fabs((double)x[i] * y[i] - b->g_prod[2 * GS + i]));
        const double mx = m[i], my = m[GS + i], exx = m[2 * GS + i], eyy = m[3 * GS + i], exy = m[4 * GS + i];
        const double vx = exx - mx * mx, vy = eyy - my * my, cov = exy - mx * my;
        const double a1 = 2 * mx * my + K.c1, a2 = 2 * cov + K.c2, b1 = mx * mx + my * my + K.c1, b2 = vx + vy + K.c2;
        const double den = b1 * b2 + K.eps, ssim = a1 * a2 / den, dis = (1 - ssim) / 2;
        sum += fmin(fmax(dis, 0), 1);
        const double grad_ssim = dis >= 0 && dis <= 1 ? K.upstream : 0;
        const double god = grad_ssim / den, gr = god * ssim;
        const double ga1 = god * a2, gb1 = -gr * b2, ga2 = god * a1, gb2 = -gr * b1;
        const double want[4] = {2 * my * (ga1 - ga2) + 2 * mx * (gb1 - gb2), 2 * mx * (ga1 - ga2) + 2 * my * (gb1 - gb2),
                                2 * gb2, 2 * ga2};
        // ssim_span in float.
        const float fmx = m[i], fmy = m[GS + i], fvx = m[2 * GS + i] - fmx * fmx, fvy = m[3 * GS + i] - fmy * fmy;
        const float fcov = m[4 * GS + i] - fmx * fmy, fa1 = 2 * fmx * fmy + K.c1, fa2 = 2 * fcov + K.c2;
        const float fb1 = fmx * fmx + fmy * fmy + K.c1, fb2 = fvx + fvy + K.c2, fden = fb1 * fb2 + K.eps;
        const float fssim = fa1 * fa2 / fden, fdis = (1 - fssim) * 0.5f;
        const float fgod = (fdis >= 0 && fdis <= 1 ? K.upstream : 0) / fden, fgr = fgod * fssim;
        const float fga1 = fgod * fa2, fgb1 = 0 - fgr * fb2, fga2 = fgod * fa1, fgb2 = 0 - fgr * fb1;
        const float have[4] = {2 * fmy * (fga1 - fga2) + 2 * fmx * (fgb1 - fgb2), 2 * fmx * (fga1 - fga2) + 2 * fmy * (fgb1 - fgb2),
                               2 * fgb2, 2 * fga2};
        for (int r = 0; r < 4 * gradients; r++) {
            worst = fmax(worst, fabs(want[r] - g[r * GS + i]) / fmax(1, fabs(want[r])));
            *float_diff = fmax(*float_diff, fabs(want[r] - have[r]) / fmax(1, fabs(want[r])));
            *largest = fmax(*largest, fabs(want[r]));
        }
    }
    return fmax(worst, fabs(sum - got));
}
static double c_check(const buffers *b) {
    double worst = 0;
    const float *x = b->c_xy, *y = b->c_xy + GS, *k = b->c_back;
    for (int i = 0; i < SN; i++) {
        const double gx = k[i] + (double)x[i] * k[2 * GS + i] + (double)y[i] * k[3 * GS + i];
        const double gy = k[GS + i] + (double)y[i] * k[2 * GS + i] + (double)x[i] * k[3 * GS + i];
        worst = fmax(worst, fmax(fabs(gx - b->c_out[i]), fabs(gy - b->c_out[GS + i])));
    }
    return worst;
}
// The fused adjoint along H + chain rule, centre-scaled weights (the four rows all carry the factor).
static double hc_check(const buffers *b) {
    double worst = 0;
    for (int o = 0; o < HR; o++)
        for (int j = 0; j < HW; j++) {
            double a[4] = {0, 0, 0, 0};
            for (int k = 0; k < 4; k++)
                for (int t = 0; t < TAPS; t++) a[k] += (double)weights[t] * b->h_in[(k * HIN + o + t) * HW + j];
            const double x = b->hc_xy[o * HW + j], y = b->hc_xy[HR * HW + o * HW + j];
            const double gx = a[0] + x * a[2] + y * a[3], gy = a[1] + y * a[2] + x * a[3];
            const double scale = weights[R];
            worst = fmax(worst, fmax(fabs(gx - scale * b->hc_out[o * HW + j]), fabs(gy - scale * b->hc_out[HR * HW + o * HW + j])));
        }
    return worst;
}

#define ROW(part, name, m, flops, diff) \
    printf("| %s | %s | %.3f | %.1f | %.1f | %.1e |\n", part, name, (m).seconds / n_threads * 1e9, (m).cost * 16 / cycle_flops, 100 * (flops) / (m).cost, diff)

// Runs, checks and prints each of `count` vertical-blur variants on `maps` maps (part `part`, measure kind `kind`),
// keeping the fastest that matches the double computation in *best and best_name.
static void run_h_variants(const h_variant *variants, size_t count, int maps, int kind, const char *part,
                           double flops, measured *best, char best_name[128]) {
    for (size_t v = 0; v < count; v++) {
        buffers *b = &buf[0];
        memset(b->h_out, 0, 5 * HR * HW * 4);
        variants[v].fn(b->h_in, b->h_out);
        const double diff = h_check(b->h_in, b->h_out, variants[v].form, maps);
        const measured m = measure(kind, (int)v, HR * HW);
        char name[128];
        snprintf(name, sizeof name, "%d rows at once, %s", variants[v].B, form_name(variants[v].form));
        ROW(part, name, m, flops, diff);
        if (diff < 1e-5 && m.cost < best->cost) { *best = m; strcpy(best_name, name); }
    }
}

int main(int argc, char **argv) {
    n_threads = argc > 1 ? atoi(argv[1]) : 1;
    if (argc > 2) reps = atoi(argv[2]);
    if (argc > 3) first_cpu = atoi(argv[3]);
    if (n_threads < 1 || n_threads > MAX_THREADS || reps < 1 || reps > 64) { fprintf(stderr, "usage: %s THREADS [REPS [FIRST_CPU]]\n", argv[0]); return 2; }
    double total = 0;
    for (int t = 0; t < TAPS; t++) total += weights[t] = expf(-(float)((t - R) * (t - R)) / (2 * 1.5f * 1.5f));
    for (int t = 0; t < TAPS; t++) weights[t] /= total;
    for (int t = 0; t < TAPS; t++) {
        wv_plain[t] = _mm512_set1_ps(weights[t]);
        wv_centre[t] = _mm512_set1_ps(weights[t] / weights[R]);
        wv_edge[t] = _mm512_set1_ps(weights[t] / weights[0]);
    }
    for (int id = 0; id < n_threads; id++) {
        buffers *b = &buf[id];
        b->id = id;
        b->h_in = alloc(5 * HIN * HW); b->h_out = alloc(5 * HR * HW);
        b->w_in = alloc(5 * WR * WL); b->w_out = alloc(5 * WR * WN);
        b->wt_in = alloc(5 * TR * WN); b->wt_out = alloc(5 * WN * 16); b->scratch = alloc((WN + 16) * 16);
        b->s_xy = alloc(2 * SN); b->s_prod = alloc(3 * SN); b->s_mom = alloc(5 * SN); b->mb = alloc(1024);
        b->g_prod = alloc(14 * GS); b->g_grad = b->g_prod + 3 * GS; b->g_xy = b->g_prod + 7 * GS; b->g_mom = b->g_prod + 9 * GS;
        b->aw_in = alloc(4 * (WN + 16) * 16); b->aw_out = alloc(4 * 16 * WN);
        b->c_out = alloc(8 * GS); b->c_xy = b->c_out + 2 * GS; b->c_back = b->c_out + 4 * GS;
        b->hc_xy = alloc(2 * HR * HW); b->hc_out = alloc(2 * HR * HW);
        // Moment rows: x, y in [0, 1), then x², y², xy, as the blurs see them.
        float *sets[3] = {b->h_in, b->w_in, b->wt_in};
        const int lengths[3] = {HIN * HW, WR * WL, TR * WN};
        for (int s = 0; s < 3; s++)
            for (int i = 0; i < lengths[s]; i++) {
                const float x = uniform(), y = 0.5f * x + 0.5f * uniform();
                float *m = sets[s];
                m[i] = x; m[lengths[s] + i] = y; m[2 * lengths[s] + i] = x * x; m[3 * lengths[s] + i] = y * y; m[4 * lengths[s] + i] = x * y;
            }
        for (int i = 0; i < SN; i++) {
            const float x = uniform(), y = 0.5f * x + 0.5f * uniform();
            b->s_xy[i] = x; b->s_xy[SN + i] = y;
            // Blurred moments of a smooth-ish patch: means near x, y, second moments slightly above their squares.
            const float mx = x, my = 0.8f * y + 0.1f;
            b->s_mom[i] = mx; b->s_mom[SN + i] = my;
            b->s_mom[2 * SN + i] = mx * mx + 0.01f * uniform(); b->s_mom[3 * SN + i] = my * my + 0.01f * uniform();
            b->s_mom[4 * SN + i] = mx * my + 0.01f * (uniform() - 0.3f);
        }
        // Gradient rows for the linear backward parts, of either sign (drawn after the forward's data, which stays
        // as it was).
        for (int i = 0; i < 4 * (WN + 16) * 16; i++) b->aw_in[i] = uniform() - 0.5f;
        for (int r = 0; r < 4; r++)
            for (int i = 0; i < SN; i++) b->c_back[r * GS + i] = uniform() - 0.5f;
        // Parts G and C take part S's x, y and moments.
        for (int r = 0; r < 2; r++) memcpy(b->g_xy + r * GS, b->s_xy + r * SN, SN * 4), memcpy(b->c_xy + r * GS, b->s_xy + r * SN, SN * 4);
        for (int r = 0; r < 5; r++) memcpy(b->g_mom + r * GS, b->s_mom + r * SN, SN * 4);
        for (int i = 0; i < 2 * HR * HW; i++) b->hc_xy[i] = uniform();
    }
    pthread_barrier_init(&barrier, 0, n_threads);
    pin(first_cpu);
    pthread_t th[MAX_THREADS];
    for (int id = 1; id < n_threads; id++) pthread_create(&th[id], 0, start, &buf[id]);

    // The peak alone first (also calibrates its repetitions to about 20 ms).
    peak_calls = 1000;
    double tp;
    while ((tp = timed(0, 0, peak_calls)) < 0.005) peak_calls *= 4;
    peak_calls = (long)(peak_calls * 0.02 / tp) + 1;
    double peaks[64], mixed_peaks[64];
    for (int r = 0; r < reps; r++) {
        peak_mixed = 0;
        peaks[r] = n_threads * 12 * 16 * 2 * peak_calls / timed(0, 0, peak_calls);
        peak_mixed = 1;
        mixed_peaks[r] = n_threads * 12 * 16 * 3 * peak_calls / timed(0, 0, peak_calls);
    }
    qsort(peaks, reps, sizeof *peaks, cmp);
    qsort(mixed_peaks, reps, sizeof *mixed_peaks, cmp);
    const double fma_peak = peaks[reps / 2], mixed_peak = mixed_peaks[reps / 2];
    peak_mixed = mixed_peak > fma_peak;
    const double peak = peak_mixed ? mixed_peak : fma_peak;
    if (peak_mixed) peak_flops = 12 * 16 * 3, cycle_flops = 64 * mixed_peak / fma_peak;
    printf("threads %d (pinned to CPUs %d..%d), repetitions %d (medians)\n", n_threads, first_cpu, first_cpu + n_threads - 1, reps);
    printf("multiply-add peak (12 FMA chains, zmm): %.1f GFLOP/s, i.e. %.2f GHz per core if 2 x 512-bit FMA per cycle\n",
           fma_peak / 1e9, fma_peak / n_threads / 64 / 1e9);
    printf("with 12 addition chains beside them: %.1f GFLOP/s (%.2f x)\n", mixed_peak / 1e9, mixed_peak / fma_peak);
    printf("peak used below: %s, %.1f GFLOP/s, %.0f flops per cycle (cycles are counted at the FMA chains' clock)\n\n",
           peak_mixed ? "FMA and addition chains (the additions have pipes of their own here)" : "the FMA chains alone",
           peak / 1e9, cycle_flops);

    // Per part: ns per sample (wall time / (threads x samples)), cycles per 16 samples (one vector of each moment) on
    // one core, and % of peak in counted flops, all from the cost measured beside the peak (see measure()).
    const double flops_blur = 5 * (3 * R + 1), flops_s = 3 + 27, flops_all = 2 * flops_blur + flops_s;
    measured best_h = {1e9, 1e9}, best_w = {1e9, 1e9}, best_s = {1e9, 1e9};
    char best_h_name[128] = "", best_w_name[128] = "", best_s_name[128] = "";
    printf("| part | variant | ns/sample | cycles/16 samples | %% of peak | max abs diff |\n|---|---|---|---|---|---|\n");
    run_h_variants(h_variants, sizeof h_variants / sizeof *h_variants, 5, 1, "H blur", flops_blur, &best_h, best_h_name);
    for (size_t v = 0; v < sizeof w_variants / sizeof *w_variants; v++) {
        buffers *b = &buf[0];
        const int tr = w_variants[v].transposed;
        memset(tr ? b->wt_out : b->w_out, 0, tr ? 5 * WN * 16 * 4 : 5 * WR * WN * 4);
        w_variants[v].fn(tr ? b->wt_in : b->w_in, tr ? b->wt_out : b->w_out, b->scratch);
        const double diff = w_check(tr ? b->wt_in : b->w_in, tr ? b->wt_out : b->w_out, w_variants[v].form, tr, 5);
        const measured m = measure(2, v, tr ? TR * WN : WR * WN);
        char name[128];
        if (tr) snprintf(name, sizeof name, "16x16 transposes + %d columns at once, %s", w_variants[v].B, form_name(w_variants[v].form));
        else if (w_variants[v].shuffles == 0) snprintf(name, sizeof name, "10 unaligned loads, %s", form_name(w_variants[v].form));
        else snprintf(name, sizeof name, "%d valignd + %d unaligned loads, %s", w_variants[v].shuffles, 10 - w_variants[v].shuffles, form_name(w_variants[v].form));
        ROW("W blur", name, m, flops_blur, diff);
        if (diff < 1e-5 && m.cost < best_w.cost) { best_w = m; strcpy(best_w_name, name); }
    }
    for (size_t v = 0; v < sizeof s_variants / sizeof *s_variants; v++) {
        buffers *b = &buf[0];
        memset(b->s_prod, 0, 3 * SN * 4);
        const float got = s_variants[v].fn(b->s_xy, b->s_prod, b->s_mom, K);
        const double diff = s_check(b, got);
        const measured m = measure(3, v, SN);
        ROW("products + ratio", s_variants[v].name, m, flops_s, diff);
        if (diff < 1e-3 && m.cost < best_s.cost) { best_s = m; strcpy(best_s_name, s_variants[v].name); }
    }
    measured tr_xy;
    {
        buffers *b = &buf[0];
        memset(b->wt_out, 0, 2 * WN * 16 * 4);
        t_xy(b->wt_in, b->wt_out);
        double diff = 0;
        for (int m = 0; m < 2; m++)
            for (int i = 0; i < TR; i++)
                for (int j = 0; j < WN; j++) diff = fmax(diff, fabs(b->wt_in[(m * TR + i) * WN + j] - b->wt_out[(m * WN + j) * 16 + i]));
        tr_xy = measure(5, 0, TR * WN);
        ROW("x, y into batched layout", "16x16 transposes of 2 maps", tr_xy, 0.0, diff);
    }
    // ---- The backward parts.
    measured best_sg = {1e9, 1e9}, best_g = {1e9, 1e9}, best_ah = {1e9, 1e9}, best_aw = {1e9, 1e9}, best_c = {1e9, 1e9}, best_hc = {1e9, 1e9};
    char best_g_name[128] = "", best_ah_name[128] = "", best_aw_name[128] = "", best_c_name[128] = "", best_hc_name[128] = "";
    const double flops_g = 3 + 27 + 28, flops_adj = 4 * (3 * R + 1), flops_c = 10;
    double largest_gradient = 0, float_diff = 0;
    for (size_t v = 0; v < sizeof g_variants / sizeof *g_variants; v++) {
        buffers *b = &buf[0];
        memset(b->g_prod, 0, 3 * GS * 4);
        memset(b->g_grad, 0, 4 * GS * 4);
        const float got = g_variants[v].fn(b->g_xy, b->g_prod, b->g_mom, b->g_grad, K);
        const int plain = v < 2;   // the first two: no gradients
        const double diff = g_check(b, got, &largest_gradient, &float_diff, !plain);
        const measured m = measure(6, v, SN);
        ROW(plain ? "products + ratio (G's layout)" : "products + ratio + moment gradients", g_variants[v].name, m, plain ? flops_s : flops_g, diff);
        if (plain && diff < 1e-3 && m.cost < best_sg.cost) best_sg = m;
        if (!plain && diff < 1e-3 && m.cost < best_g.cost) { best_g = m; strcpy(best_g_name, g_variants[v].name); }
    }
    run_h_variants(ah_variants, sizeof ah_variants / sizeof *ah_variants, 4, 7, "adjoint along H, 4 rows", flops_adj,
                   &best_ah, best_ah_name);
    for (size_t v = 0; v < sizeof aw_variants / sizeof *aw_variants; v++) {
        buffers *b = &buf[0];
        const int tr = aw_variants[v].transposed;
        memset(tr ? b->aw_out : b->w_out, 0, tr ? 4 * 16 * WN * 4 : 5 * WR * WN * 4);
        aw_variants[v].fn(tr ? b->aw_in : b->w_in, tr ? b->aw_out : b->w_out, b->scratch);
        const double diff = tr ? awt_check(b->aw_in, b->aw_out, aw_variants[v].form) : w_check(b->w_in, b->w_out, aw_variants[v].form, 0, 4);
        const measured m = measure(8, v, tr ? 16 * WN : WR * WN);
        char name[128];
        if (tr) snprintf(name, sizeof name, "vertical, %d columns at once, + 16x16 transposes back, %s", aw_variants[v].B, form_name(aw_variants[v].form));
        else snprintf(name, sizeof name, "10 valignd, %s", form_name(aw_variants[v].form));
        ROW("adjoint along W, 4 rows", name, m, flops_adj, diff);
        if (diff < 1e-5 && m.cost < best_aw.cost) { best_aw = m; strcpy(best_aw_name, name); }
    }
    for (size_t v = 0; v < sizeof c_variants / sizeof *c_variants; v++) {
        buffers *b = &buf[0];
        memset(b->c_out, 0, 2 * GS * 4);
        c_variants[v].fn(b->c_xy, b->c_back, b->c_out);
        const double diff = c_check(b);
        const measured m = measure(9, v, SN);
        ROW("chain rule", c_variants[v].name, m, flops_c, diff);
        if (diff < 1e-5 && m.cost < best_c.cost) { best_c = m; strcpy(best_c_name, c_variants[v].name); }
    }
    for (size_t v = 0; v < sizeof hc_variants / sizeof *hc_variants; v++) {
        buffers *b = &buf[0];
        memset(b->hc_out, 0, 2 * HR * HW * 4);
        hc_variants[v].fn(b->h_in, b->hc_xy, b->hc_out);
        const double diff = hc_check(b);
        const measured m = measure(10, v, HR * HW);
        char name[128];
        snprintf(name, sizeof name, "%d rows of 4 maps at once, %s, + 4 FMAs", hc_variants[v].B, form_name(SYM_SCALED));
        ROW("adjoint along H + chain rule, fused", name, m, flops_adj + flops_c, diff);
        if (diff < 1e-5 && m.cost < best_hc.cost) { best_hc = m; strcpy(best_hc_name, name); }
    }
    printf("(moment gradients: the loss sum's difference and the gradients' relative to max(1, |value|); largest |gradient| "
           "%.0f; ssim_span's float arithmetic, scalar, differs from double by %.1e on the same scale)\n", largest_gradient, float_diff);

    const double cost_all = best_h.cost + best_w.cost + best_s.cost;
    const double cost_batched = 2 * best_h.cost + best_s.cost + tr_xy.cost;
    printf("\n| part | best variant | ns/sample | cycles/16 samples | counted flops | %% of peak |\n|---|---|---|---|---|---|\n");
#define BEST(part, name, m, flops) \
    printf("| %s | %s | %.3f | %.1f | %.0f | %.1f |\n", part, name, (m).seconds / n_threads * 1e9, (m).cost * 16 / cycle_flops, flops, 100 * (flops) / (m).cost)
    BEST("H blur", best_h_name, best_h, flops_blur);
    BEST("W blur", best_w_name, best_w, flops_blur);
    BEST("products + ratio", best_s_name, best_s, flops_s);
    printf("| **forward, row-major layout (sum of parts)** | H + W + products/ratio | %.3f | %.1f | %.0f | **%.1f** |\n",
           (best_h.seconds + best_w.seconds + best_s.seconds) / n_threads * 1e9, cost_all * 16 / cycle_flops, flops_all, 100 * flops_all / cost_all);
    printf("| forward, 16 images in the lanes (batched layout) | 2 x H + products/ratio + transposes of x, y | %.3f | %.1f | %.0f | %.1f |\n",
           (2 * best_h.seconds + best_s.seconds + tr_xy.seconds) / n_threads * 1e9, cost_batched * 16 / cycle_flops, flops_all, 100 * flops_all / cost_batched);
    BEST("products + ratio + moment gradients", best_g_name, best_g, flops_g);
    BEST("adjoint along H, 4 rows", best_ah_name, best_ah, flops_adj);
    BEST("adjoint along W, 4 rows", best_aw_name, best_aw, flops_adj);
    BEST("chain rule", best_c_name, best_c, flops_c);
    BEST("adjoint along H + chain rule, fused", best_hc_name, best_hc, flops_adj + flops_c);
    const measured grad_only = {best_g.seconds - best_sg.seconds, best_g.cost - best_sg.cost};
    BEST("moment gradients alone", "the fused part less products + ratio in its layout", grad_only, 28.0);
    // With gradients: the forward's parts (its products + ratio replaced by the fused part) and the backward's.
    const double flops_grad = flops_all + 28 + 2 * flops_adj + flops_c;
    const measured last = best_hc.cost < best_ah.cost + best_c.cost ? best_hc
                                                                   : (measured){best_ah.seconds + best_c.seconds, best_ah.cost + best_c.cost};
    const char *last_name = best_hc.cost < best_ah.cost + best_c.cost ? "adjoint H + chain rule fused" : "adjoint H, chain rule";
    const double sec_grad = best_h.seconds + best_w.seconds + best_g.seconds + best_aw.seconds + last.seconds;
    const double cost_grad = best_h.cost + best_w.cost + best_g.cost + best_aw.cost + last.cost;
    const double sec_grad_b = 2 * best_h.seconds + best_g.seconds + best_ah.seconds + last.seconds + 2 * tr_xy.seconds;
    const double cost_grad_b = 2 * best_h.cost + best_g.cost + best_ah.cost + last.cost + 2 * tr_xy.cost;
    printf("| **loss + gradients, row-major layout (sum of parts)** | H + W + products/ratio/gradients + adjoint W + %s | %.3f | %.1f | %.0f | **%.1f** |\n",
           last_name, sec_grad / n_threads * 1e9, cost_grad * 16 / cycle_flops, flops_grad, 100 * flops_grad / cost_grad);
    printf("| loss + gradients, 16 images in the lanes | 2 x H + products/ratio/gradients + adjoint (vertical) + %s + transposes of x, y in and of dx, dy out | %.3f | %.1f | %.0f | %.1f |\n",
           last_name, sec_grad_b / n_threads * 1e9, cost_grad_b * 16 / cycle_flops, flops_grad, 100 * flops_grad / cost_grad_b);
    printf("\nceiling: %.1f GFLOP/s counted (row-major layout) of a %.1f GFLOP/s peak on %d thread(s); with gradients %.1f GFLOP/s\n",
           flops_all / cost_all * peak / 1e9, peak / 1e9, n_threads, flops_grad / cost_grad * peak / 1e9);

    if (n_threads == 1) {
        printf("\n| instruction (micro-benchmark, 8 independent per step) | cycles per instruction (reciprocal throughput) |\n|---|---|\n");
        for (size_t v = 0; v < sizeof micro / sizeof *micro; v++) {
            const measured m = measure(4, v, micro[v].per);
            printf("| %s | %.2f |\n", micro[v].name, m.cost / cycle_flops);
        }
        printf("(cycles from the peak beside each, assuming 2 FMA per cycle: the FMA row reads 0.50 by construction if so)\n");
    }
    quit = 1;
    pthread_barrier_wait(&barrier);
    for (int id = 1; id < n_threads; id++) pthread_join(th[id], 0);
    return 0;
}
