/* test-parse-reason.c: reason_classify() on typical server texts, one or
 * more rows per reason, plus the order rules that decide between reasons.
 * The texts are written for these tests (what servers commonly say), not
 * copied from any sample mail. */
#include "harness.h"

#include "parse/reason.h"
#include "parse/rhost.h"
#include "util/simd.h"

#define REASON_TEST_FOLD 2048

struct row {
	const char *diag, *status, *reply, *rhost, *cmd, *action, *decodedby;
	const char *want;
};

static const struct row rows[] = {
	/* one row per reason, in the order of enum reason */
	{"", "", "", "", "", "", "", "undefined"},
	{"550 5.7.26 This mail has been blocked because the sender is unauthenticated.",
	 "5.7.26", "550", "", "DATA", "failed", "", "authfailure"},
	{"550 5.7.1 Email rejected per DMARC policy for example.com", "5.7.1", "550", "", "DATA",
	 "failed", "", "authfailure"},
	{"421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume "
	 "or user complaints", "4.7.0", "421", "", "MAIL", "delayed", "", "badreputation"},
	{"554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.example.org",
	 "5.7.1", "554", "", "RCPT", "failed", "", "blocked"},
	{"554 5.6.0 Message header size exceeds maximum permitted", "5.6.0", "554", "", "DATA",
	 "failed", "", "contenterror"},
	{"250 2.1.5 Ok", "2.1.5", "250", "", "", "delivered", "", "delivered"},
	{"552 5.2.3 Message header size exceeds limit", "5.2.3", "552", "", "DATA", "failed", "",
	 "exceedlimit"},
	{"Delivery time expired", "4.4.7", "", "", "", "failed", "", "expired"},
	{"530 5.7.0 Must issue a STARTTLS command first", "5.7.0", "530", "", "MAIL", "failed", "",
	 "failedstarttls"},
	{"454 4.7.0 TLS not available due to local problem", "4.7.0", "454", "", "STARTTLS", "failed",
	 "", "failedstarttls"},
	{"This is an abuse report", "", "", "", "", "", "ARF", "feedback"},
	{"550 Message rejected due to user rules", "5.0.0", "550", "", "DATA", "failed", "",
	 "filtered"},
	{"550 5.1.6 nobody@example.org has been replaced by somebody@example.org", "5.1.6", "550",
	 "", "RCPT", "failed", "", "hasmoved"},
	{"550 5.1.2 Host unknown", "5.1.2", "550", "", "RCPT", "failed", "", "hostunknown"},
	{"552 5.2.2 Mailbox full", "5.2.2", "552", "", "RCPT", "failed", "", "mailboxfull"},
	{"x-unix; 127", "5.3.0", "", "", "", "failed", "", "mailererror"},
	{"552 5.3.4 Message size exceeds fixed limit", "5.3.4", "552", "", "DATA", "failed", "",
	 "mesgtoobig"},
	{"554 5.4.6 Hop count exceeded - possible mail loop", "5.4.6", "554", "", "", "failed", "",
	 "networkerror"},
	{"550 5.7.1 Relaying denied", "5.7.1", "550", "", "RCPT", "failed", "", "norelaying"},
	{"556 5.1.10 Recipient address has null MX", "5.1.10", "556", "", "RCPT", "failed", "",
	 "notaccept"},
	{"550 5.7.1 This message is not RFC 5322 compliant. There are multiple Subject headers.",
	 "5.7.1", "550", "", "DATA", "failed", "", "notcompliantrfc"},
	{"Message could not be delivered, reason unclear", "", "", "", "", "failed", "", "onhold"},
	{"554 5.7.1 Message not accepted for policy reasons", "5.7.1", "554", "", "DATA", "failed",
	 "", "policyviolation"},
	{"550 5.7.1 <bulk@example.org>... Sender rejected", "5.7.1", "550", "", "MAIL", "failed", "",
	 "rejected"},
	{"550 5.7.25 The IP address sending this message does not have a PTR record setup",
	 "5.7.25", "550", "", "DATA", "failed", "", "requireptr"},
	{"550 5.7.1 Client host rejected: cannot find your hostname", "5.7.1", "550", "", "RCPT",
	 "failed", "", "requireptr"},
	{"535 5.7.8 Authentication credentials invalid", "5.7.8", "535", "", "", "failed", "",
	 "securityerror"},
	{"550 5.7.1 Message rejected as spam", "5.7.1", "550", "", "DATA", "failed", "",
	 "spamdetected"},
	{"421 4.7.28 Mail sent from your IP address has been temporarily rate limited", "4.7.28",
	 "421", "", "DATA", "delayed", "", "speeding"},
	{"550 The recipient address is on the suppression list", "5.0.0", "550", "", "", "failed",
	 "", "suppressed"},
	{"550 5.2.1 Mailbox currently suspended", "5.2.1", "550", "", "RCPT", "failed", "",
	 "suspend"},
	{"503 Bad sequence of commands", "", "503", "", "", "failed", "", "syntaxerror"},
	{"451 4.3.0 Local configuration error", "4.3.0", "451", "", "", "failed", "", "systemerror"},
	{"452 4.3.1 Mail system full", "4.3.1", "452", "", "", "failed", "", "systemfull"},
	{"421 4.7.0 Too many connections from your host", "4.7.0", "421", "", "CONN", "failed", "",
	 "toomanyconn"},
	{"550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown in local "
	 "recipient table", "5.1.1", "550", "", "RCPT", "failed", "", "userunknown"},
	{"I am out of the office until Monday.", "", "", "", "", "", "", "vacation"},
	{"Out of office", "", "", "", "", "", "RFC3834", "vacation"},
	{"554 5.7.1 Virus detected in message", "5.7.1", "554", "", "DATA", "failed", "",
	 "virusdetected"},

	/* order and context */
	{"550 No such user here", "", "550", "", "RCPT", "failed", "", "userunknown"},
	/* Sisimai: mailbox texts outside RCPT are filtered, not userunknown */
	{"550 No such user here", "", "550", "", "DATA", "failed", "", "filtered"},
	/* a status in the text replaces a vague one */
	{"550 5.1.1 nobody@example.org... User unknown", "5.0.0", "550", "", "", "failed", "",
	 "userunknown"},
	/* the status says userunknown, the text says the mailbox is full */
	{"550 5.1.1 Mailbox full", "5.1.1", "550", "", "RCPT", "failed", "", "mailboxfull"},
	/* a "user unknown" status loses to a relaying text */
	{"550 5.1.1 Relay access denied", "5.1.1", "550", "", "RCPT", "failed", "", "norelaying"},
	/* delayed with nothing else to go on */
	{"", "4.4.0", "", "", "", "delayed", "", "expired"},
	{"Connection timed out", "4.4.1", "", "", "", "delayed", "", "expired"},
	/* rejected at HELO with no usable text */
	{"501 Syntax: HELO hostname", "", "501", "", "HELO", "failed", "", "syntaxerror"},
	{"550 Go away", "", "550", "", "EHLO", "failed", "", "blocked"},
	/* case and folding do not matter */
	{"552 5.2.2 MAILBOX\r\n   FULL", "5.2.2", "552", "", "RCPT", "failed", "", "mailboxfull"},
	/* an IPv4 address is not a status code */
	{"host 5.1.1.10 said: hello", "", "", "", "", "failed", "", "onhold"},
	/* the line prefixes of a multi-line reply do not break a text */
	{"550-5.7.1 [192.0.2.1] This message is not RFC 5322 550-5.7.1 compliant. Multiple From headers",
	 "5.7.1", "550", "", "DATA", "failed", "", "notcompliantrfc"},
	/* known remote hosts: their own words and codes */
	{"550-5.2.1 The user you are trying to contact is receiving mail at a rate that 550-5.2.1 "
	 "prevents additional messages from being delivered.", "5.2.1", "550",
	 "alt1.gmail-smtp-in.l.google.com", "RCPT", "failed", "", "speeding"},
	{"550 5.1.1 <a@example.com> - 192.0.2.1 has sent to too many recipients this hour. IB607",
	 "5.1.1", "550", "smtp.secureserver.net", "RCPT", "failed", "", "speeding"},
	{"550 5.1.0 <a@example.org> sender rejected. AUP#CXBL", "5.1.0", "550", "mx.cox.net", "MAIL",
	 "failed", "", "blocked"},
	{"550 5.5.0 Le compte du destinataire est bloque. LPN007_426", "5.5.0", "550",
	 "smtpz4.laposte.net", "RCPT", "failed", "", "suspend"},
	{"550 Ip frequency limited", "5.0.0", "550", "mx3.qq.com", "DATA", "failed", "", "toomanyconn"},
	{"550 Unknown user a@example.jp", "5.0.0", "550", "mfsmax.docomo.ne.jp", "DATA", "failed", "",
	 "rejected"},
	{"550 5.7.509 Access denied, sending domain [EXAMPLE.JP] does not pass DMARC verification",
	 "5.7.509", "550", "mail.protection.outlook.com", "DATA", "failed", "", "authfailure"},
	{"554 Host network not allowed", "5.0.0", "554", "us-smtp-inbound-1.mimecast.com", "RCPT",
	 "failed", "", "policyviolation"},
	{"554 delivery error: dd This user doesn't have a yahoo.com account (a@yahoo.com) [0]",
	 "5.0.0", "554", "mta6.am0.yahoodns.net", "DATA", "failed", "", "userunknown"},
	/* the same host name inside a longer label is not the host */
	{"550 Ip frequency limited", "5.0.0", "550", "notqq.com", "DATA", "failed", "", "onhold"},
	/* host names in any case; the suffix itself is the host too */
	{"550 Ip frequency limited", "5.0.0", "550", "MX3.QQ.Com", "DATA", "failed", "", "toomanyconn"},
	{"550 Ip frequency limited", "5.0.0", "550", "qq.com", "DATA", "failed", "", "toomanyconn"},
	{"550 Ip frequency limited", "5.0.0", "550", "q.com", "DATA", "failed", "", "onhold"},
	/* security status class with nothing more precise */
	{"554 5.7.9 Something about security", "5.7.9", "554", "", "", "failed", "", "securityerror"},
	{"554 5.6.9 Something about content", "5.6.9", "554", "", "", "failed", "", "contenterror"},
};

static void test_rows(void)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		struct reason_input in = {r->diag, r->status, r->reply,     r->rhost,
					  r->cmd,  r->action, r->decodedby, "", "", NULL, 0};
		char rule[64] = "x";
		enum reason got = reason_classify(&in, rule, sizeof(rule));
		CHECK_STR(reason_name(got), r->want, "row %zu -> %s (rule %s)", i,
			  r->want, rule);
	}
}

/* A local delivery program (Diagnostic-Code: X-Unix): its text decides,
 * else mailererror; the SMTP-only first pass is skipped. */
static void test_unix_mailer(void)
{
	static const struct {
		const char *diag, *status, *diagtype, *want, *reply;
	} u[] = {
		{"procmail: Couldn't create \"/var/mail/nobody\": No such user", "5.1.1", "X-Unix",
		 "mailererror", ""},
		{"procmail: Couldn't create \"/var/mail/nobody\": No such user", "5.1.1", "SMTP",
		 "userunknown", ""},
		{"Disk quota exceeded", "4.3.0", "x-unix", "mailboxfull", ""},
		{"exit 75", "", "X-Unix", "mailererror", ""},
		{"something odd", "", "X-Unix", "mailererror", ""},
		/* a generic system status from the mailer itself, no SMTP reply */
		{"temporary failure", "4.3.0", "x-unix", "mailererror", ""},
		/* ... but with an SMTP reply the status name stands */
		{"550 5.0.0 <a@example.org>... Insufficient permission", "5.3.0", "X-Unix",
		 "systemerror", "550"},
	};
	char rule[64];

	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		struct reason_input in = {.diagnostic = u[i].diag, .status = u[i].status,
					  .action = "failed", .diagtype = u[i].diagtype,
					  .replycode = u[i].reply};
		CHECK_STR(reason_name(reason_classify(&in, rule, sizeof(rule))), u[i].want,
			  "%s row %zu -> %s (rule %s)", u[i].diagtype, i, u[i].want, rule);
	}
}

/* The comment of a DSN Status field refines only a bare "User unknown" into
 * the state of the mailbox; the remote's other texts win over it. */
static void test_status_comment(void)
{
	static const struct {
		const char *diag, *status, *comment, *want;
	} u[] = {
		{"550 5.2.1 <a@example.jp>... User Unknown", "5.2.1",
		 "mailbox disabled, not accepting messages", "suspend"},
		{"", "5.2.2", "mailbox full", "mailboxfull"},
		{"550 5.2.1 <a@example.jp>... User Unknown", "5.2.1", "", "filtered"},
		{"554 5.7.1 Service unavailable; client host [192.0.2.1] blocked using zen.example.org",
		 "5.7.1", "delivery not authorized, message refused", "blocked"},
		{"550 5.2.1 Service unavailable; client host [192.0.2.1] blocked using zen.example.org",
		 "5.2.1", "mailbox disabled, not accepting messages", "blocked"},
	};
	char rule[64];

	for (size_t i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		struct reason_input in = {.diagnostic = u[i].diag, .status = u[i].status,
					  .replycode = "550", .action = "failed", .command = "",
					  .statuscomment = u[i].comment};
		CHECK_STR(reason_name(reason_classify(&in, rule, sizeof(rule))), u[i].want,
			  "status comment row %zu -> %s (rule %s)", i, u[i].want, rule);
	}
}

/* Every reason of enum reason has at least one row above. */
static void test_every_reason_covered(void)
{
	for (int r = 0; r < REASON_COUNT; r++) {
		int seen = 0;
		for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
			seen += strcmp(rows[i].want, reason_name((enum reason)r)) == 0;
		CHECK(seen > 0, "reason %s has a test row", reason_name((enum reason)r));
	}
}

static void test_rule_names(void)
{
	struct reason_input in = {"552 5.2.2 Mailbox full", "5.2.2", "552", "", "RCPT", "failed", "", "", "", NULL, 0};
	char rule[64];

	reason_classify(&in, rule, sizeof(rule));
	CHECK_STR(rule, "status:5.2.2", "rule names the status");

	in.diagnostic = "550 5.1.1 Mailbox full";
	in.status = "5.1.1";
	reason_classify(&in, rule, sizeof(rule));
	CHECK_STR(rule, "text:mailboxfull:mailbox full", "rule names the pattern");

	in.diagnostic = "503 Bad sequence of commands";
	in.status = "";
	in.replycode = "503";
	reason_classify(&in, rule, sizeof(rule));
	CHECK_STR(rule, "reply:503", "rule names the reply code");

	/* a tiny rule buffer is cut, never overflowed */
	char small[6];
	in.diagnostic = "552 5.2.2 Mailbox full";
	in.status = "5.2.2";
	enum reason r = reason_classify(&in, small, sizeof(small));
	CHECK_STR(reason_name(r), "mailboxfull", "small rule buffer: same reason");
	CHECK(strlen(small) < sizeof(small), "small rule buffer: terminated (%s)", small);
	/* and no rule buffer at all */
	r = reason_classify(&in, NULL, 0);
	CHECK_STR(reason_name(r), "mailboxfull", "no rule buffer");
}

/* NULL fields are read as "". */
static void test_null_fields(void)
{
	struct reason_input in = {0};
	char rule[64];

	CHECK_STR(reason_name(reason_classify(&in, rule, sizeof(rule))), "undefined",
		  "all-NULL input is undefined");
	in.diagnostic = "Mailbox full";
	in.status = "5.2.2";
	CHECK_STR(reason_name(reason_classify(&in, rule, sizeof(rule))), "mailboxfull",
		  "NULL command/action/reply");
}

/* A diagnostic longer than the working buffer is cut, not overrun. */
static void test_long_text(void)
{
	static char text[6000];
	struct reason_input in = {text, "5.0.0", "550", "", "RCPT", "failed", "", "", "", NULL, 0};
	char rule[64];

	memset(text, 'a', sizeof(text) - 1);
	memcpy(text, "550 mailbox full ", 17);
	CHECK_STR(reason_name(reason_classify(&in, rule, sizeof(rule))), "mailboxfull",
		  "long text, pattern at the start");
	memset(text, '*', sizeof(text) - 1);
	CHECK_STR(reason_name(reason_classify(&in, rule, sizeof(rule))), "onhold",
		  "long text of wildcards means nothing");
}

/* rhost.c compares a host's last bytes | 0x20 with a suffix's: that
 * holds only for suffix bytes that | 0x20 keeps (lower-case letters,
 * digits, '.', '-'); its index wants four bytes or more (else it walks
 * all the suffixes, and rhost_tail_may() says yes to every host). */
static void test_rhost_suffix_bytes(void)
{
	static const struct rhost_family *const fams[] = {
		&rhost_cox, &rhost_franceptt, &rhost_godaddy, &rhost_google, &rhost_iua, &rhost_kddi,
		&rhost_microsoft, &rhost_mimecast, &rhost_docomo, &rhost_spectrum, &rhost_tencent, &rhost_yahoo,
	};
	struct rhost_index *x = rhost_index_new();
	int bad = 0, n = 0, untailed = 0;

	CHECK(x != NULL, "rhost index made");
	for (size_t i = 0; i < sizeof(fams) / sizeof(fams[0]); i++)
		for (const struct text_lit *s = fams[i]->hosts; s->s; s++, n++) {
			for (size_t k = 0; k < s->n; k++)
				bad += (unsigned char)(s->s[k] | 0x20) != (unsigned char)s->s[k] ||
				       (s->s[k] >= 'A' && s->s[k] <= 'Z');
			/* rhost_find() asks rhost_tail_may() first */
			untailed += s->n < 4 || !rhost_tail_may(x, s->s, s->n);
		}
	CHECK(n > 10 && bad == 0, "rhost suffixes (%d) have only bytes that | 0x20 keeps (%d bad)", n, bad);
	CHECK(untailed == 0, "rhost_tail_may() passes every suffix (%d missing)", untailed);
	CHECK(rhost_tail_may(x, "MX.Cox.NET", 10) && !rhost_tail_may(x, "mx.example.org", 14) &&
		      !rhost_tail_may(x, "net", 3) && rhost_tail_may(NULL, "mx.example.org", 14),
	      "rhost_tail_may: any case, other endings, short hosts; no index: every host");
	rhost_index_free(x);
}

/* The parser's index of the remote hosts picks the family a walk through
 * every suffix picks: the same reasons and rules for hosts that are each
 * suffix, end in it after a dot, in other case, or only look like it. */
static void test_rhost_index_same(void)
{
	static const struct rhost_family *const fams[] = {
		&rhost_cox, &rhost_franceptt, &rhost_godaddy, &rhost_google, &rhost_iua, &rhost_kddi,
		&rhost_microsoft, &rhost_mimecast, &rhost_docomo, &rhost_spectrum, &rhost_tencent, &rhost_yahoo,
	};
	static const char *const diags[] = {
		"550 5.7.1 Service unavailable; client host blocked using Spamhaus",
		"552 5.2.2 Mailbox full", "550 5.1.1 User unknown", "421 4.7.0 Try again later",
		"550 5.7.26 Unauthenticated email is not accepted", "452 4.2.2 Over quota",
		"554 5.7.1 Message rejected as spam", "550 5.7.606 Access denied, banned sending IP",
		/* texts of the families' own rows (rhost-*.c) */
		"550 5.7.1 IP not in whitelist for RCPT domain", "421 4.7.0 Connection dropped",
		"554 Access denied, please try again later", "554 This user doesn't have a yahoo.com account",
		"554 5.7.1 IPBL0001 blocked", "421 Sent too many messages/recipients this hour",
		"550 : User unknown",
	};
	struct rhost_index *x = rhost_index_new();
	int cases = 0, differ = 0, by_rhost = 0;

	for (size_t i = 0; x && i < sizeof(fams) / sizeof(fams[0]); i++)
		for (const struct text_lit *s = fams[i]->hosts; s->s; s++)
			for (int form = 0; form < 4; form++) {
				char host[128];

				if (form == 0)
					snprintf(host, sizeof(host), "%s", s->s);
				else if (form == 1)
					snprintf(host, sizeof(host), "mx1.%s", s->s[0] == '.' ? s->s + 1 : s->s);
				else if (form == 2)
					snprintf(host, sizeof(host), "MX.%s", s->s[0] == '.' ? s->s + 1 : s->s);
				else
					snprintf(host, sizeof(host), "x%s", s->s[0] == '.' ? s->s + 1 : s->s);
				if (form == 2)
					for (char *c = host; *c; c++)
						*c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
				for (size_t d = 0; d < sizeof(diags) / sizeof(diags[0]); d++) {
					struct reason_input in = {diags[d], "", "", host, "RCPT", "failed", "", "", "", NULL, 0};
					char r1[64], r2[64];
					enum reason a, b;

					a = reason_classify(&in, r1, sizeof(r1));
					in.rhosts = x;
					b = reason_classify(&in, r2, sizeof(r2));
					cases++;
					differ += a != b || strcmp(r1, r2) != 0;
					by_rhost += strncmp(r2, "rhost:", 6) == 0;
				}
			}
	CHECK(x && cases > 400 && differ == 0, "rhost index: the walk's answers (%d of %d differ)", differ,
	      cases);
	CHECK(by_rhost >= 10, "rhost index: the families' own rules decide some (%d)", by_rhost);
	rhost_index_free(x);
}

/* The diagnostic's fold, by its AVX2 step and by its SSE2/byte steps: the
 * same bytes, and the expected ones for texts long enough for both. */
static void test_lower_fold_steps(void)
{
	static const char *const tok[] = {
		"Mailbox", "FULL", " ", "  ", "\r\n", "\t", "550-5.2.2 ", "-", "quota.example.COM", "\x01",
		"\xc3\xa9", "The email account that you tried to reach is over quota",
	};
	static const struct {
		const char *in, *want;
	} fixed[] = {
		{"550-5.1.1 The email account that you tried to reach does not exist.\r\n"
		 "550-5.1.1 Please try double-checking the recipient's email address",
		 "550-5.1.1 the email account that you tried to reach does not exist. please try "
		 "double-checking the recipient's email address"},
		{"  QUOTA-EXCEEDED:  The Mailbox OF user@EXAMPLE.com is FULL and cannot accept mail\t",
		 "quota-exceeded: the mailbox of user@example.com is full and cannot accept mail"},
	};
	const bool avx2 = simd_avx2();
	char text[700], a[REASON_TEST_FOLD], b[REASON_TEST_FOLD];
	unsigned seed = 11;
	int differ = 0;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		size_t na = reason_lower_fold_v(fixed[i].in, a, sizeof(a), avx2);
		size_t nb = reason_lower_fold_v(fixed[i].in, b, sizeof(b), false);

		CHECK_STR(a, fixed[i].want, "fold %zu, AVX2 step %d", i, avx2);
		CHECK_STR(b, fixed[i].want, "fold %zu, SSE2 step", i);
		CHECK(na == strlen(fixed[i].want) && nb == na, "fold %zu: its length", i);
	}
	for (int i = 0; i < 3000; i++) {
		size_t n = t_random_tokens(&seed, tok, sizeof(tok) / sizeof(tok[0]), 40, text, sizeof(text) - 1);
		size_t cap = i % 3 ? sizeof(a) : 1 + (size_t)i % 90;

		text[n] = '\0';
		size_t na = reason_lower_fold_v(text, a, cap, avx2), nb = reason_lower_fold_v(text, b, cap, false);
		differ += na != nb || memcmp(a, b, na + 1) != 0;
	}
	CHECK(differ == 0, "fold: AVX2 (%d) and SSE2 steps agree (%d of 3000 differ)", avx2, differ);
}

TEST_MAIN(test_rows, test_unix_mailer, test_status_comment, test_every_reason_covered, test_rule_names, test_null_fields, test_long_text, test_rhost_suffix_bytes,
	  test_rhost_index_same, test_lower_fold_steps)
