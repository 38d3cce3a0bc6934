/* simd.h: AVX2 for the longest scans (the parse core's, the JSON output's).
 *
 * The scans are written for SSE2, sixteen bytes a step, which every x86-64
 * CPU has. A scan that reads most of every message has an AVX2 step too,
 * 32 bytes at a time: compiled for AVX2 alone (SIMD_AVX2_FN) and taken
 * when simd_avx2() says the running CPU has it (x86-64 from 2013 on).
 * Such a scan takes the choice as a parameter, so that the unit tests run
 * both steps on the same bytes and compare them.
 */
#ifndef BOUNCER_UTIL_SIMD_H
#define BOUNCER_UTIL_SIMD_H

#include <stdbool.h>

#if defined(__x86_64__) && defined(__GNUC__) && defined(__SSE2__)
#include <immintrin.h>
#define SIMD_HAVE_AVX2 1
#define SIMD_AVX2_FN __attribute__((target("avx2")))
static inline bool simd_avx2(void)
{
	return __builtin_cpu_supports("avx2");
}
#else
static inline bool simd_avx2(void)
{
	return false;
}
#endif

#endif
