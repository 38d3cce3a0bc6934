/* bounce.h: the parser's contract. Bytes of one message in, a result out.
 *
 * parse/ is pure: no files, sockets, database handles or globals. The only
 * state is a struct parse_ctx the caller creates once and passes to every
 * call (it caches iconv descriptors). Everything in the input is untrusted.
 *
 * Every field of a record is a bounded, NUL-terminated UTF-8 string; text
 * longer than its field is cut at a character boundary and the record gets
 * BOUNCE_F_TRUNCATED. Limits are named below; hitting one lowers quality
 * (a flag on the result), it never fails the parse.
 */
#ifndef BOUNCER_PARSE_BOUNCE_H
#define BOUNCER_PARSE_BOUNCE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define BOUNCE_ADDR_MAX 320 /* RFC 5321: 64 local + @ + 255 domain */
#define BOUNCE_TEXT_MAX 1024 /* diagnostic code, unfolded */
#define BOUNCE_LINE_MAX 256  /* subject, message-id, hosts, list-id */
#define BOUNCE_MAX_RECIPIENTS 500
#define PARSE_DEFAULT_MAX_BYTES (10u * 1024 * 1024)
#define PARSE_MAX_MIME_DEPTH 12
#define PARSE_MAX_PARTS 512

/* The 36 reason names (Sisimai's vocabulary, so its users can switch).
 * Keep in the order of reason_names[] in reason.c. */
enum reason {
	REASON_UNDEFINED = 0,
	REASON_AUTHFAILURE,
	REASON_BADREPUTATION,
	REASON_BLOCKED,
	REASON_CONTENTERROR,
	REASON_DELIVERED,
	REASON_EXCEEDLIMIT,
	REASON_EXPIRED,
	REASON_FAILEDSTARTTLS,
	REASON_FEEDBACK,
	REASON_FILTERED,
	REASON_HASMOVED,
	REASON_HOSTUNKNOWN,
	REASON_MAILBOXFULL,
	REASON_MAILERERROR,
	REASON_MESGTOOBIG,
	REASON_NETWORKERROR,
	REASON_NORELAYING,
	REASON_NOTACCEPT,
	REASON_NOTCOMPLIANTRFC,
	REASON_ONHOLD,
	REASON_POLICYVIOLATION,
	REASON_REJECTED,
	REASON_REQUIREPTR,
	REASON_SECURITYERROR,
	REASON_SPAMDETECTED,
	REASON_SPEEDING,
	REASON_SUPPRESSED,
	REASON_SUSPEND,
	REASON_SYNTAXERROR,
	REASON_SYSTEMERROR,
	REASON_SYSTEMFULL,
	REASON_TOOMANYCONN,
	REASON_USERUNKNOWN,
	REASON_VACATION,
	REASON_VIRUSDETECTED,
	REASON_COUNT
};

/* "userunknown" etc.; never NULL ("undefined" for out-of-range values).
 * The name is an array of REASON_NAME_MAX bytes, NUL-padded: a writer that
 * copies whole steps (util/json.c's json_put_fields()) may read all of it. */
#define REASON_NAME_MAX 32
const char *reason_name(enum reason r);
/* Inverse of reason_name(); returns false for an unknown name. */
bool reason_from_name(const char *name, enum reason *r_out);
/* True only for userunknown, hostunknown, hasmoved, and notaccept whose
 * code is permanent: code is the SMTP reply code ("550"), or the delivery
 * status ("4.7.1") when there is no reply code; its first digit decides,
 * and no code at all counts as permanent. */
bool reason_is_hard(enum reason r, const char *code);

/* What kind of message this was, as a whole. */
enum message_kind {
	MSG_NOT_BOUNCE = 0, /* human mail, spam, anything else: no records */
	MSG_BOUNCE,         /* delivery failure or delay: one record per recipient */
	MSG_AUTOREPLY,      /* RFC 3834 auto-reply: records with reason vacation */
	MSG_FEEDBACK,       /* ARF complaint (RFC 5965): reason feedback */
	MSG_DELIVERED,      /* success DSN: reason delivered */
	MSG_UNREADABLE      /* looks like a bounce but no recipient could be found */
};
const char *message_kind_name(enum message_kind k);

#define BOUNCE_F_TRUNCATED 0x01 /* some field was cut to its maximum */
#define BOUNCE_F_TEMPORARY 0x02 /* a delay / 4xx: not final */
#define BOUNCE_F_FORWARDED 0x04 /* res->flags: read from a bounce forwarded as an attachment */

struct bounce_record {
	char recipient[BOUNCE_ADDR_MAX];  /* normalised: lower-case domain, no <> */
	char alias[BOUNCE_ADDR_MAX];      /* address originally mailed, if different */
	char deliverystatus[16];          /* "5.1.1", "" when none */
	char statuscomment[64];           /* "(mailbox disabled)" after a DSN Status, without () */
	char replycode[4];                /* "550", "" when none */
	enum reason reason;
	bool hardbounce;
	char action[16];                  /* failed, delayed, delivered, relayed, expanded */
	char diagnosticcode[BOUNCE_TEXT_MAX];
	char diagnostictype[16];          /* "SMTP", "X-Unix", ... */
	char rhost[BOUNCE_LINE_MAX];      /* remote MTA */
	char lhost[BOUNCE_LINE_MAX];      /* reporting MTA */
	char command[8];                  /* SMTP command at failure: RCPT, DATA, ... */
	time_t timestamp;                 /* bounce's own date (Arrival-Date / Date:), 0 if none */
	char feedbacktype[32];            /* ARF Feedback-Type */
	char token[41];                   /* stable hex hash: addresser, recipient, timestamp */
	char decodedby[32];               /* which decoder: "RFC3464", "Postfix", ... */
	char rule[64];                    /* which pattern or table entry chose the reason */
	unsigned flags;                   /* BOUNCE_F_* (parse/ uses bits from 0x100 while it works) */
};

/* Per-message facts, shared by all recipients of the message. */
struct bounce_message {
	char addresser[BOUNCE_ADDR_MAX];  /* sender of the returned message */
	char messageid[BOUNCE_LINE_MAX];  /* Message-ID of the returned message */
	char subject[BOUNCE_LINE_MAX];    /* Subject of the returned message, decoded */
	char listid[BOUNCE_LINE_MAX];     /* List-Id of the returned message */
	char bounce_messageid[BOUNCE_LINE_MAX]; /* Message-ID of the bounce itself */
	time_t date;                      /* the bounce's Date:, 0 when unreadable */
};

struct parse_result {
	enum message_kind kind;
	struct bounce_message msg;
	struct bounce_record *records;    /* owned; parse_result_clear() frees */
	size_t n_records;
	size_t cap_records;
	unsigned flags;                   /* BOUNCE_F_TRUNCATED when a limit was hit */
	char why[128];                    /* for MSG_UNREADABLE / MSG_NOT_BOUNCE: short reason */
};

struct parse_options {
	size_t max_bytes;          /* only this many leading bytes are parsed; 0 = default */
	const char *verp_pattern;  /* e.g. "bounce+{local}={domain}@example.com"; NULL = off */
	const char *fallback_charset; /* for raw 8-bit text that is not UTF-8; NULL = "windows-1252" */
};

struct parse_ctx;

/* Create a context (iconv cache, options copy). Returns NULL when out of memory. */
struct parse_ctx *parse_ctx_new(const struct parse_options *opt);
/* Free the context and set *ctx to NULL. Accepts NULL / *ctx == NULL. */
void parse_ctx_free(struct parse_ctx **ctx);

enum parse_status {
	PARSE_OK = 0,   /* res is filled; look at res->kind */
	PARSE_NOMEM     /* out of memory: res is cleared; an internal failure, not bad input */
};

/* Parse one message of len bytes (any of LF, CRLF, CR line ends; NULs allowed).
 * res must be initialised with parse_result_init() (or be a previous result,
 * which is cleared first: its records array is kept for the new records, so
 * no pointer into the previous records stays valid). Never reads past
 * data+len. */
enum parse_status bounce_parse(struct parse_ctx *ctx, const char *data, size_t len,
			       struct parse_result *res);

/* Bytes a buffer lent to bounce_parse_buf() has after the message: the
 * parser writes the NUL that ends the text at data[len], and the scan for
 * CRs reads a short text's last 32-byte block whole, masking what is past
 * len. Sources that lend their buffers allocate this much more and zero it
 * (struct raw_message's cap, poller/source.h). */
#define BOUNCE_PARSE_PAD 32

/* bounce_parse() of data[0..len), which the caller lends for this call:
 * data[0..cap) may be changed by it (what is left there after it is
 * unspecified), and when cap >= len + BOUNCE_PARSE_PAD, with those pad
 * bytes zero, a message that needs no line-end or NUL rewriting (LF-only
 * mail: most of it on disk) is parsed where it is instead of copied first.
 * Otherwise (cap 0, a short pad, CRLF or CR line ends, NULs) it is copied
 * as bounce_parse() copies it. The result is bounce_parse()'s, byte for
 * byte; no pointer of the result points into data. Never touches
 * data[cap] or past it. */
enum parse_status bounce_parse_buf(struct parse_ctx *ctx, char *data, size_t len, size_t cap,
				   struct parse_result *res);

void parse_result_init(struct parse_result *res);
/* Frees records and resets to the state of parse_result_init(). */
void parse_result_clear(struct parse_result *res);

#endif
