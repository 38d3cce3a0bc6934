# fuzz.mk: build the libFuzzer targets with clang into build-fuzz/ (make -f tests/fuzz/fuzz.mk).
# Layer sources are compiled here with their own flags, so build/ and build-asan/
# (gcc) are never touched. Run from the top of the repo.
FCC     ?= clang
FB      := build-fuzz
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FCFLAGS := -std=c11 -D_GNU_SOURCE -I. -g -O1 -fno-omit-frame-pointer $(SAN) \
	-fsanitize=fuzzer-no-link -Wall -Wextra -Werror -Wno-unused-command-line-argument
LIB_SRC := $(wildcard util/*.c parse/*.c) store/policy.c cli/config.c
LIB_OBJ := $(LIB_SRC:%.c=$(FB)/%.o)
TARGETS := parse view header config

all: $(TARGETS:%=$(FB)/fuzz-%)

$(FB)/lib.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(FB)/%.o: %.c
	@mkdir -p $(@D)
	$(FCC) $(FCFLAGS) -MMD -MP -c -o $@ $<

# config.c links libconfig (the parser needs no library).
LDLIBS  :=
$(FB)/fuzz-config: LDLIBS += -lconfig
$(FB)/fuzz-%: $(FB)/tests/fuzz/fuzz-%.o $(FB)/lib.a
	$(FCC) $(FCFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

-include $(wildcard $(FB)/*/*.d $(FB)/tests/fuzz/*.d)
.PHONY: all
.SECONDARY:
