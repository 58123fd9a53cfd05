# report.sh — bench/run's report (sourced, not run): markdown on stdout
# from the observations in $BENCH_RESULTS (see lib.sh), with the targets of
# the benchmark issue stated as met or not met, with their numbers.
# shellcheck shell=bash
# The variables below are bench/run's.
# shellcheck disable=SC2154

# "1.234" seconds, or "–".
fmt_s() {
	if [ -z "${1:-}" ]; then echo "–"; else awk -v v="$1" 'BEGIN { printf "%.3f", v }'; fi
}

# "median (min–max)" of a timing, "–" when there is none.
cell_s() {
	local s
	s=$(stat_of "$@")
	if [ -z "$s" ]; then
		echo "–"
		return
	fi
	# shellcheck disable=SC2086
	set -- $s
	if [ "$4" -gt 1 ]; then
		awk -v m="$1" -v lo="$2" -v hi="$3" 'BEGIN { printf "%.3f (%.3f–%.3f)", m, lo, hi }'
	else
		awk -v m="$1" 'BEGIN { printf "%.3f", m }'
	fi
}

median_of() {
	local s
	s=$(stat_of "$@")
	echo "${s%% *}"
}

max_of() {
	local s
	s=$(stat_of "$@")
	if [ -n "$s" ]; then echo "$s" | cut -d' ' -f3; fi
}

# a / b as "0.83×", "–" when either is missing.
ratio() {
	if [ -z "${1:-}" ] || [ -z "${2:-}" ]; then
		echo "–"
	else
		awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "–" }'
	fi
}

fmt_bytes() {
	if [ -z "${1:-}" ]; then
		echo "–"
	else
		awk -v b="$1" 'BEGIN {
			if (b >= 1048576) printf "%.1f MB", b / 1048576
			else if (b >= 1024) printf "%.1f kB", b / 1024
			else printf "%d B", b }'
	fi
}

fmt_mb() {
	if [ -z "${1:-}" ]; then echo "–"; else awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; fi
}

# Pipes in table cells would break the table.
cell_text() {
	local t=${1//|/\\|}
	echo "${t:0:300}"
}

engine_name() {
	case $1 in
	fedq_array) echo "fedq, bound arrays of 1,000 rows" ;;
	fedq_getdata) echo "fedq, SQLGetData per value" ;;
	psql_array) echo "psqlODBC, bound arrays of 1,000 rows" ;;
	psql_getdata) echo "psqlODBC, SQLGetData per value" ;;
	copy) echo "COPY TO STDOUT (libpq, the floor)" ;;
	fedq) echo "fedq" ;;
	fedq0) echo "fedq (Pushdown=0)" ;;
	fdw) echo "postgres_fdw" ;;
	local) echo "all-local PostgreSQL" ;;
	psql_remote) echo "psqlODBC on the remote (schema many)" ;;
	psql_fdw) echo "psqlODBC on the warehouse (postgres_fdw import of many)" ;;
	psql) echo "psqlODBC (UseDeclareFetch=1, Fetch=1000) on tpch_local" ;;
	*) echo "$1" ;;
	esac
}

# "met" / "not met" from a condition evaluated by awk.
verdict() {
	if awk "BEGIN { exit !($1) }"; then echo "**met**"; else echo "**not met**"; fi
}

write_targets() {
	local a c p t q n faster measured geo
	echo "## Targets"
	echo
	echo "| target | verdict | numbers |"
	echo "|---|---|---|"
	if [ "$smoke" = 1 ]; then
		echo "| (all) | not measured | smoke run: correctness only, no timings |"
		echo
		return
	fi
	# scan vs the COPY floor and vs psqlODBC
	if want scan; then
		a=$(median_of scan orders fedq_array seconds)
		c=$(median_of scan orders copy seconds)
		if [ -n "$a" ] && [ -n "$c" ]; then
			echo "| scan ≤ 1.3× the COPY floor | $(verdict "$a / $c <= 1.3") | fedq (arrays) $(fmt_s "$a") s vs COPY $(fmt_s "$c") s = $(ratio "$a" "$c") |"
		else
			echo "| scan ≤ 1.3× the COPY floor | not measured | fedq: $(cell_text "$(last_of scan orders fedq_array status)${fedq_missing}") |"
		fi
		for mode in array getdata; do
			a=$(median_of scan orders "fedq_$mode" seconds)
			p=$(median_of scan orders "psql_$mode" seconds)
			if [ -n "$a" ] && [ -n "$p" ]; then
				echo "| scan ≤ 0.5× psqlODBC ($mode) | $(verdict "$a / $p <= 0.5") | fedq $(fmt_s "$a") s vs psqlODBC $(fmt_s "$p") s = $(ratio "$a" "$p") |"
			else
				echo "| scan ≤ 0.5× psqlODBC ($mode) | not measured | fedq: $(cell_text "$(last_of scan orders "fedq_$mode" status)${fedq_missing}") |"
			fi
		done
	fi
	if want tpch; then
		# Issue #12's targets without secondary indexes (--keys-only): at
		# least as fast as postgres_fdw each, 0.8x all-local in geometric
		# mean; with them, faster than postgres_fdw and 1.0x.
		local goal=1.0 cmp="faster than"
		[ "${BENCH_KEYS_ONLY:-0}" = 1 ] && goal=0.8 cmp="at least as fast as"
		n=0 faster=0 both=0 ran=0 measured=0
		geo=""
		for q in "${queries[@]}"; do
			n=$((n + 1))
			a=$(median_of tpch "$q" fedq seconds)
			p=$(median_of tpch "$q" fdw seconds)
			t=$(median_of tpch "$q" local seconds)
			[ -n "$a" ] && ran=$((ran + 1))
			if [ -n "$a" ] && [ -n "$p" ]; then
				both=$((both + 1))
				if awk -v a="$a" -v b="$p" -v le="$([ "$goal" = 0.8 ] && echo 1 || echo 0)" \
						'BEGIN { exit !(a < b || (le && a == b)) }'; then
					faster=$((faster + 1))
				fi
			elif [ -n "$a" ]; then
				# postgres_fdw gave no time (it failed or timed out): fedq
				# answered, so it is not slower
				faster=$((faster + 1))
			fi
			if [ -n "$a" ] && [ -n "$t" ]; then
				measured=$((measured + 1))
				geo="$geo $a/$t"
			fi
		done
		if [ $faster = "$n" ]; then c="**met**"; else c="**not met**"; fi
		echo "| every federated TPC-H query $cmp postgres_fdw | $c | fedq ran $ran of $n; $cmp postgres_fdw on $faster of $n ($((n - both)) where postgres_fdw gave no time count for fedq when it answered) |"
		if [ $measured -gt 0 ]; then
			t=$(echo "$geo" | tr ' ' '\n' | awk -F/ 'NF == 2 { s += log($1 / $2); k++ } END { printf "%.3f", exp(s / k) }')
			if [ $measured = "$n" ]; then
				echo "| geometric mean ≤ ${goal}× all-local PostgreSQL | $(verdict "$t <= $goal") | ${t}× over all $n queries |"
			else
				echo "| geometric mean ≤ ${goal}× all-local PostgreSQL | **not met** | ${t}× over the $measured of $n queries both fedq and all-local PostgreSQL answered (see the TPC-H table for the others) |"
			fi
		else
			echo "| geometric mean ≤ ${goal}× all-local PostgreSQL | **not met** | no query ran through fedq |"
		fi
	fi
	if want tpcds; then
		ds_load_last
		n=${#ds_stmts[@]}
		t=$(tpcds_count fedq ok)
		echo "| every TPC-DS statement runs through fedq with all-local PostgreSQL's answer | $(verdict "$t == $n") | $t of $n with Pushdown=1 (the TPC-DS table and its list of refusals) |"
		geo=""
		for q in "${ds_stmts[@]}"; do
			a=$(median_of tpcds "$q" fedq seconds)
			p=$(median_of tpcds "$q" local seconds)
			[ -n "$a" ] && [ -n "$p" ] && geo="$geo $a/$p"
		done
		if [ -n "$geo" ]; then
			c=$(echo "$geo" | tr ' ' '\n' | awk -F/ 'NF == 2 { s += log($1 / $2); k++ } END { printf "%.3f %d", exp(s / k), k }')
			echo "| TPC-DS geometric mean ≤ 1.0× all-local PostgreSQL | $(verdict "${c% *} <= 1.0 && ${c#* } == $n") | ${c% *}× over the ${c#* } of $n statements fedq runs |"
		fi
	fi
	if want spill; then
		local lim a t u
		lim=$(last_of spill join all limit_mb)
		a=$(max_of spill join fedq maxrss_kb)
		t=$(median_of spill join fedq seconds)
		u=$(median_of spill join fedq_nolimit seconds)
		if [ -n "$a" ] && [ -n "$t" ] && [ -n "$u" ]; then
			echo "| spilling join under MemoryLimit=${lim}MB: peak RSS < ${lim} MB + 144 MB, time ≤ 3× unlimited | $(verdict "$a / 1024 < $lim + 144 && $t <= 3 * $u") | peak RSS $(fmt_mb "$a"), $(printf '%.2f' "$t") s against $(printf '%.2f' "$u") s without a limit ($(awk -v a="$t" -v b="$u" 'BEGIN { printf "%.2f", a / b }')×) |"
		else
			echo "| spilling join under MemoryLimit=${lim}MB | not measured | fedq: $(cell_text "$(last_of spill join fedq status)${fedq_missing}") |"
		fi
	fi
	if want memory; then
		a=$(max_of memory lineitem fedq maxrss_kb)
		if [ -n "$a" ]; then
			echo "| scan peak RSS < 150 MB | $(verdict "$a / 1024 < 150") | fedq's client process peaked at $(fmt_mb "$a") reading $(last_of memory lineitem fedq rows) lineitem rows |"
		else
			echo "| scan peak RSS < 150 MB | not measured | fedq: $(cell_text "$(last_of memory lineitem fedq status)${fedq_missing}") |"
		fi
	fi
	echo
}

write_scan() {
	local e c rows s
	c=$(median_of scan orders copy seconds)
	rows=$(last_of scan orders copy rows)
	echo "## Scan: every row and column of the remote \`orders\` (${rows:-?} rows)"
	echo
	echo "One client process per run; time from SQLExecDirect to the last row (the"
	echo "connection is made before).  Median of the timed runs, (min–max)."
	echo
	echo "| engine | status | seconds | rows/s | vs COPY | vs psqlODBC (same mode) | peak RSS | bytes from the remote |"
	echo "|---|---|---|---|---|---|---|---|"
	for e in fedq_array fedq_getdata psql_array psql_getdata copy; do
		s=$(last_of scan orders "$e" status)
		if [ -z "$s" ]; then
			[ "${e%%_*}" = fedq ] && [ -n "$fedq_missing" ] &&
				echo "| $(engine_name "$e") | not run: $(cell_text "$fedq_missing") | – | – | – | – | – | – |"
			continue
		fi
		local m p rps vs
		m=$(median_of scan orders "$e" seconds)
		rps="–"
		[ -n "$m" ] && [ -n "$rows" ] && rps=$(awk -v r="$rows" -v s="$m" 'BEGIN { printf "%.0f", r / s }')
		vs="–"
		case $e in
		fedq_*) p=$(median_of scan orders "psql_${e#fedq_}" seconds); vs=$(ratio "$m" "$p") ;;
		esac
		echo "| $(engine_name "$e") | $(cell_text "$s") | $(cell_s scan orders "$e" seconds) | $rps | $(ratio "$m" "$c") | $vs | $(fmt_mb "$(max_of scan orders "$e" maxrss_kb)") | $(fmt_bytes "$(last_of scan orders "$e" bytes_remote)") |"
	done
	echo
	local sums=""
	for e in fedq_array fedq_getdata psql_array psql_getdata copy; do
		s=$(last_of scan orders "$e" checksum)
		[ -n "$s" ] && sums="$sums${sums:+; }$e $s"
	done
	echo "Checksums (order-independent, over every value): $sums."
	echo
}

write_tpch() {
	local q a p t s rows
	echo "## Federated TPC-H"
	echo
	echo "\`lineitem\`, \`part\`, \`partsupp\` in the warehouse; \`orders\`, \`customer\`,"
	echo "\`supplier\`, \`nation\`, \`region\` in the remote.  fedq reads the remote tables"
	echo "through its external schema \`ext\`; postgres_fdw through foreign tables the"
	echo "warehouse imported (\`use_remote_estimate\` on); all-local is one database with"
	echo "all eight tables.  fedq's and postgres_fdw's results are checked equal to the"
	echo "all-local result (numbers within 1e-6, row order where ORDER BY fixes it)."
	echo "Seconds: median of the timed runs (min–max); one client process per run."
	echo "Bytes: what each engine received from each server in a separate pass"
	echo "through byte-counting relays (fedq: warehouse + remote; postgres_fdw: the"
	echo "client from the warehouse + the warehouse from the remote)."
	echo
	echo "| query | fedq status | rows (all-local) | fedq s | postgres_fdw s | all-local s | fedq / fdw | fedq / local | fdw / local | bytes fedq (wh + remote) | bytes postgres_fdw (client + remote) |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|"
	for q in "${queries[@]}"; do
		s=$(last_of tpch "$q" fedq status)
		[ -z "$s" ] && s="not run: $fedq_missing"
		[ "$(last_of tpch "$q" fdw status)" != ok ] && s="$s; postgres_fdw: $(last_of tpch "$q" fdw status)"
		rows=$(last_of tpch "$q" local rows)
		a=$(median_of tpch "$q" fedq seconds)
		p=$(median_of tpch "$q" fdw seconds)
		t=$(median_of tpch "$q" local seconds)
		local bf bp
		bf="–"
		if [ -n "$(last_of tpch "$q" fedq bytes_remote)" ]; then
			bf="$(fmt_bytes "$(last_of tpch "$q" fedq bytes_warehouse)") + $(fmt_bytes "$(last_of tpch "$q" fedq bytes_remote)")"
		fi
		bp="–"
		if [ -n "$(last_of tpch "$q" fdw bytes_remote)" ]; then
			bp="$(fmt_bytes "$(last_of tpch "$q" fdw bytes_warehouse)") + $(fmt_bytes "$(last_of tpch "$q" fdw bytes_remote)")"
		fi
		echo "| $q | $(cell_text "$s") | ${rows:-–} | $(cell_s tpch "$q" fedq seconds) | $(cell_s tpch "$q" fdw seconds) | $(cell_s tpch "$q" local seconds) | $(ratio "$a" "$p") | $(ratio "$a" "$t") | $(ratio "$p" "$t") | $bf | $bp |"
	done
	# geometric means over the queries each pair has
	local g1 g2 g3
	g1="" g2="" g3=""
	for q in "${queries[@]}"; do
		a=$(median_of tpch "$q" fedq seconds)
		p=$(median_of tpch "$q" fdw seconds)
		t=$(median_of tpch "$q" local seconds)
		[ -n "$a" ] && [ -n "$p" ] && g1="$g1 $a/$p"
		[ -n "$a" ] && [ -n "$t" ] && g2="$g2 $a/$t"
		[ -n "$p" ] && [ -n "$t" ] && g3="$g3 $p/$t"
	done
	geo() {
		echo "$1" | tr ' ' '\n' | awk -F/ 'NF == 2 { s += log($1 / $2); k++ }
			END { if (k) printf "%.2f× (%d)", exp(s / k), k; else print "–" }'
	}
	echo "| geometric mean (queries) | | | | | | $(geo "$g1") | $(geo "$g2") | $(geo "$g3") | | |"
	echo
}

# The last recorded value of every TPC-DS metric, read once (the report
# asks for hundreds): DS_LAST[statement|engine|metric].
declare -A DS_LAST=()
ds_load_last() {
	local w i e m v
	DS_LAST=()
	while IFS=$'\t' read -r w i e m v; do
		[ "$w" = tpcds ] && DS_LAST[$i|$e|$m]=$v
	done < "$BENCH_RESULTS"
	return 0
}

# How many TPC-DS statements ENGINE ended with status STATUS ("ok").
tpcds_count() {
	local e=$1 want_status=$2 q k=0
	for q in "${ds_stmts[@]}"; do
		[ "${DS_LAST[$q|$e|status]:-}" = "$want_status" ] && k=$((k + 1))
	done
	echo $k
}

write_tpcds() {
	local q e s a p t rows nwrong n=${#ds_stmts[@]}
	echo "## Federated TPC-DS"
	echo
	echo "The ${#ds_stmts[@]} statements of TPC-DS's 99 query shapes (\`bench/tpcds/\`) over"
	echo "\`bench/tpcdsgen -s $scale\` data: the seven fact tables in the warehouse, the"
	echo "17 dimensions in the remote.  fedq reads the dimensions through its external"
	echo "schema \`ext\`; postgres_fdw through foreign tables the warehouse imported"
	echo "(\`use_remote_estimate\` on); all-local is one database with all 24 tables."
	echo "Every result is checked against the all-local one: exactly, but for"
	echo "floating-point columns (within 1e-12), and row order where ORDER BY fixes it."
	if [ "$smoke" = 1 ]; then
		echo "Smoke run: fedq with Pushdown=1 and with Pushdown=0, no timings."
	else
		echo "Seconds: median of the timed runs (min–max); one client process per run."
	fi
	echo
	if fedq_ok; then
		for e in fedq fedq0; do
			[[ " ${ds_engines[*]} " == *" $e "* ]] || continue
			nwrong=0
			for q in "${ds_stmts[@]}"; do
				[[ ${DS_LAST[$q|$e|status]:-} == "wrong result"* ]] && nwrong=$((nwrong + 1))
			done
			echo "- $(ds_engine_label "$e"): **$(tpcds_count "$e" ok) of $n** statements give all-local PostgreSQL's answer; $(ds_refused_count "$e") refused or did not finish; $nwrong wrong results."
		done
		echo
	fi
	if [ "$smoke" = 1 ]; then
		echo "| statement | fedq (Pushdown=1) | fedq (Pushdown=0) | rows (all-local) |"
		echo "|---|---|---|---|"
		for q in "${ds_stmts[@]}"; do
			a=${DS_LAST[$q|fedq|status]:-not run}
			p=${DS_LAST[$q|fedq0|status]:-not run}
			echo "| $q | $(cell_text "$a") | $(cell_text "$p") | ${DS_LAST[$q|local|rows]:-} |"
		done
	else
		echo "| statement | fedq status | rows (all-local) | fedq s | postgres_fdw s | all-local s | fedq / local | fedq / fdw | fdw / local |"
		echo "|---|---|---|---|---|---|---|---|---|"
		for q in "${ds_stmts[@]}"; do
			s=${DS_LAST[$q|fedq|status]:-not run: $fedq_missing}
			[ "${DS_LAST[$q|fdw|status]:-}" != ok ] && s="$s; postgres_fdw: ${DS_LAST[$q|fdw|status]:-}"
			rows=${DS_LAST[$q|local|rows]:-}
			a=$(median_of tpcds "$q" fedq seconds)
			p=$(median_of tpcds "$q" fdw seconds)
			t=$(median_of tpcds "$q" local seconds)
			echo "| $q | $(cell_text "$s") | ${rows:-–} | $(cell_s tpcds "$q" fedq seconds) | $(cell_s tpcds "$q" fdw seconds) | $(cell_s tpcds "$q" local seconds) | $(ratio "$a" "$t") | $(ratio "$a" "$p") | $(ratio "$p" "$t") |"
		done
		local g1="" g2="" g3=""
		for q in "${ds_stmts[@]}"; do
			a=$(median_of tpcds "$q" fedq seconds)
			p=$(median_of tpcds "$q" fdw seconds)
			t=$(median_of tpcds "$q" local seconds)
			[ -n "$a" ] && [ -n "$t" ] && g1="$g1 $a/$t"
			[ -n "$a" ] && [ -n "$p" ] && g2="$g2 $a/$p"
			[ -n "$p" ] && [ -n "$t" ] && g3="$g3 $p/$t"
		done
		geo() {
			echo "$1" | tr ' ' '\n' | awk -F/ 'NF == 2 { s += log($1 / $2); k++ }
				END { if (k) printf "%.2f× (%d)", exp(s / k), k; else print "–" }'
		}
		echo "| geometric mean (statements) | | | | | | $(geo "$g1") | $(geo "$g2") | $(geo "$g3") |"
	fi
	echo
	write_tpcds_refused
}

# How many TPC-DS statements ENGINE refused (an error with a SQLSTATE).
ds_refused_count() {
	local q k=0
	for q in "${ds_stmts[@]}"; do
		[ -n "${DS_LAST[$q|$1|sqlstate]:-}" ] && k=$((k + 1))
	done
	echo $k
}

# Every statement fedq refused, grouped by SQLSTATE and message: the
# worklist of the SQL-completeness issue.
write_tpcds_refused() {
	echo "### TPC-DS statements fedq refuses, by SQLSTATE and message"
	echo
	if ! fedq_ok; then
		echo "fedq did not run: $fedq_missing"
		echo
		return
	fi
	local both=0
	[[ " ${ds_engines[*]} " == *" fedq0 "* ]] && both=1
	awk -F '\t' -v both=$both '
		$1 == "tpcds" && ($3 == "fedq" || $3 == "fedq0") && ($4 == "sqlstate" || $4 == "message") {
			k = $2 SUBSEP $3
			if ($4 == "sqlstate") state[k] = $5; else msg[k] = $5
			seen[k] = 1
		}
		END {
			for (k in seen) {
				split(k, a, SUBSEP)
				g = state[k] "\t" msg[k]
				p = a[2] == "fedq" ? "1" : "0"
				if (!(g in stmts)) { order[++ng] = g; stmts[g] = "" }
				list[g, a[1]] = list[g, a[1]] p
				if (index(stmts[g], " " a[1] " ") == 0) { stmts[g] = stmts[g] " " a[1] " "; cnt[g]++ }
			}
			for (i = 1; i <= ng; i++) {
				g = order[i]
				n = split(stmts[g], qs, " ")
				# statements in order, with the Pushdown settings they are refused under
				for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (qs[y] < qs[x]) { t = qs[x]; qs[x] = qs[y]; qs[y] = t }
				out = ""
				for (x = 1; x <= n; x++) {
					ps = list[g, qs[x]]
					tag = !both ? "" : (ps == "1") ? " (Pushdown=1 only)" : (ps == "0") ? " (Pushdown=0 only)" : ""
					out = out (out == "" ? "" : ", ") qs[x] tag
				}
				split(g, gm, "\t")
				gsub(/\|/, "\\|", gm[2])
				printf "%d\t| %s | %s | %d | %s |\n", cnt[g], gm[1], gm[2], cnt[g], out
			}
		}' "$BENCH_RESULTS" | sort -t "$(printf '\t')" -k1,1nr -k2 | cut -f2- > "$BENCH_RUNDIR/refused.md"
	if [ ! -s "$BENCH_RUNDIR/refused.md" ]; then
		echo "None: fedq runs every statement."
	else
		if [ $both = 1 ]; then
			echo "| SQLSTATE | message | statements | which (both Pushdown settings unless noted) |"
		else
			echo "| SQLSTATE | message | statements | which (Pushdown=1) |"
		fi
		echo "|---|---|---|---|"
		cat "$BENCH_RUNDIR/refused.md"
	fi
	echo
}

write_catalog() {
	local e s
	echo "## Catalog: SQLTables and SQLColumns over a schema of $n_cat tables"
	echo
	echo "Cold: the first call in a new process and connection (SQLColumns follows"
	echo "SQLTables); cached: the median of 5 repeats on the same connection.  Each"
	echo "cell: median over the timed runs (min–max), seconds."
	echo
	echo "| engine | status | tables | columns | SQLTables cold | SQLColumns cold | SQLTables cached | SQLColumns cached |"
	echo "|---|---|---|---|---|---|---|---|"
	for e in fedq psql_remote psql_fdw; do
		s=$(last_of catalog many "$e" status)
		if [ -z "$s" ]; then
			[ "$e" = fedq ] && [ -n "$fedq_missing" ] &&
				echo "| fedq | not run: $(cell_text "$fedq_missing") | – | – | – | – | – | – |"
			continue
		fi
		echo "| $(engine_name "$e") | $(cell_text "$s") | $(last_of catalog many "$e" tables) | $(last_of catalog many "$e" columns) | $(cell_s catalog many "$e" tables_cold_s) | $(cell_s catalog many "$e" columns_cold_s) | $(cell_s catalog many "$e" tables_cached_s) | $(cell_s catalog many "$e" columns_cached_s) |"
	done
	echo
}

write_memory() {
	local e s
	echo "## Memory: a full scan of \`lineitem\` ($(last_of memory lineitem copy rows) rows) through an external schema"
	echo
	echo "fedq reads \`allx.lineitem\` (an external schema on the warehouse's all-local"
	echo "database) with bound arrays of 1,000 rows; peak RSS is the client process's"
	echo "(getrusage), which holds the driver and the engine.  The peers read the same"
	echo "table for reference."
	echo
	echo "| engine | status | peak RSS (max of runs) | seconds |"
	echo "|---|---|---|---|"
	for e in fedq psql copy; do
		s=$(last_of memory lineitem "$e" status)
		if [ -z "$s" ]; then
			[ "$e" = fedq ] && [ -n "$fedq_missing" ] &&
				echo "| fedq | not run: $(cell_text "$fedq_missing") | – | – |"
			continue
		fi
		echo "| $(engine_name "$e") | $(cell_text "$s") | $(fmt_mb "$(max_of memory lineitem "$e" maxrss_kb)") | $(cell_s memory lineitem "$e" seconds) |"
	done
	echo
}

write_spill() {
	local e s
	echo "## Spilling: \`lineitem\` ⋈ \`ext.orders\` ($(last_of spill join local rows) rows) under MemoryLimit=$(last_of spill join all limit_mb)MB"
	echo
	echo "The join's build side (orders, from the remote) outgrows a quarter of the"
	echo "limit, so fedq partitions both inputs to temporary files and joins them"
	echo "partition by partition.  Without a limit it joins in memory; with the limit"
	echo "and Spill=0 it stops with 53200 when the join does not fit.  Checksums must"
	echo "equal all-local PostgreSQL's."
	echo
	echo "| run | status | peak RSS (max of runs) | seconds |"
	echo "|---|---|---|---|"
	for e in fedq fedq_nolimit fedq_nospill local; do
		s=$(last_of spill join "$e" status)
		[ -n "$s" ] || continue
		case $e in
		fedq) n="fedq, MemoryLimit" ;;
		fedq_nolimit) n="fedq, no limit" ;;
		fedq_nospill) n="fedq, MemoryLimit, Spill=0" ;;
		local) n="PostgreSQL all-local (psqlODBC)" ;;
		esac
		echo "| $n | $(cell_text "$s") | $(fmt_mb "$(max_of spill join "$e" maxrss_kb)") | $(cell_s spill join "$e" seconds) |"
	done
	echo
}

write_report() {
	local t
	echo "# fedq benchmarks — scale factor $scale, $(date '+%Y-%m-%d %H:%M')"
	echo
	if [ "$smoke" = 1 ]; then
		echo "Smoke run (\`bench/run --smoke\`): each workload once, correctness only; no timings."
	else
		echo "\`bench/run --scale $scale --runs $runs --workloads $workloads$([ "${BENCH_KEYS_ONLY:-0}" = 1 ] && echo ' --keys-only')\`: a warm-up run"
		echo "(which also checks results), then $runs timed runs per engine, engines alternating."
	fi
	echo
	echo "## Machine and versions"
	echo
	echo "- CPU: $(lscpu 2> /dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) cores; RAM $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo); Linux $(uname -r)"
	echo "- load average (1, 5, 15 min) at the start: $machine_load_start; at the end: $machine_load_end (the machine may be shared)"
	echo "- $("$FQ_PG_BIN/postgres" --version) for the warehouse and the remote, both on this machine over loopback TCP; shared_buffers $shared_buffers, work_mem 64MB, jit off, fsync off, autovacuum off (tables vacuumed and analysed after loading)"
	echo "- psqlODBC $(dpkg-query -W -f '${Version}' odbc-postgresql 2> /dev/null || echo '?') ($psqlodbc), UseDeclareFetch=1 and Fetch=1000 for the scans, UseDeclareFetch=0 for TPC-H; unixODBC $(odbcinst --version 2> /dev/null | sed 's/^unixODBC //' || echo '?')"
	echo "- postgres_fdw of the same PostgreSQL, use_remote_estimate on, other options default (fetch_size 100)"
	# named when the driver was copied: the tree may have moved on since
	t=${fedq_version:-$(git -C "$FQ_SRCDIR" describe --always --dirty 2> /dev/null || echo unknown)}
	if [ -n "$fedq_missing" ]; then
		echo "- fedq $t: **not available: $fedq_missing**"
	else
		echo "- fedq $t (driver built in $BENCH_BUILD, copied for the run)"
	fi
	if want_tpch_data; then
		echo "- data: \`bench/tpchgen -s $scale\` (fedq's own generator):$(for f in "$data"/*.copy; do printf ' %s %s,' "$(basename "$f" .copy)" "$(wc -l < "$f")"; done | sed 's/,$//') rows"
	fi
	if want tpcds; then
		echo "- TPC-DS data: \`bench/tpcdsgen -s $scale\` (fedq's own generator):$(for f in "$ds_data"/*.copy; do printf ' %s %s,' "$(basename "$f" .copy)" "$(wc -l < "$f")"; done | sed 's/,$//') rows"
	fi
	echo
	write_targets
	want scan && write_scan
	want tpch && write_tpch
	if want tpcds; then
		ds_load_last
		write_tpcds
	fi
	want catalog && write_catalog
	want memory && write_memory
	want spill && write_spill
	if [ "$(last_of check all all failure)" != "" ]; then
		echo "## Wrong results and failures of the peers"
		echo
		awk -F '\t' '$1 == "check" && $4 == "failure" { print "- " $5 }' "$BENCH_RESULTS"
		echo
	fi
	if awk -F '\t' '$1 == "timeouts" { found = 1 } END { exit !found }' "$BENCH_RESULTS"; then
		echo "## Statements still running after a timeout"
		echo
		echo "Cut off by the time limit, their client gone, these still ran at a server"
		echo "5 s later; bench/run cancelled them (bench/README.md, \"Timeouts\")."
		echo
		awk -F '\t' '$1 == "timeouts" && $4 == "leftover" { print "- " $2 ": " $5 " at the " $3 }' "$BENCH_RESULTS"
		echo
	fi
	return 0
}
