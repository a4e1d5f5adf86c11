#!/usr/bin/env bash
# Where the time of one article request goes: the same wrk load (2 threads, 32 connections) on
# variants that each remove one piece of work, to explain the gap to nginx in compare-nginx.sh.
# Usage: bench/page-cost.sh [seconds per run=5]
#
#   article                 as compare-nginx.sh asks: no Accept-Encoding
#   article + br            Accept-Encoding: br, gzip, as browsers ask (the cached Brotli form)
#   article + gzip          Accept-Encoding: gzip (the cached gzip form)
#   article, 304            If-None-Match with the page's ETag (a browser's revalidation)
#   article, log every request  the site restarted with a log line for every request
#                           (the default writes lines only for failed and slow requests)
#   /healthz                the pipeline without a page (floor of the framework on this machine)
#   /css/site.*.css         a static asset (precompressed file endpoint)
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
seconds="${1:-5}"
article=/articles/black-sea-grain-corridor

need_cmds curl:curl wrk:wrk
bench_init
publish_app

# rate URL [wrk args...] -> requests/s after a 2 s warm-up
rate() {
    local url="$1" out
    shift
    wrk -t2 -c32 -d2s "$@" "$url" >/dev/null
    out="$(wrk -t2 -c32 -d"${seconds}s" --latency "$@" "$url")"
    echo "$out" | grep -E 'Non-2xx|Socket errors' >&2 || true
    echo "$out" | awk '/^Requests\/sec:/ { rps = $2 } $1 == "99%" { p99 = $2 } END { printf "%8.0f req/s  p99 %s", rps, p99 }'
}

port="$(free_port)"
start_app "$port" "$repo_root/content"
wait_ok "http://127.0.0.1:$port/healthz" 60
base="http://127.0.0.1:$port"
etag="$(curl -s -D - -o /dev/null "$base$article" | awk -F': ' 'tolower($1) == "etag" { sub(/\r$/, "", $2); print $2 }')"
css="$(curl -s "$base$article" | grep -o '/css/site[^"]*\.css' | head -n 1 || true)"

echo "wrk -t2 -c32 -d${seconds}s each, after a 2 s warm-up; $(nproc) cores shared by wrk and the site; $(load_note)"
warn_if_busy
printf '%-34s %s\n' "article" "$(rate "$base$article")"
printf '%-34s %s\n' "article + Accept-Encoding br, gzip" "$(rate "$base$article" -H 'Accept-Encoding: br, gzip')"
printf '%-34s %s\n' "article + Accept-Encoding gzip" "$(rate "$base$article" -H 'Accept-Encoding: gzip')"
printf '%-34s %s\n' "article, If-None-Match (304)" "$(rate "$base$article" -H "If-None-Match: $etag")"
printf '%-34s %s\n' "/healthz" "$(rate "$base/healthz")"
[[ -n "$css" ]] && printf '%-34s %s\n' "$css" "$(rate "$base$css")"
stop_pid "$APP_PID"

port="$(free_port)"
start_app "$port" "$repo_root/content" "Serilog__MinimumLevel__Override__Serilog.AspNetCore.RequestLoggingMiddleware=Debug"
wait_ok "http://127.0.0.1:$port/healthz" 60
printf '%-34s %s\n' "article, log every request" "$(rate "http://127.0.0.1:$port$article")"
echo "after: $(load_note)"
