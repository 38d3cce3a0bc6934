/* simd.h: what the running x86-64 CPU has beyond the baseline: AVX2 for the
 * longest scans (the parse core's, the JSON output's), and the SHA
 * extensions for the hashes (util/sha1.c, util/sha256.c).
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
#include <cpuid.h>
#include <immintrin.h>
#include <stdatomic.h>
#define SIMD_HAVE_AVX2 1
#define SIMD_AVX2_FN __attribute__((target("avx2")))
static inline bool simd_avx2(void)
{
	return __builtin_cpu_supports("avx2");
}

/* The SHA extensions and SSE4.1 (cpuid leaf 7 EBX, leaf 1 ECX; not
 * __builtin_cpu_supports("sha"), which clang does not know). Asked once
 * (in each file that asks): cpuid costs more than a token's hash. */
#define SIMD_HAVE_SHA_NI 1
static inline bool simd_sha_ni(void)
{
	static _Atomic int known = -1;
	int k = atomic_load_explicit(&known, memory_order_relaxed);

	if (k < 0) {
		unsigned a, b, c, d;

		k = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_1) &&
		    __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
		atomic_store_explicit(&known, k, memory_order_relaxed);
	}
	return k;
}
#else
static inline bool simd_avx2(void)
{
	return false;
}
#endif

#endif
