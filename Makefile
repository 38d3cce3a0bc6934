# bouncer: one plain Makefile.
#
#   make            build ./bouncer
#   make deps       install missing Debian packages (apt-get; sudo when not root)
#   make check      the whole test suite (unit tests, also under ASan+UBSan; end-to-end tests)
#   make demo       reconcile the bundled example mailbox and print where the reports are
#   make bench      speed against Sisimai, measured in the same run
#   make fuzz       libFuzzer targets, FUZZ_SECONDS (default 60) each (tests/fuzz/run.sh)
#   make install    PREFIX=/usr/local DESTDIR=
#
# Each layer is a static library, so a unit test links only the layers it tests
# and the layers below it: util <- parse <- store <- report; util <- poller.

VERSION  := 0.1.0
ifeq ($(origin CC),default)
CC       := gcc
endif
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc

WARN     := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wformat=2 \
	-Wno-format-truncation # error texts are cut on purpose; str_printf() reports cuts where they matter
# libetpan's headers are not warning-clean: include them as system headers.
ETPAN_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libetpan 2>/dev/null))
CFLAGS   ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE -DBOUNCER_VERSION='"$(VERSION)"' -I. $(WARN) \
	-fstack-protector-strong -D_FORTIFY_SOURCE=2 $(ETPAN_CFLAGS) $(CFLAGS)
# libetpan and GnuTLS are not linked: the IMAP source dlopen()s them when it
# is first used (poller/imap-lib.c), so other commands do not load them and
# their dozen dependencies (~4 ms a process). By the sonames of the libraries
# the -dev packages install, and the Debian package that holds each (named
# when one is missing); looked up when imap-lib.o is compiled.
# SQLite likewise (store/sqlite-lib.c): only the commands that open the
# database load it, not `bouncer parse` (~0.2 ms of CPU a process). The unit tests
# still link it: some call it directly.
BOUNCER_LIBS := -lconfig -lanl
LIBS     := -lsqlite3 $(BOUNCER_LIBS)
imap_lib_file = $(shell readlink -f "$$($(CC) -print-file-name=lib$(1).so)")
imap_lib_soname = $(shell objdump -p $(call imap_lib_file,$(1)) 2>/dev/null | sed -n 's/^ *SONAME *//p')
imap_lib_package = $(shell dpkg -S $(call imap_lib_file,$(1)) 2>/dev/null | sed -n '1s/:.*//p')
IMAP_LIB_DEFS = -DIMAP_LIB_GNUTLS='"$(call imap_lib_soname,gnutls)"' \
	-DIMAP_LIB_GNUTLS_PKG='"$(call imap_lib_package,gnutls)"' \
	-DIMAP_LIB_ETPAN='"$(call imap_lib_soname,etpan)"' -DIMAP_LIB_ETPAN_PKG='"$(call imap_lib_package,etpan)"'
SQLITE_LIB_DEFS = -DSQLITE_LIB_SONAME='"$(call imap_lib_soname,sqlite3)"' \
	-DSQLITE_LIB_PKG='"$(call imap_lib_package,sqlite3)"'

B        ?= build
.DEFAULT_GOAL := all
LAYERS   := util parse store report poller
CLI_SRC  := $(wildcard cli/*.c)
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/%.o)
CLI_LIB_OBJ := $(filter-out $(B)/cli/main.o,$(CLI_OBJ))

define layer_rules
$(1)_SRC := $$(wildcard $(1)/*.c)
$(1)_OBJ := $$($(1)_SRC:%.c=$$(B)/%.o)
$$(B)/lib$(1).a: $$($(1)_OBJ)
	@mkdir -p $$(@D)
	rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach l,$(LAYERS),$(eval $(call layer_rules,$(l))))

# Link order: most dependent first.
LAYER_LIBS := $(B)/libreport.a $(B)/libstore.a $(B)/libpoller.a $(B)/libparse.a $(B)/libutil.a

.PHONY: all deps deps-quiet check check-unit check-e2e asan nosimd unit-tests demo bench install clean fuzz
all: bouncer

# cp + rename: replacing a running ./bouncer must not fail with "Text file busy"
bouncer: $(B)/bouncer
	cp $< $@.tmp && mv -f $@.tmp $@

$(B)/bouncer: $(CLI_OBJ) $(LAYER_LIBS)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(LAYER_LIBS) $(BOUNCER_LIBS)

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PGO_FLAGS) -MMD -MP -c -o $@ $<
$(B)/poller/imap-lib.o $(B)/tests/test-poller-imap-lib: ALL_CFLAGS += $(IMAP_LIB_DEFS)
$(B)/store/sqlite-lib.o $(B)/tests/test-store-sqlite-lib: ALL_CFLAGS += $(SQLITE_LIB_DEFS)

# ---- profile-guided optimisation of the parser -----------------------------
# parse/ and util/ (every message goes through them) are compiled twice: first
# instrumented into $(B)/pgo-gen/, linked into the bench's parser driver, which
# parses our own example and fixture mail (nothing from ../shared); then for
# real, with the branch and call counts that run left. gcc then lays out hot
# paths straight and inlines where the calls are: natively 6% less time a
# message on the shared corpus, which it never saw, and 10-18% on mail like
# the examples (stop 13's note). PGO=0 skips it (a quicker edit-build loop);
# the ASan, no-SIMD and fuzz builds never use it, and neither does clang.
#
# gcc names a static function's profile after the object's path, so the
# instrumented objects say (-dumpdir/-dumpbase) that they are the final ones:
# their counts land in $(B)/parse/NAME.gcda, where the final compile looks.
# (gcc, also when called cc: its --version names the FSF; clang's does not)
PGO ?= $(if $(findstring Free Software Foundation,$(shell $(CC) --version 2>/dev/null)),1,0)
ifeq ($(PGO),1)
PGO_SRC     := $(parse_SRC) $(util_SRC)
PGO_GEN_OBJ := $(PGO_SRC:%.c=$(B)/pgo-gen/%.o)
PGO_TRAIN   := examples/Maildir tests/fixtures/mta tests/fixtures/parse tests/fixtures/provider
$(B)/pgo-gen/%.o: %.c
	@mkdir -p $(@D) $(B)/$(*D)
	$(CC) $(ALL_CFLAGS) -fprofile-generate -dumpdir $(B)/$(*D)/ -dumpbase $(*F) -MMD -MP -c -o $@ $<

$(B)/pgo-gen/train: tests/bench/bench-parse.c $(PGO_GEN_OBJ)
	$(CC) $(ALL_CFLAGS) -fprofile-generate -dumpdir $(B)/pgo-gen/ $(LDFLAGS) -o $@ $^

# Counts from an earlier build of an object would not match it: start afresh.
# (The directories, not their files, are prerequisites: Maildir names hold ':'.)
$(B)/pgo.stamp: $(B)/pgo-gen/train $(shell find $(PGO_TRAIN) -type d 2>/dev/null)
	rm -f $(PGO_SRC:%.c=$(B)/%.gcda)
	find $(PGO_TRAIN) -type f | LC_ALL=C sort >$(B)/pgo-gen/train.list
	$(B)/pgo-gen/train --parse 1 $(B)/pgo-gen/train.list >/dev/null
	touch $@

$(PGO_SRC:%.c=$(B)/%.o): $(B)/pgo.stamp
$(PGO_SRC:%.c=$(B)/%.o): PGO_FLAGS := -fprofile-use -fprofile-partial-training -Wno-missing-profile
endif

-include $(wildcard $(B)/*/*.d $(B)/pgo-gen/*/*.d)

# ---- tests -----------------------------------------------------------------
# tests/unit/test-LAYER-NAME.c links the libraries of LAYER and below.
UNIT_SRC  := $(wildcard tests/unit/test-*.c)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
deps_util   := util
deps_parse  := parse util
deps_store  := store parse util
deps_report := report store parse util
deps_poller := poller parse util
layer_of = $(word 2,$(subst -, ,$(1)))
libs_for = $(if $(deps_$(call layer_of,$(1))),$(patsubst %,$(B)/lib%.a,$(deps_$(call layer_of,$(1)))),$(CLI_LIB_OBJ) $(LAYER_LIBS))

.SECONDEXPANSION:
$(B)/tests/%: tests/unit/%.c tests/unit/harness.h $$(call libs_for,$$*)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(call libs_for,$*) $(LIBS)

# test-util-sha1 checks our SHA-1 against GnuTLS's.
$(B)/tests/test-util-sha1: LIBS += -lgnutls

unit-tests: $(UNIT_BIN)

# The unit tests run twice: as built, and built with AddressSanitizer and UBSan
# in their own tree (build-asan/), together with an instrumented bouncer.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
check: deps-quiet bouncer unit-tests asan nosimd
	@B=$(B) ASAN_B=build-asan NOSIMD_B=build-nosimd sh tests/run.sh

asan:
	@$(MAKE) --no-print-directory B=build-asan PGO=0 CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)" \
		build-asan/bouncer unit-tests

# The parser's scans step over 16 or 32 bytes with SSE2 or AVX2, and each has
# a byte-wise form for CPUs without them, which an x86-64 build never runs.
# build-nosimd/ compiles everything without __SSE2__ (so without AVX2 too):
# its parse and util unit tests, and t-nosimd.sh comparing its bouncer's
# results with the vector build's, keep those forms tested.
NOSIMD_TESTS := $(patsubst tests/unit/%.c,build-nosimd/tests/%,\
	$(wildcard tests/unit/test-parse-*.c tests/unit/test-util-*.c))
nosimd:
	@$(MAKE) --no-print-directory B=build-nosimd PGO=0 CFLAGS="-O2 -g -U__SSE2__" \
		build-nosimd/bouncer $(NOSIMD_TESTS)

check-unit: bouncer unit-tests
	@B=$(B) ONLY=unit sh tests/run.sh

check-e2e: bouncer
	@B=$(B) ONLY=e2e sh tests/run.sh

deps:
	@sh tests/lib/deps.sh

deps-quiet:
	@sh tests/lib/deps.sh --quiet

demo: deps-quiet bouncer
	@sh examples/demo.sh

bench: bouncer
	@sh tests/bench/bench.sh

fuzz:
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

install: bouncer
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(SYSCONFDIR)/bouncer
	install -m 0755 bouncer $(DESTDIR)$(BINDIR)/bouncer
	install -m 0644 man/bouncer.1 $(DESTDIR)$(MANDIR)/man1/bouncer.1
	install -m 0644 poller.cfg.example $(DESTDIR)$(SYSCONFDIR)/bouncer/poller.cfg.example

clean:
	rm -rf build build-asan build-nosimd build-fuzz bouncer
