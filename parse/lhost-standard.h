/* lhost-standard.h: private to the "standard" decoder group (lhost-standard.c). */
#ifndef BOUNCER_PARSE_LHOST_STANDARD_H
#define BOUNCER_PARSE_LHOST_STANDARD_H

#include "parse/lhost.h"

enum lhost_verdict lhost_arf_decode(const struct mail_view *v, struct parse_result *res);
enum lhost_verdict lhost_rfc3464_decode(const struct mail_view *v, struct parse_result *res);

enum lhost_verdict lhost_rfc3834_decode(const struct mail_view *v, struct parse_result *res);

#endif
