#!/usr/bin/env bash
# Acknowledged newsletter signups per second against the published (Release) site.
# Usage: bench/signups.sh [seconds=10] [clients=32]
#
# bench/SignupBench (a small C# client, HttpClient, one task per client): each client GETs / with
# its own cookie jar, takes __RequestVerificationToken and stamp from form.newsletter-signup,
# then POSTs distinct addresses to /newsletter with Accept: application/json (email, stamp,
# __RequestVerificationToken, returnUrl=/) one after another, counting 200 {"ok":true}. 2 s
# warm-up, then the measured window. The site runs with Newsletter__RateLimitPerMinute=100000
# (the highest allowed) and Newsletter__MinSecondsToSubmit=0. Afterwards the subscriber CSV
# must hold exactly one record per acknowledged signup (warm-up and tail included): the site
# answers {"ok":true} to bot-like posts too, without storing them, so this check matters.
# Reference in the same run: the same client against GET /healthz. Goal: >= 2,000 signups/s.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
seconds="${1:-10}"
clients="${2:-32}"

need_cmds curl:curl
bench_init
publish_app
echo "building bench/SignupBench (Release) ..." >&2
dotnet build "$script_dir/SignupBench" -c Release -nologo -o "$BENCH_TMP/client" >"$BENCH_TMP/client-build.log" 2>&1 || {
    cat "$BENCH_TMP/client-build.log" >&2
    exit 1
}

port="$(free_port)"
start_app "$port" "$repo_root/content" Newsletter__RateLimitPerMinute=100000 Newsletter__MinSecondsToSubmit=0
wait_ok "http://127.0.0.1:$port/healthz" 60
csv="$BENCH_TMP/data-$port/subscribers.csv"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo), dotnet $(dotnet --version); subscriber file on $(df -PT "$BENCH_TMP" | awk 'NR == 2 { print $2 }')"
echo "client: $clients parallel clients, ${seconds} s after a 2 s warm-up; the client runs on the same cores"
echo "before: $(load_note)"
warn_if_busy

client() {
    dotnet "$BENCH_TMP/client/SignupBench.dll" "http://127.0.0.1:$port" "$1" "$seconds" "$clients" 2
}
field() {
    echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'
}

health="$(client healthz)"
echo "GET /healthz (reference): $(field "$health" rate) req/s, p50 $(field "$health" p50_ms) ms, p99 $(field "$health" p99_ms) ms, other answers: $(field "$health" other)"
echo "  $(load_note)"

signup="$(client signup)"
rate="$(field "$signup" rate)"
acked="$(field "$signup" total_ok)"
echo "POST /newsletter: $rate acknowledged signups/s ($(field "$signup" ok) in ${seconds} s), p50 $(field "$signup" p50_ms) ms, p99 $(field "$signup" p99_ms) ms, other answers: $(field "$signup" other)"
echo "  $(load_note)"
echo "goal >= 2000 signups/s: $([[ $rate -ge 2000 ]] && echo met || echo NOT met)"

# Acknowledged means written and fsynced, so the file must already hold them all (the site is
# still running); only complete lines count.
records=$(($(grep -c '' "$csv") - 1))
run="$(field "$signup" run)"
mine="$(grep -c "^bench-$run-" "$csv" || true)"
distinct="$(cut -d, -f1 "$csv" | tail -n +2 | sort -u | wc -l)"
echo "subscriber CSV: $records records ($mine from this run, $distinct distinct); acknowledged by the client: $acked (warm-up $(field "$signup" warmup_ok), tail $(field "$signup" tail_ok))"
if [[ "$records" -eq "$acked" && "$mine" -eq "$acked" && "$distinct" -eq "$records" ]]; then
    echo "CSV check: exact match"
else
    echo "CSV check: MISMATCH"
    exit 1
fi
