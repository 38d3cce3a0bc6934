/* gen-jis0208.c: writes parse/charset-jis0208.c, what glibc's
 * ISO-2022-JP-2 gives each JIS X 0208 cell ("ESC $ B", the pair, "ESC ( B"
 * through iconv) as charset_jis0208[] holds it: its UTF-8 bytes from the
 * lowest byte on, their number in the top one; 0 for a cell it rejects or
 * makes anything but one character of three bytes at most of. Run again if glibc's table ever changes:
 *   cc -o gen tests/tools/gen-jis0208.c && ./gen > parse/charset-jis0208.c
 * test-parse-rfc2047.c (test_jis_cells) compares every cell with iconv. */
#include <iconv.h>
#include <stdio.h>
#include <string.h>

static unsigned long cell(iconv_t cd, int r, int c)
{
	char in[8] = "\x1B$B", out[16], *ip = in, *op = out;
	size_t il = 8, ol = sizeof(out), k;
	const unsigned char *u = (const unsigned char *)out;

	in[3] = (char)(0x21 + r);
	in[4] = (char)(0x21 + c);
	memcpy(in + 5, "\x1B(B", 3);
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
		return 0;
	k = (size_t)(op - out);
	if (!((k == 1 && u[0] < 0x80) ||
	      (k == 2 && (u[0] & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80) ||
	      (k == 3 && (u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80)))
		return 0;
	return (unsigned long)k << 24 | (k > 2 ? (unsigned long)u[2] << 16 : 0) |
	       (k > 1 ? (unsigned long)u[1] << 8 : 0) | u[0];
}

int main(void)
{
	iconv_t cd = iconv_open("UTF-8", "ISO-2022-JP-2");

	if (cd == (iconv_t)-1) {
		perror("iconv_open");
		return 1;
	}
	printf("/* charset-jis0208.c: what glibc's ISO-2022-JP-2 makes of each JIS X\n"
	       " * 0208 cell (charset-jis0208.h), row by row from \"!!\". Written by\n"
	       " * tests/tools/gen-jis0208.c; do not edit. */\n"
	       "#include \"parse/charset-jis0208.h\"\n\n"
	       "const uint32_t charset_jis0208[94 * 94] = {\n");
	for (int r = 0; r < 94; r++) {
		int any = 0;

		for (int c = 0; c < 94; c++)
			any |= cell(cd, r, c) != 0;
		printf("\t/* row %d (0x%02X) */\n", r + 1, 0x21 + r);
		if (!any) /* (zeroes) */
			continue;
		for (int c = 0; c < 94; c += 8) {
			printf("\t[%d * 94 + %d] =", r, c);
			for (int k = c; k < c + 8 && k < 94; k++)
				printf(" 0x%08lX,", cell(cd, r, k));
			printf("\n");
		}
	}
	printf("};\n");
	iconv_close(cd);
	return 0;
}
