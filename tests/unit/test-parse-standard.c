/* test-parse-standard.c: the ARF (RFC 5965) and RFC 3834 auto-reply decoders. */
#include "harness.h"
#include "test-parse-cc.h"
#include "parse/lhost-standard.h"
#include "parse/view.h"


static enum lhost_verdict run(enum lhost_verdict (*fn)(const struct mail_view *, struct parse_result *),
			      const char *msg, struct parse_result *res)
{
	struct mail_view v;
	enum lhost_verdict r = LHOST_NOMEM;

	parse_result_init(res);
	if (view_build(cc, msg, strlen(msg), &v) == 0) {
		r = fn(&v, res);
		view_free(&v);
	}
	return r;
}

static void test_autoreply(void)
{
	static const struct {
		const char *headers;
		bool match;
		const char *name;
	} rows[] = {
		{"Auto-Submitted: auto-replied\nSubject: hi\n", true, "Auto-Submitted: auto-replied"},
		{"Auto-Submitted: auto-generated\nSubject: hi\n", false, "auto-generated is not a reply"},
		{"X-Autoreply: yes\nSubject: hi\n", true, "X-Autoreply"},
		{"X-Autorespond: hi\nSubject: hi\n", true, "X-Autorespond"},
		{"Precedence: auto_reply\nSubject: hi\n", true, "Precedence: auto_reply"},
		{"Precedence: bulk\nSubject: hi\n", false, "Precedence: bulk"},
		{"Subject: Out of Office: news\n", true, "English subject"},
		{"Subject: Automatic reply: news\n", true, "Outlook subject"},
		{"Subject: AW: Abwesenheitsnotiz\n", true, "German subject after AW:"},
		{"Subject: =?utf-8?Q?R=C3=A9ponse_automatique?=\n", true, "French encoded subject"},
		{"Subject: Respuesta automática: hola\n", true, "Spanish subject"},
		{"Subject: =?ISO-2022-JP?B?GyRCPCtGMDF+RXobKEI=?=\n", true, "Japanese 自動応答"},
		{"Subject: 不在のお知らせ\n", true, "Japanese 不在"},
		{"Subject: Meeting about the office move\n", false, "office in prose"},
		{"From: MAILER-DAEMON@example.org\nAuto-Submitted: auto-replied\nSubject: x\n", false,
		 "mailer-daemon excluded"},
	};
	char msg[512];
	struct parse_result res;

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		enum lhost_verdict r;

		snprintf(msg, sizeof(msg), "%s%s\nI am away until Monday.\nBack soon.\n",
			 strstr(rows[i].headers, "From:") ? "" : "From: Olga <olga@example.org>\n",
			 rows[i].headers);
		r = run(lhost_rfc3834_decode, msg, &res);
		CHECK_INT(r, rows[i].match ? LHOST_MATCH : LHOST_PASS, "rfc3834: %s", rows[i].name);
		if (rows[i].match && res.n_records == 1) {
			CHECK_STR(res.records[0].recipient, "olga@example.org", "rfc3834 recipient: %s",
				  rows[i].name);
			CHECK_INT(res.records[0].reason, REASON_VACATION, "rfc3834 reason: %s", rows[i].name);
		}
		parse_result_clear(&res);
	}
	run(lhost_rfc3834_decode, "From: o@example.org\nX-Autoreply: yes\n\nline one\nline two\n\nnot this\n",
	    &res);
	CHECK(res.n_records == 1 && strcmp(res.records[0].diagnosticcode, "line one line two") == 0,
	      "first paragraph is the diagnostic");
	parse_result_clear(&res);
}

/* Every subject prefix of lhost-rfc3834.c, in another case where it has
 * ASCII letters: it starts an auto-reply's subject, also after a four-byte
 * "Re: ", and not further in (its first byte must be in autoreply_first). */
static void test_autoreply_subjects(void)
{
	static const char *const prefixes[] = {
		"AUTO:", "Auto Response:", "Automatic Reply:", "AutoReply:", "Auto-Reply:", "Out of Office",
		"Out of the Office", "Away until", "On vacation", "Abwesenheitsnotiz", "Automatische Antwort",
		"Abwesend", "Réponse automatique", "Reponse automatique", "Absence", "Absent du bureau",
		"Respuesta automática", "Respuesta automatica", "Fuera de la oficina", "Risposta automatica",
		"Fuori sede", "Resposta automática", "Ausente", "自動応答", "自動返信", "不在", "自动回复", "自動回覆",
	};
	static const char *const leads[] = {"", "Re: ", "Fwd: "};
	char msg[256];
	struct parse_result res;

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		for (size_t k = 0; k < sizeof(leads) / sizeof(leads[0]); k++) {
			snprintf(msg, sizeof(msg), "From: Olga <olga@example.org>\nSubject: %s%s x\n\nAway.\n",
				 leads[k], prefixes[i]);
			CHECK_INT(run(lhost_rfc3834_decode, msg, &res), k < 2 ? LHOST_MATCH : LHOST_PASS,
				  "rfc3834 subject \"%s%s\"", leads[k], prefixes[i]);
			parse_result_clear(&res);
		}
}

static void test_arf(void)
{
	struct parse_result res;

	CHECK_INT(run(lhost_arf_decode,
		      "Content-Type: multipart/report; report-type=feedback-report; boundary=a\n\n"
		      "--a\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\n"
		      "Original-Rcpt-To: <p@example.org>\nOriginal-Rcpt-To: q@example.org\n"
		      "Source-IP: 192.0.2.9\n--a--\n",
		      &res),
		  LHOST_MATCH, "ARF matches");
	CHECK_INT(res.n_records, 2, "one record per Original-Rcpt-To");
	if (res.n_records == 2) {
		CHECK_STR(res.records[1].recipient, "q@example.org", "second recipient");
		CHECK_STR(res.records[0].feedbacktype, "abuse", "feedback type");
		CHECK_STR(res.records[0].rhost, "192.0.2.9", "source IP");
		CHECK_INT(res.records[0].reason, REASON_FEEDBACK, "reason feedback");
	}
	parse_result_clear(&res);

	run(lhost_arf_decode,
	    "Content-Type: multipart/report; report-type=feedback-report; boundary=a\n\n"
	    "--a\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\n"
	    "Redacted-Address: redacted@\n--a\nContent-Type: message/rfc822\n\nTo: r@example.org\n"
	    "Subject: x\n\nbody\n--a--\n",
	    &res);
	CHECK(res.n_records == 1 && strcmp(res.records[0].recipient, "r@example.org") == 0,
	      "redacted address: the returned message's To:");
	parse_result_clear(&res);

	run(lhost_arf_decode,
	    "Content-Type: multipart/report; report-type=feedback-report; boundary=a\n\n"
	    "--a\nContent-Type: message/feedback-report\n\nFeedback-Type: fraud\n--a--\n",
	    &res);
	CHECK(res.n_records == 1 && strstr(res.records[0].recipient, "undisclosed") != NULL,
	      "no recipient at all: placeholder");
	CHECK(res.n_records == 1 && strcmp(res.records[0].feedbacktype, "fraud") == 0, "fraud type");
	parse_result_clear(&res);

	CHECK_INT(run(lhost_arf_decode, "From: a@example.org\nSubject: hi\n\nhello\n", &res), LHOST_PASS,
		  "plain mail is not ARF");
	parse_result_clear(&res);
	CHECK_INT(run(lhost_arf_decode, "From: Ann <ann@icloud.example>\nX-Apple-Unsubscribe: true\n\nbye\n",
		      &res),
		  LHOST_MATCH, "Apple unsubscribe");
	CHECK(res.n_records == 1 && strcmp(res.records[0].feedbacktype, "opt-out") == 0 &&
		      strcmp(res.records[0].recipient, "ann@icloud.example") == 0,
	      "unsubscribe is an opt-out by the sender");
	parse_result_clear(&res);
}

TEST_MAIN(cc_setup, test_autoreply, test_autoreply_subjects, test_arf, cc_teardown)
