// The time per output vector of CFastKernels' two blurs (fast_blur_symmetric, along W; fast_blur_rows, along H,
// FAST_BLUR_ROWS rows at once), for each instruction set this processor runs, float32 and float64, the window of 11
// taps, five channels of rows of 128 columns (about 35 KB of rows: the first-level cache's size) and of 512 (the
// second-level cache).
// Each is timed in repetitions of about 20 ms, each followed by fast_multiply_add_peak's 12 FMA chains on AVX2's
// 32-byte vectors, whose rate, taken as 2 multiply-adds per cycle (every x86-64 core with AVX2 and FMA since 2013),
// gives the cycles; without AVX2 and FMA, only the time. Medians of the repetitions are printed.
// Built by tools/perf/blur-cycles against Sources/CFastKernels.
#include "CFastKernels.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int by_value(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *values, int count) {
    qsort(values, count, sizeof *values, by_value);
    return values[count / 2];
}

// Seconds per cycle of the FMA chains: 12 chains of `iterations` multiply-adds on one vector, 2 a cycle; 0 without
// AVX2 and FMA.
static double seconds_per_cycle(long iterations) {
    if (!fast_supports(fast_isa_avx2_fma)) return 0;
    const double start = now();
    volatile float sink = fast_multiply_add_peak_f32(fast_isa_avx2_fma, iterations);
    (void)sink;
    return (now() - start) / (12.0 * iterations / 2);
}

#define CHANNELS 5
#define RADIUS 5
#define RING (2 * RADIUS + FAST_BLUR_ROWS)

#define MEASURE(T, S)                                                                                                  \
    static void measure_##S(fast_isa isa, const char *name, ptrdiff_t columns, int reps) {                            \
        const ptrdiff_t lanes = fast_lanes(isa, sizeof(T)), stride = columns + 64;                                     \
        T *rows = aligned_alloc(64, sizeof(T) * RING * CHANNELS * stride);                                            \
        T *out = aligned_alloc(64, sizeof(T) * FAST_BLUR_ROWS * CHANNELS * stride);                                                \
        for (ptrdiff_t i = 0; i < RING * CHANNELS * stride; i++) rows[i] = (T)((i % 97) * 0.01);                       \
        const T *ring[RING];                                                                                           \
        for (int t = 0; t < RING; t++) ring[t] = rows + t * CHANNELS * stride;                                         \
        const T weights[RADIUS + 1] = {0.001, 0.0076, 0.036, 0.1094, 0.2130, 0.2660};                                 \
        const double vectors = (double)CHANNELS * columns / lanes;                                                     \
        const long calls = (long)(2e7 / (CHANNELS * columns)) + 1;                                                     \
        double along_h[64], along_w[64], cycle[64];                                                                    \
        for (int rep = 0; rep < reps; rep++) {                                                                        \
            double start = now();                                                                                      \
            for (long call = 0; call < calls; call++)                                                                  \
                fast_blur_rows_##S(isa, ring, weights, RADIUS, CHANNELS, stride, out, FAST_BLUR_ROWS,                  \
                                   CHANNELS * stride, stride, columns);                                                \
            along_h[rep] = (now() - start) / calls / (FAST_BLUR_ROWS * vectors);                                                    \
            start = now();                                                                                             \
            for (long call = 0; call < calls; call++)                                                                  \
                fast_blur_symmetric_##S(isa, rows, stride, out, stride, CHANNELS, columns, weights, RADIUS);           \
            along_w[rep] = (now() - start) / calls / vectors;                                                          \
            cycle[rep] = seconds_per_cycle(2000000);                                                              \
        }                                                                                                              \
        const double h = median(along_h, reps), w = median(along_w, reps), c = median(cycle, reps);                    \
        if (c > 0)                                                                                                     \
            printf("| %s | %s | %td | %.2f (%.1f) | %.2f (%.1f) |\n", name, #T, columns, w * 1e9, w / c, h * 1e9, h / c); \
        else                                                                                                           \
            printf("| %s | %s | %td | %.2f | %.2f |\n", name, #T, columns, w * 1e9, h * 1e9);                          \
        free(rows);                                                                                                    \
        free(out);                                                                                                     \
    }

MEASURE(float, f32)
MEASURE(double, f64)

int main(int argc, char **argv) {
    const int reps = argc > 1 ? atoi(argv[1]) : 7;
    if (reps < 1 || reps > 64) {
        fprintf(stderr, "repetitions: 1 to 64, not %s\n", argv[1]);
        return 2;
    }
    const struct { fast_isa isa; const char *name; } sets[] = {
        {fast_isa_baseline, "baseline"}, {fast_isa_avx2_fma, "avx2-fma"}, {fast_isa_avx512, "avx512"}};
    printf("| instructions | scalar | columns | along W: ns (cycles) per output vector | along H: ns (cycles) |\n");
    printf("|---|---|---:|---:|---:|\n");
    for (int s = 0; s < 3; s++) {
        if (!fast_supports(sets[s].isa)) continue;
        for (ptrdiff_t columns = 128; columns <= 512; columns *= 4) {
            measure_f32(sets[s].isa, sets[s].name, columns, reps);
            measure_f64(sets[s].isa, sets[s].name, columns, reps);
        }
    }
    return 0;
}
