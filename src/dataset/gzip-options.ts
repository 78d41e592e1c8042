/**
 * @module gzip-options
 * How dataset chunks are compressed. libdeflate at level 1: measured on canonical lines it compresses faster
 * than zlib's level 2 (STACK.md §10) with about the same ratio (7.7 against 7.4 for `Small`, 7.1 against 8.0
 * for `Record`), and many times faster than Python's level 9. Checksums cover the uncompressed bytes, so the
 * choice is free (FORMAT.md §4).
 */
export const GZIP_OPTIONS = {
  library: 'libdeflate',
  level: 1,
} as const satisfies Bun.LibdeflateCompressionOptions
