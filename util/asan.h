/* asan.h: UTIL_ASAN is 1 when this build runs under AddressSanitizer, as
 * GCC says it (__SANITIZE_ADDRESS__) or clang (__has_feature: clang 14,
 * the fuzz build, does not define the GCC macro); else 0. Code that reads
 * whole aligned blocks past a string's end, or pools small allocations,
 * takes its plain form then, so ASan sees every byte and every string. */
#ifndef BOUNCER_UTIL_ASAN_H
#define BOUNCER_UTIL_ASAN_H

#if defined(__SANITIZE_ADDRESS__)
#define UTIL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UTIL_ASAN 1
#endif
#endif
#ifndef UTIL_ASAN
#define UTIL_ASAN 0
#endif

#endif
