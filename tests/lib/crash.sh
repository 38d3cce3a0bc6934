# crash.sh: helpers for the crash-safety tests (sourced after lib.sh).
#
#   rand_ms MAX                    a random whole number 0..MAX
#   gen_bounces DIR N              N bounces made from examples/Maildir with
#                                  renumbered recipients (tests/bench/gen-corpus.py)
#   db_counts DB                   one line: integrity_check, events, messages (all
#                                  and per disposition), addresses per state, the
#                                  sum of bounce counts, sender alerts
#   maildir_names ROOT             base names (no ":2,..." info, no ".dupN") of every
#                                  message file in the inbox and its Maildir++
#                                  folders, one a line, sorted, duplicates kept (a
#                                  copy bouncer renamed to ".dupN" shows up twice)
#   kill_after_ms MS CMD...        start CMD, SIGKILL it after MS ms (unless it
#                                  ended before); returns its exit status (137: killed)
#   inbox_count ROOT               message files left in ROOT/new and ROOT/cur

rand_ms() {
	echo $(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % ($1 + 1) ))
}

gen_bounces() {
	python3 "$TOP/tests/bench/gen-corpus.py" "$1" "$2" >/dev/null
}

db_counts() {
	sqlite3 "$1" "select 'integrity=' || (select group_concat(integrity_check) from pragma_integrity_check)
		|| ' events=' || (select count(*) from events)
		|| ' messages=' || (select count(*) from messages)
		|| ' disp=' || coalesce((select group_concat(d, ',') from
			(select disposition || ':' || count(*) as d from messages group by disposition order by disposition)), '')
		|| ' states=' || coalesce((select group_concat(s, ',') from
			(select state || ':' || count(*) as s from addresses group by state order by state)), '')
		|| ' bounces=' || coalesce((select sum(bounce_count) from addresses), 0)
		|| ' alerts=' || (select count(*) || '/' || coalesce(sum(count), 0) from sender_alerts)" 2>&1
}

maildir_names() {
	(cd "$1" && find . -type f \( -path '*/cur/*' -o -path '*/new/*' -o -path '*/tmp/*' \)) |
		sed -e 's|.*/||' -e 's/:2,.*$//' -e 's/\.dup[0-9]*$//' | sort
}

kill_after_ms() {
	_ms=$1
	shift
	"$@" &
	_pid=$!
	sleep "$(printf '%d.%03d' $((_ms / 1000)) $((_ms % 1000)))"
	kill -KILL "$_pid" 2>/dev/null
	wait "$_pid"
}

inbox_count() {
	find "$1/new" "$1/cur" -type f | wc -l | tr -d ' '
}
