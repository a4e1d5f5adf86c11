#!/usr/bin/env bash
# Transferred bytes of the article page: its HTML and every stylesheet (<link rel=stylesheet>)
# and script (<script src>) it references, each fetched as a browser would with
# `Accept-Encoding: br, gzip` (curl --compressed -w '%{size_download}').
# Usage: bench/page-weight.sh [path=/articles/black-sea-grain-corridor]
# Prints one line per resource (bytes on the wire, encoding, uncompressed bytes, Cache-Control)
# and the total against the goal of 30 KB (30,000 bytes). Images are not counted.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
page="${1:-/articles/black-sea-grain-corridor}"
goal=30000

need_cmds curl:curl
bench_init
publish_app
port="$(free_port)"
start_app "$port" "$repo_root/content"
wait_ok "http://127.0.0.1:$port/healthz" 60
base="http://127.0.0.1:$port"

# fetch PATH -> "wire_bytes encoding raw_bytes cache-control"
fetch() {
    local headers="$BENCH_TMP/headers" wire raw encoding cache code
    read -r code wire < <(curl -sS --compressed -H 'Accept-Encoding: br, gzip' -D "$headers" -o /dev/null -w '%{http_code} %{size_download}\n' "$base$1")
    [[ "$code" == 200 ]] || { echo "GET $1 answered $code" >&2; exit 1; }
    encoding="$(awk -F': *' 'tolower($1) == "content-encoding" { gsub(/\r/, "", $2); print $2 }' "$headers")"
    cache="$(awk -F': *' 'tolower($1) == "cache-control" { gsub(/\r/, "", $2); print $2 }' "$headers")"
    raw="$(curl -sS -o /dev/null -w '%{size_download}' "$base$1")"
    echo "$wire ${encoding:-identity} $raw ${cache:-none}"
}

curl -sS "$base$page" >"$BENCH_TMP/page.html"
# <link ... rel="stylesheet" ... href="..."> and <script ... src="...">, in page order.
resources="$(grep -oiE '<link[^>]*>|<script[^>]*>' "$BENCH_TMP/page.html" \
    | awk 'tolower($0) ~ /^<link/ && tolower($0) ~ /rel="?stylesheet/ { if (match($0, /href="[^"]*"/)) print substr($0, RSTART + 6, RLENGTH - 7) }
           tolower($0) ~ /^<script/ { if (match($0, /src="[^"]*"/)) print substr($0, RSTART + 5, RLENGTH - 6) }')"

printf '%-48s %9s %-9s %12s  %s\n' resource wire encoding uncompressed cache-control
total=0
total_raw=0
while IFS= read -r path; do
    [[ -z "$path" ]] && continue
    if [[ "$path" =~ ^https?:// ]]; then
        echo "$path: on another host, not counted" >&2
        continue
    fi
    read -r wire encoding raw cache <<<"$(fetch "$path")"
    printf '%-48s %9d %-9s %12d  %s\n' "$path" "$wire" "$encoding" "$raw" "$cache"
    total=$((total + wire))
    total_raw=$((total_raw + raw))
done < <(printf '%s\n' "$page" "$resources")
printf '%-48s %9d %-9s %12d\n' total "$total" "" "$total_raw"
echo "goal: total <= $goal bytes (30 KB): $([[ $total -le $goal ]] && echo met || echo NOT met)"
