#!/usr/bin/env bash
# Start-up time and peak memory of the published site on N generated articles, with the plain
# sample content measured in the same run as a reference.
# Usage: bench/startup.sh [N=10000]
#
# For each content folder: the clock starts just before `dotnet ArticleReader.Web.dll` is
# launched and stops at the first 200 of an article page (curl polling in a tight loop). Then
# VmHWM/VmRSS are read from /proc/<pid>/status, a 10 s warm load runs (wrk, 2 threads, 32
# connections, cycling through the home page, up to 300 articles from the sitemap, search,
# listings and feeds) and VmHWM is read again. Goals for N articles: <= 3 s, <= 600 MB.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
count="${1:-10000}"
[[ "$count" =~ ^[0-9]+$ && "$count" -ge 1 ]] || { echo "usage: bench/startup.sh [N=10000]" >&2; exit 2; }
warm_seconds="${WARM_SECONDS:-10}"

need_cmds curl:curl wrk:wrk
bench_init
publish_app
corpus="$BENCH_TMP/corpus"
gen_start="$(now_ms)"
"$script_dir/gen-corpus.sh" "$count" "$corpus"
echo "generated $count articles in $(($(now_ms) - gen_start)) ms ($(du -sm "$corpus" | cut -f1) MB on disk)"

status_kb() {
    awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"
}

# measure LABEL CONTENT_ROOT ARTICLE_PATH
measure() {
    local label="$1" content="$2" article="$3" port start first code tries=0 hwm1 rss1 hwm2 rss2 paths
    port="$(free_port)"
    sync
    echo
    echo "$label: $(load_note)"
    start="$(now_ms)"
    start_app "$port" "$content"
    while :; do
        code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port$article" || true)"
        tries=$((tries + 1))
        [[ "$code" == 200 ]] && break
        if ! kill -0 "$APP_PID" 2>/dev/null || (($(now_ms) - start > 120000)); then
            echo "no 200 from $article (last answer $code); log:" >&2
            tail -n 30 "$APP_LOG" >&2
            exit 1
        fi
    done
    first=$(($(now_ms) - start))
    hwm1="$(status_kb "$APP_PID" VmHWM)" rss1="$(status_kb "$APP_PID" VmRSS)"

    # A warm load over many distinct pages.
    paths="$(curl -s "http://127.0.0.1:$port/sitemap.xml" | grep -o "<loc>[^<]*/articles/[^<]*</loc>" | sed -E 's#<loc>https?://[^/]*##; s#</loc>##' | head -n 300 || true)"
    {
        echo 'local paths = {'
        for p in / "/?page=2" "/search?q=grain" "/search?q=release" /briefs /feed.xml "/sections/europe" "/tags/grain"; do
            printf '  "%s",\n' "$p"
        done
        while IFS= read -r p; do
            [[ -n "$p" ]] && printf '  "%s",\n' "$p"
        done <<<"$paths"
        echo '}'
        echo 'local i = 0'
        echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'
    } >"$BENCH_TMP/warm.lua"
    wrk -t2 -c32 -d"${warm_seconds}s" -s "$BENCH_TMP/warm.lua" "http://127.0.0.1:$port" >"$BENCH_TMP/warm-$port.txt"
    hwm2="$(status_kb "$APP_PID" VmHWM)" rss2="$(status_kb "$APP_PID" VmRSS)"
    stop_pid "$APP_PID"

    awk -v label="$label" -v first="$first" -v tries="$tries" -v hwm1="$hwm1" -v rss1="$rss1" -v hwm2="$hwm2" -v rss2="$rss2" \
        -v rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$BENCH_TMP/warm-$port.txt")" \
        -v bad="$(grep -E 'Non-2xx' "$BENCH_TMP/warm-$port.txt" | sed 's/^ *//')" -v goals="$4" -v warm="$warm_seconds" 'BEGIN {
        printf "  first article 200 after %d ms (%d polls)%s\n", first, tries, goals ? sprintf("   goal <= 3000 ms: %s", (first <= 3000 ? "met" : "NOT met")) : ""
        printf "  after first answer: VmHWM %.0f MB, VmRSS %.0f MB\n", hwm1 / 1024, rss1 / 1024
        printf "  after %d s warm load (%s req/s%s): VmHWM %.0f MB, VmRSS %.0f MB%s\n", warm, rps, bad ? ", " bad : "", hwm2 / 1024, rss2 / 1024, goals ? sprintf("   goal <= 600 MB: %s", (hwm2 / 1024 <= 600 ? "met" : "NOT met")) : ""
    }'
}

article_slug="$(grep -rh -m1 '^slug: black-sea-grain-corridor-' "$corpus" | head -n 1 | sed 's/^slug: //' || true)"
[[ -n "$article_slug" ]] || article_slug="$(grep -rh -m1 '^slug: ' "$corpus" | head -n 1 | sed 's/^slug: //' || true)"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo), dotnet $(dotnet --version)"
warn_if_busy
measure "sample content ($(find "$repo_root/content" -name '*.md' ! -path "$repo_root/content/README.md" | wc -l) files, reference)" "$repo_root/content" /articles/black-sea-grain-corridor ""
measure "$count generated articles" "$corpus" "/articles/$article_slug" goals
