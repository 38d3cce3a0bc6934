/* imap-lib.h (private to poller/): libetpan and GnuTLS, loaded on first use.
 *
 * bouncer does not link them: loading them and their dozen dependencies,
 * and running their constructors, cost every process some 4 ms of CPU
 * (also `bouncer pipe`, once a message), and only the IMAP source uses
 * them. imap_open() calls imap_lib_load(), which dlopen()s both by the
 * sonames found at build time (Makefile) and fills imap_lib with the
 * functions listed here. The macros at the end keep the calls in imap*.c
 * and tls.c as they read in the libraries' manuals: mailimap_login(...)
 * calls imap_lib.mailimap_login(...). A function used but not listed fails
 * the link (nothing links -letpan or -lgnutls to resolve it); one listed
 * but missing from the library fails imap_lib_load(), naming it.
 *
 * Include this instead of <libetpan/libetpan.h> and <gnutls/gnutls.h>.
 */
#ifndef BOUNCER_POLLER_IMAP_LIB_H
#define BOUNCER_POLLER_IMAP_LIB_H

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libetpan/libetpan.h>

#include "poller/source.h"

#define IMAP_LIB_ETPAN_FUNCS(X) \
	X(mailimap_capability) \
	X(mailimap_capability_data_free) \
	X(mailimap_connect) \
	X(mailimap_create) \
	X(mailimap_fetch_att_free) \
	X(mailimap_fetch_att_new_body_peek_section_partial) \
	X(mailimap_fetch_att_new_internaldate) \
	X(mailimap_fetch_att_new_rfc822_size) \
	X(mailimap_fetch_att_new_uid) \
	X(mailimap_fetch_list_free) \
	X(mailimap_fetch_type_free) \
	X(mailimap_fetch_type_new_fetch_att_list_add) \
	X(mailimap_fetch_type_new_fetch_att_list_empty) \
	X(mailimap_flag_free) \
	X(mailimap_flag_list_add) \
	X(mailimap_flag_list_free) \
	X(mailimap_flag_list_new_empty) \
	X(mailimap_flag_new_deleted) \
	X(mailimap_free) \
	X(mailimap_has_extension) \
	X(mailimap_has_uidplus) \
	X(mailimap_list) \
	X(mailimap_list_result_free) \
	X(mailimap_login) \
	X(mailimap_logout) \
	X(mailimap_new) \
	X(mailimap_section_free) \
	X(mailimap_section_new) \
	X(mailimap_select) \
	X(mailimap_set_add_interval) \
	X(mailimap_set_free) \
	X(mailimap_set_logger) \
	X(mailimap_set_new_empty) \
	X(mailimap_set_new_interval) \
	X(mailimap_set_timeout) \
	X(mailimap_starttls) \
	X(mailimap_store_att_flags_free) \
	X(mailimap_store_att_flags_new_add_flags_silent) \
	X(mailimap_uid_copy) \
	X(mailimap_uid_expunge) \
	X(mailimap_uid_fetch) \
	X(mailimap_uid_move) \
	X(mailimap_uid_store) \
	X(mailstream_close) \
	X(mailstream_get_low) \
	X(mailstream_low_close) \
	X(mailstream_low_free) \
	X(mailstream_low_new) \
	X(mailstream_new) \
	X(mailstream_set_low)

/* gnutls_free is a variable (a pointer to the free function), not a function. */
#define IMAP_LIB_GNUTLS_FUNCS(X) \
	X(gnutls_alert_get) \
	X(gnutls_alert_get_name) \
	X(gnutls_bye) \
	X(gnutls_certificate_allocate_credentials) \
	X(gnutls_certificate_free_credentials) \
	X(gnutls_certificate_set_x509_system_trust) \
	X(gnutls_certificate_set_x509_trust_file) \
	X(gnutls_certificate_verification_status_print) \
	X(gnutls_credentials_set) \
	X(gnutls_deinit) \
	X(gnutls_handshake) \
	X(gnutls_init) \
	X(gnutls_record_check_pending) \
	X(gnutls_record_get_direction) \
	X(gnutls_record_recv) \
	X(gnutls_record_send) \
	X(gnutls_server_name_set) \
	X(gnutls_session_get_verify_cert_status) \
	X(gnutls_session_set_verify_cert) \
	X(gnutls_set_default_priority_append) \
	X(gnutls_strerror) \
	X(gnutls_transport_set_int2) \
	X(gnutls_transport_set_push_function) \
	X(gnutls_free)

/* One pointer per name, of the library's own type: the compiler checks
 * every call against the real prototype. */
struct imap_lib {
#define IMAP_LIB_SLOT(f) __typeof__(f) *f;
	IMAP_LIB_ETPAN_FUNCS(IMAP_LIB_SLOT)
	IMAP_LIB_GNUTLS_FUNCS(IMAP_LIB_SLOT)
#undef IMAP_LIB_SLOT
};

/* Filled by imap_lib_load(); all NULL before. */
extern struct imap_lib imap_lib;

/* A library to load: its soname, and the Debian package that holds it
 * ("" when the build did not know). */
struct imap_lib_so {
	const char *soname;
	const char *package;
};

/* What the build found (Makefile: IMAP_LIB_*). */
extern const struct imap_lib_so imap_lib_gnutls_so, imap_lib_etpan_so;

/* Load GnuTLS and libetpan and resolve every function above, once a
 * process: SRC_OK, or SRC_CONFIG with err (SOURCE_ERR_MAX bytes) naming
 * the library that could not be loaded, or the function it lacks, and the
 * package to install. Nothing stays loaded after a failure, and a later
 * call tries again. */
enum source_status imap_lib_load(char *err);

/* The same with other libraries (tests: a missing one). Once loaded, any
 * call returns SRC_OK at once. */
enum source_status imap_lib_load_from(struct imap_lib_so gnutls, struct imap_lib_so etpan, char *err);

/* Calls through the table. A function-like macro expands only before "(",
 * so the driver fields of the same name (.mailstream_close = ...) and the
 * table's own members are left alone. */
#undef gnutls_free /* gnutls.h's, which calls the variable by name */
#define gnutls_free(a) ((*imap_lib.gnutls_free)((void *)(a)), (a) = NULL)
#define mailimap_capability(...) imap_lib.mailimap_capability(__VA_ARGS__)
#define mailimap_capability_data_free(...) imap_lib.mailimap_capability_data_free(__VA_ARGS__)
#define mailimap_connect(...) imap_lib.mailimap_connect(__VA_ARGS__)
#define mailimap_create(...) imap_lib.mailimap_create(__VA_ARGS__)
#define mailimap_fetch_att_free(...) imap_lib.mailimap_fetch_att_free(__VA_ARGS__)
#define mailimap_fetch_att_new_body_peek_section_partial(...) imap_lib.mailimap_fetch_att_new_body_peek_section_partial(__VA_ARGS__)
#define mailimap_fetch_att_new_internaldate(...) imap_lib.mailimap_fetch_att_new_internaldate(__VA_ARGS__)
#define mailimap_fetch_att_new_rfc822_size(...) imap_lib.mailimap_fetch_att_new_rfc822_size(__VA_ARGS__)
#define mailimap_fetch_att_new_uid(...) imap_lib.mailimap_fetch_att_new_uid(__VA_ARGS__)
#define mailimap_fetch_list_free(...) imap_lib.mailimap_fetch_list_free(__VA_ARGS__)
#define mailimap_fetch_type_free(...) imap_lib.mailimap_fetch_type_free(__VA_ARGS__)
#define mailimap_fetch_type_new_fetch_att_list_add(...) imap_lib.mailimap_fetch_type_new_fetch_att_list_add(__VA_ARGS__)
#define mailimap_fetch_type_new_fetch_att_list_empty(...) imap_lib.mailimap_fetch_type_new_fetch_att_list_empty(__VA_ARGS__)
#define mailimap_flag_free(...) imap_lib.mailimap_flag_free(__VA_ARGS__)
#define mailimap_flag_list_add(...) imap_lib.mailimap_flag_list_add(__VA_ARGS__)
#define mailimap_flag_list_free(...) imap_lib.mailimap_flag_list_free(__VA_ARGS__)
#define mailimap_flag_list_new_empty(...) imap_lib.mailimap_flag_list_new_empty(__VA_ARGS__)
#define mailimap_flag_new_deleted(...) imap_lib.mailimap_flag_new_deleted(__VA_ARGS__)
#define mailimap_free(...) imap_lib.mailimap_free(__VA_ARGS__)
#define mailimap_has_extension(...) imap_lib.mailimap_has_extension(__VA_ARGS__)
#define mailimap_has_uidplus(...) imap_lib.mailimap_has_uidplus(__VA_ARGS__)
#define mailimap_list(...) imap_lib.mailimap_list(__VA_ARGS__)
#define mailimap_list_result_free(...) imap_lib.mailimap_list_result_free(__VA_ARGS__)
#define mailimap_login(...) imap_lib.mailimap_login(__VA_ARGS__)
#define mailimap_logout(...) imap_lib.mailimap_logout(__VA_ARGS__)
#define mailimap_new(...) imap_lib.mailimap_new(__VA_ARGS__)
#define mailimap_section_free(...) imap_lib.mailimap_section_free(__VA_ARGS__)
#define mailimap_section_new(...) imap_lib.mailimap_section_new(__VA_ARGS__)
#define mailimap_select(...) imap_lib.mailimap_select(__VA_ARGS__)
#define mailimap_set_add_interval(...) imap_lib.mailimap_set_add_interval(__VA_ARGS__)
#define mailimap_set_free(...) imap_lib.mailimap_set_free(__VA_ARGS__)
#define mailimap_set_logger(...) imap_lib.mailimap_set_logger(__VA_ARGS__)
#define mailimap_set_new_empty(...) imap_lib.mailimap_set_new_empty(__VA_ARGS__)
#define mailimap_set_new_interval(...) imap_lib.mailimap_set_new_interval(__VA_ARGS__)
#define mailimap_set_timeout(...) imap_lib.mailimap_set_timeout(__VA_ARGS__)
#define mailimap_starttls(...) imap_lib.mailimap_starttls(__VA_ARGS__)
#define mailimap_store_att_flags_free(...) imap_lib.mailimap_store_att_flags_free(__VA_ARGS__)
#define mailimap_store_att_flags_new_add_flags_silent(...) imap_lib.mailimap_store_att_flags_new_add_flags_silent(__VA_ARGS__)
#define mailimap_uid_copy(...) imap_lib.mailimap_uid_copy(__VA_ARGS__)
#define mailimap_uid_expunge(...) imap_lib.mailimap_uid_expunge(__VA_ARGS__)
#define mailimap_uid_fetch(...) imap_lib.mailimap_uid_fetch(__VA_ARGS__)
#define mailimap_uid_move(...) imap_lib.mailimap_uid_move(__VA_ARGS__)
#define mailimap_uid_store(...) imap_lib.mailimap_uid_store(__VA_ARGS__)
#define mailstream_close(...) imap_lib.mailstream_close(__VA_ARGS__)
#define mailstream_get_low(...) imap_lib.mailstream_get_low(__VA_ARGS__)
#define mailstream_low_close(...) imap_lib.mailstream_low_close(__VA_ARGS__)
#define mailstream_low_free(...) imap_lib.mailstream_low_free(__VA_ARGS__)
#define mailstream_low_new(...) imap_lib.mailstream_low_new(__VA_ARGS__)
#define mailstream_new(...) imap_lib.mailstream_new(__VA_ARGS__)
#define mailstream_set_low(...) imap_lib.mailstream_set_low(__VA_ARGS__)
#define gnutls_alert_get(...) imap_lib.gnutls_alert_get(__VA_ARGS__)
#define gnutls_alert_get_name(...) imap_lib.gnutls_alert_get_name(__VA_ARGS__)
#define gnutls_bye(...) imap_lib.gnutls_bye(__VA_ARGS__)
#define gnutls_certificate_allocate_credentials(...) imap_lib.gnutls_certificate_allocate_credentials(__VA_ARGS__)
#define gnutls_certificate_free_credentials(...) imap_lib.gnutls_certificate_free_credentials(__VA_ARGS__)
#define gnutls_certificate_set_x509_system_trust(...) imap_lib.gnutls_certificate_set_x509_system_trust(__VA_ARGS__)
#define gnutls_certificate_set_x509_trust_file(...) imap_lib.gnutls_certificate_set_x509_trust_file(__VA_ARGS__)
#define gnutls_certificate_verification_status_print(...) imap_lib.gnutls_certificate_verification_status_print(__VA_ARGS__)
#define gnutls_credentials_set(...) imap_lib.gnutls_credentials_set(__VA_ARGS__)
#define gnutls_deinit(...) imap_lib.gnutls_deinit(__VA_ARGS__)
#define gnutls_handshake(...) imap_lib.gnutls_handshake(__VA_ARGS__)
#define gnutls_init(...) imap_lib.gnutls_init(__VA_ARGS__)
#define gnutls_record_check_pending(...) imap_lib.gnutls_record_check_pending(__VA_ARGS__)
#define gnutls_record_get_direction(...) imap_lib.gnutls_record_get_direction(__VA_ARGS__)
#define gnutls_record_recv(...) imap_lib.gnutls_record_recv(__VA_ARGS__)
#define gnutls_record_send(...) imap_lib.gnutls_record_send(__VA_ARGS__)
#define gnutls_server_name_set(...) imap_lib.gnutls_server_name_set(__VA_ARGS__)
#define gnutls_session_get_verify_cert_status(...) imap_lib.gnutls_session_get_verify_cert_status(__VA_ARGS__)
#define gnutls_session_set_verify_cert(...) imap_lib.gnutls_session_set_verify_cert(__VA_ARGS__)
#define gnutls_set_default_priority_append(...) imap_lib.gnutls_set_default_priority_append(__VA_ARGS__)
#define gnutls_strerror(...) imap_lib.gnutls_strerror(__VA_ARGS__)
#define gnutls_transport_set_int2(...) imap_lib.gnutls_transport_set_int2(__VA_ARGS__)
#define gnutls_transport_set_push_function(...) imap_lib.gnutls_transport_set_push_function(__VA_ARGS__)

#endif
