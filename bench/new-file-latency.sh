#!/usr/bin/env bash
# How soon a new article is live: the published site runs on a copy of the sample content; 10
# times a new article is written the way editors' tools save (a temp name in the same folder,
# then mv), and its URL is polled with curl until it answers 200.
# Usage: bench/new-file-latency.sh [rounds=10]
# Prints each latency in ms (from the start of the write to the first 200) and how many were
# within 300 ms (goal: 9 of 10).
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
rounds="${1:-10}"
limit_ms=300

need_cmds curl:curl
bench_init
publish_app
content="$BENCH_TMP/content"
cp -R "$repo_root/content" "$content"
port="$(free_port)"
start_app "$port" "$content"
wait_ok "http://127.0.0.1:$port/healthz" 60
# No untimed warm-up round: the first save after a start counts like any other.
sleep 1

echo "machine: $(nproc) cores, dotnet $(dotnet --version); before: $(load_note)"
warn_if_busy
within=0
results=()
for round in $(seq 1 "$rounds"); do
    slug="bench-new-article-$round-$RANDOM"
    url="http://127.0.0.1:$port/articles/$slug"
    tmp="$content/.$slug.md.tmp"
    start="$(now_ms)"
    cat >"$tmp" <<EOF
---
title: A new article for the latency benchmark, round $round
dek: Written by bench/new-file-latency.sh to time how soon a new file is served.
date: $(date -u +%Y-%m-%d)
author: Bench Writer
section: Europe
tags: [Benchmark]
---

This article was written to a temporary name and then renamed, as editors' tools do.
EOF
    mv "$tmp" "$content/$slug.md"
    polls=0
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url")" == 200 ]]; do
        polls=$((polls + 1))
        if (($(now_ms) - start > 30000)); then
            echo "round $round: $url not served after 30 s" >&2
            break
        fi
    done
    elapsed=$(($(now_ms) - start))
    ((elapsed <= limit_ms)) && within=$((within + 1))
    results+=("$elapsed")
    printf 'round %2d: %5d ms (%d polls)\n' "$round" "$elapsed" "$polls"
    sleep 1
done
sorted="$(printf '%s\n' "${results[@]}" | sort -n | tr '\n' ' ')"
echo "sorted: $sorted"
goal=$(((rounds * 9 + 9) / 10))
echo "within ${limit_ms} ms: $within of $rounds   (goal $goal of $rounds: $([[ $within -ge $goal ]] && echo met || echo NOT met))"
echo "after: $(load_note)"
