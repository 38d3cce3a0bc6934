/* charset-jis0208.h: glibc's JIS X 0208 cells as a table (charset-jis0208.c). */
#ifndef PARSE_CHARSET_JIS0208_H
#define PARSE_CHARSET_JIS0208_H

#include <stdint.h>

/* Cell c of row r (0..93 each, from "!!") at [94 * r + c], as glibc's
 * ISO-2022-JP-2 decodes it: its UTF-8 bytes (one to three) from the
 * lowest byte on, their number in the top byte; 0 where iconv rejects
 * the cell (or makes anything else of it). */
extern const uint32_t charset_jis0208[94 * 94];

#endif
