#ifndef EXFILWATCH_CZLIB_SHIM_H
#define EXFILWATCH_CZLIB_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

/// `inflateInit2` is a macro in zlib.h; Swift cannot call macros, so wrap it.
static inline int exfilwatch_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}

/// `deflateInit2` likewise; used by the synthetic dataset writer and tests.
static inline int exfilwatch_deflateInit2(z_streamp strm, int level, int windowBits) {
    return deflateInit2(strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}

/// Asks the CPU to start loading the cache line at `p` for writing, without waiting for it: the detector
/// names the next events' per-actor state this way so that its cache misses overlap the current event.
static inline void exfilwatch_prefetch(const void *p) {
    __builtin_prefetch(p, 1, 3);
}

/// Asks the CPU to start loading the cache line at `p` for reading: the batch scanner names the parsed
/// lines a few places ahead this way, since the decoding thread wrote them on another core.
static inline void exfilwatch_prefetch_read(const void *p) {
    __builtin_prefetch(p, 0, 3);
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/// The CRC-32 register (not inverted) after `n` bytes at `p`, folded 64 bytes at a time with
/// carry-less multiplication (Intel, "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ",
/// 2009; the constants are those of Linux's crc32-pclmul for the reflected polynomial 0xEDB88320).
/// `n` is at least 64 and a multiple of 16. About ten times zlib's table-driven `crc32_z`.
__attribute__((target("pclmul,sse4.1")))
static inline uint32_t exfilwatch_crc32_fold(uint32_t crc, const unsigned char *p, size_t n) {
    const __m128i k1k2 = _mm_set_epi64x(0x1c6e41596, 0x154442bd4);
    const __m128i k3k4 = _mm_set_epi64x(0x0ccaa009e, 0x1751997d0);
    const __m128i k5 = _mm_set_epi64x(0, 0x163cd6124);
    const __m128i poly = _mm_set_epi64x(0x1f7011641, 0x1db710641);
    const __m128i mask32 = _mm_set_epi32(0, 0, 0, -1);
    __m128i x1 = _mm_loadu_si128((const __m128i *)p);
    __m128i x2 = _mm_loadu_si128((const __m128i *)(p + 16));
    __m128i x3 = _mm_loadu_si128((const __m128i *)(p + 32));
    __m128i x4 = _mm_loadu_si128((const __m128i *)(p + 48));
    x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)crc));
    p += 64;
    n -= 64;
#define EXFILWATCH_FOLD(x, k, data)                                                                  \
    _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11)), \
        data)
    while (n >= 64) {
        x1 = EXFILWATCH_FOLD(x1, k1k2, _mm_loadu_si128((const __m128i *)p));
        x2 = EXFILWATCH_FOLD(x2, k1k2, _mm_loadu_si128((const __m128i *)(p + 16)));
        x3 = EXFILWATCH_FOLD(x3, k1k2, _mm_loadu_si128((const __m128i *)(p + 32)));
        x4 = EXFILWATCH_FOLD(x4, k1k2, _mm_loadu_si128((const __m128i *)(p + 48)));
        p += 64;
        n -= 64;
    }
    x1 = EXFILWATCH_FOLD(x1, k3k4, x2);
    x1 = EXFILWATCH_FOLD(x1, k3k4, x3);
    x1 = EXFILWATCH_FOLD(x1, k3k4, x4);
    while (n >= 16) {
        x1 = EXFILWATCH_FOLD(x1, k3k4, _mm_loadu_si128((const __m128i *)p));
        p += 16;
        n -= 16;
    }
#undef EXFILWATCH_FOLD
    // 128 bits to 64, then to 32, then Barrett reduction.
    __m128i t = _mm_clmulepi64_si128(k3k4, x1, 0x01);
    x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), t);
    t = _mm_and_si128(x1, mask32);
    x1 = _mm_srli_si128(x1, 4);
    x1 = _mm_xor_si128(x1, _mm_clmulepi64_si128(t, k5, 0x00));
    t = _mm_and_si128(x1, mask32);
    t = _mm_clmulepi64_si128(t, poly, 0x10);
    t = _mm_and_si128(t, mask32);
    t = _mm_clmulepi64_si128(t, poly, 0x00);
    x1 = _mm_xor_si128(x1, t);
    return (uint32_t)_mm_extract_epi32(x1, 1);
}

/// Whether this CPU has PCLMULQDQ and SSE4.1 (CPUID leaf 1, ECX bits 1 and 19); asked once.
static inline int exfilwatch_crc32_has_clmul(void) {
    static int known = -1;
    int k = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (k < 0) {
        unsigned a = 0, b = 0, c = 0, d = 0;
        k = __get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 1)) && (c & (1u << 19)) ? 1 : 0;
        __atomic_store_n(&known, k, __ATOMIC_RELAXED);
    }
    return k;
}
#endif

/// zlib's `crc32_z` (same convention: pass the previous result, 0 to start), folded with PCLMULQDQ
/// where the CPU has it.
static inline uint32_t exfilwatch_crc32(uint32_t crc, const unsigned char *p, size_t n) {
#if defined(__x86_64__)
    if (n >= 64 && exfilwatch_crc32_has_clmul()) {
        size_t m = n & ~(size_t)15;
        crc = ~exfilwatch_crc32_fold(~crc, p, m);
        p += m;
        n -= m;
    }
#endif
    return (uint32_t)crc32_z(crc, p, n);
}
#endif
