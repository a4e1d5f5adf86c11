#!/usr/bin/env bash
# Soak test: runs the Release site as a process on a loopback port over a temporary copy of
# content/ (plus ../shared/corpus/rust-blog/posts when present) under mixed load for a while:
# page reads (wrk, or curl loops without it), searches, newsletter signups and content churn.
# Every minute it prints the site's resident memory (VmRSS) and the 5xx answers so far; at the
# end a summary. Exits 1 on any 5xx, on any request that could not be answered, or when the site
# died or lost an acknowledged signup.
#
#   bench/soak.sh [seconds]        default 600
#   ARTICLEREADER_CORPUS=/path/to/posts bench/soak.sh   another corpus folder (as test.sh names it)
#   SOAK_EXTRA_PATHS="/a /b?x=1" bench/soak.sh          more paths for the readers (space-separated)
#   KEEP_SOAK_FILES=1 bench/soak.sh                     keep the temporary folder (log, data) afterwards
set -uo pipefail

DURATION="${1:-600}"
if ! [[ "$DURATION" =~ ^[0-9]+$ ]] || [ "$DURATION" -lt 10 ]; then
  echo "usage: bench/soak.sh [seconds >= 10]" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
WORK="$(mktemp -d /tmp/articlereader-soak.XXXXXX)"
APP_PID=""
LOAD_PIDS=()

cleanup() {
  touch "$WORK/stop" 2>/dev/null
  for pid in "${LOAD_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$APP_PID" 2>/dev/null
  fi
  if [ "${KEEP_SOAK_FILES:-0}" = "1" ]; then echo "files kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build and prepare ------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is missing; installing it (apt-get install -y wrk)..."
  (apt-get install -y -qq wrk || (apt-get update -qq && apt-get install -y -qq wrk)) >/dev/null 2>&1 \
    || echo "WARNING: wrk could not be installed; page reads use curl loops instead."
fi
echo "Building the site (Release)..."
dotnet build src/ArticleReader.Web -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
APP_DIR="$ROOT/src/ArticleReader.Web/bin/Release/net10.0"

mkdir -p "$WORK/data" "$WORK/keys" "$WORK/status"
touch "$WORK/status/wrk.log" "$WORK/status/search.log" "$WORK/status/signup.log" "$WORK/acknowledged.txt"
cp -r "$ROOT/content" "$WORK/content"
CORPUS="${ARTICLEREADER_CORPUS:-$ROOT/../shared/corpus/rust-blog/posts}"
if [ -d "$CORPUS" ]; then
  mkdir -p "$WORK/content/corpus"
  cp -r "$CORPUS/." "$WORK/content/corpus/"
  echo "Content: content/ plus $(find "$WORK/content/corpus" -name '*.md' | wc -l) corpus posts"
else
  echo "Content: content/ only (no corpus at $CORPUS)"
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if port_free "$candidate"; then PORT=$candidate; break; fi
done
[ -n "$PORT" ] || { echo "no free port found" >&2; exit 1; }
BASE="http://127.0.0.1:$PORT"

# --- start the site ---------------------------------------------------------------------------
(
  cd "$APP_DIR" && exec env \
    ASPNETCORE_ENVIRONMENT=Production \
    Content__Root="$WORK/content" \
    Newsletter__SubscribersFile="$WORK/data/subscribers.csv" \
    Newsletter__MinSecondsToSubmit=0 \
    Newsletter__RateLimitPerMinute=100000 \
    DataProtection__KeysFolder="$WORK/keys" \
    Serilog__MinimumLevel__Default=Warning \
    dotnet ArticleReader.Web.dll --urls "$BASE"
) >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 600); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/healthz")" = "200" ] && break
  kill -0 "$APP_PID" 2>/dev/null || { echo "the site exited during start:"; cat "$WORK/app.log"; exit 1; }
  sleep 0.1
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")" = "200" ] || { echo "/healthz never answered 200"; tail -40 "$WORK/app.log"; exit 1; }

# Every published URL, from the sitemap, plus listings, feeds and pages of every kind.
curl -s "$BASE/sitemap.xml" | grep -o '<loc>[^<]*' | sed -E 's#<loc>https?://[^/]+##' >"$WORK/paths.txt"
printf '%s\n' / "/?page=2" /briefs /feed.xml /atom.xml /robots.txt /css/site.css /js/site.js \
  /media/images/a-chip-die.svg /articles/no-such-piece "/?page=abc" >>"$WORK/paths.txt"
for extra in ${SOAK_EXTRA_PATHS:-}; do echo "$extra" >>"$WORK/paths.txt"; done
echo "Site: pid $APP_PID on $BASE, $(wc -l <"$WORK/paths.txt") paths to read, for ${DURATION}s"

START=$(date +%s)
END=$((START + DURATION))
running() { [ ! -e "$WORK/stop" ] && [ "$(date +%s)" -lt "$END" ]; }

# --- load -------------------------------------------------------------------------------------
# Reads: wrk in chunks of at most 60 s, a Lua script picking random paths and counting 5xx.
if command -v wrk >/dev/null 2>&1; then
  {
    echo "local paths = {"
    sed 's/.*/  "&",/' "$WORK/paths.txt"
    cat <<'LUA'
}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) server_errors = 0 end
function request() return wrk.format("GET", paths[math.random(#paths)]) end
function response(status, headers, body) if status >= 500 then server_errors = server_errors + 1 end end
function done(summary, latency, requests)
  local e = 0
  for _, t in ipairs(threads) do e = e + t:get("server_errors") end
  local s = summary.errors
  io.write(string.format("WRK %d %d %d\n", summary.requests, e, s.connect + s.read + s.write + s.timeout))
end
LUA
  } >"$WORK/read.lua"
  (
    while running; do
      # Each run ends 2 s before the next minute's sample, so the sample sees its count.
      now=$(date +%s)
      boundary=$((START + ((now - START) / 60 + 1) * 60)); [ "$boundary" -gt "$END" ] && boundary=$END
      chunk=$((boundary - now - 2))
      if [ "$chunk" -lt 1 ]; then sleep 1; continue; fi
      wrk -t1 -c8 -d"${chunk}s" --timeout 10s -s "$WORK/read.lua" "$BASE" 2>&1 | grep '^WRK' >>"$WORK/status/wrk.log"
    done
  ) &
  LOAD_PIDS+=($!)
else
  for n in 1 2 3 4; do
    (
      mapfile -t paths <"$WORK/paths.txt"
      while running; do
        curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 "$BASE${paths[RANDOM % ${#paths[@]}]}" >>"$WORK/status/read-$n.log"
      done
    ) &
    LOAD_PIDS+=($!)
  done
fi

# Searches: words from the magazine and the corpus, a few odd queries.
(
  words=(grain ports chips drones rust cargo async nile water election defence "black sea" "export controls" "borrow checker" "%3Cscript%3E" "a" "zzzz" "ü" "trait objects")
  while running; do
    q="${words[RANDOM % ${#words[@]}]}"
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 -G "$BASE/search" --data-urlencode "q=$q" >>"$WORK/status/search.log"
    sleep 0.05
  done
) &
LOAD_PIDS+=($!)

# Signups: GET a page, then its form's fields (cookie, token and stamp) from /newsletter/fields,
# then POST as the page's script does.
(
  n=0
  jar="$WORK/cookies.txt"
  while running; do
    n=$((n + 1))
    page=$(curl -s --max-time 10 -c "$jar" -b "$jar" -w '\n%{http_code}' "$BASE/")
    tail -n1 <<<"$page" >>"$WORK/status/signup.log"
    fields=$(curl -s --max-time 10 -c "$jar" -b "$jar" "$BASE/newsletter/fields")
    token=$(grep -o '"__RequestVerificationToken":"[^"]*"' <<<"$fields" | sed 's/.*:"//; s/"$//')
    stamp=$(grep -o '"stamp":"[^"]*"' <<<"$fields" | sed 's/.*:"//; s/"$//')
    answer=$(curl -s --max-time 10 -c "$jar" -b "$jar" -H 'Accept: application/json' -w '\n%{http_code}' \
      --data-urlencode "email=soak-$n-$$@example.com" --data-urlencode "__RequestVerificationToken=$token" \
      --data-urlencode "stamp=$stamp" --data-urlencode "returnUrl=/" --data-urlencode "website=" "$BASE/newsletter")
    code=$(tail -n1 <<<"$answer")
    echo "$code" >>"$WORK/status/signup.log"
    if [ "$code" = "200" ] && grep -q '"ok":true' <<<"$answer"; then echo "soak-$n-$$@example.com" >>"$WORK/acknowledged.txt"; fi
    sleep 0.2
  done
) &
LOAD_PIDS+=($!)

# Content churn: add, change (atomically or in place), break and delete files in one folder.
(
  mkdir -p "$WORK/content/soak-churn"
  v=0
  while running; do
    v=$((v + 1))
    slot=$((RANDOM % 20))
    file="$WORK/content/soak-churn/churn-$slot.md"
    text=$(printf -- '---\ntitle: Soak churn v%d slot %d\ndate: 2025-06-01\nsection: Soak\ntags: [Soak, Churn]\n---\n\nversion-marker-%d. %s\n' \
      "$v" "$slot" "$v" "$(printf 'Grain ports and chips, sentence %d. ' $(seq 1 $((20 + RANDOM % 200))))")
    case $((RANDOM % 10)) in
      0|1|2) printf '%s' "$text" >"$file.tmp" && mv -f "$file.tmp" "$file" ;;
      3|4|5) printf '%s' "$text" >"$file" ;;
      6|7) rm -f "$file" ;;
      8) printf -- '---\ntitle: [broken v%d\n---\nbody\n' "$v" >"$file" ;;
      9) printf 'not an article %d\n' "$v" >"$WORK/content/soak-churn/notes-$slot.txt" ;;
    esac
    sleep "0.$((2 + RANDOM % 8))"
  done
) &
LOAD_PIDS+=($!)

# --- sample every minute ----------------------------------------------------------------------
count_lines() { cat "$@" 2>/dev/null | wc -l; }
count_5xx() { cat "$@" 2>/dev/null | grep -c '^5'; }
sample() {
  local rss server_5xx wrk_requests wrk_5xx wrk_socket curl_requests curl_5xx subscribers
  rss=$(awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status" 2>/dev/null || echo "-")
  server_5xx=$(grep -c 'responded 5[0-9][0-9]' "$WORK/app.log")
  read -r wrk_requests wrk_5xx wrk_socket < <(awk '{ r += $2; e += $3; s += $4 } END { printf "%d %d %d\n", r, e, s }' "$WORK/status/wrk.log" 2>/dev/null || echo "0 0 0")
  curl_requests=$(count_lines "$WORK"/status/*-*.log "$WORK"/status/search.log "$WORK"/status/signup.log)
  curl_5xx=$(count_5xx "$WORK"/status/*-*.log "$WORK"/status/search.log "$WORK"/status/signup.log)
  subscribers=$(count_lines "$WORK/data/subscribers.csv"); [ "$subscribers" -gt 0 ] && subscribers=$((subscribers - 1))
  printf '%6s %8s %8s %10s %10s %8s %8s %12s\n' "$1" "$(( $(date +%s) - START ))" "$rss" "$((wrk_requests + curl_requests))" \
    "$server_5xx" "$((wrk_5xx + curl_5xx))" "$(count_lines "$WORK/status/search.log")" "$subscribers"
  LAST_RSS=$rss; LAST_SERVER_5XX=$server_5xx; LAST_CLIENT_5XX=$((wrk_5xx + curl_5xx)); LAST_REQUESTS=$((wrk_requests + curl_requests))
  LAST_SOCKET_ERRORS=$wrk_socket
  [ "$rss" != "-" ] && RSS_SERIES+=("$rss")
}

RSS_SERIES=()
printf '%6s %8s %8s %10s %10s %8s %8s %12s\n' minute elapsed rss_mb requests 5xx_server 5xx_seen searches subscribers
sample 0
minute=0
while [ "$(date +%s)" -lt "$END" ]; do
  next=$((START + (minute + 1) * 60)); [ "$next" -gt "$END" ] && next=$END
  while [ "$(date +%s)" -lt "$next" ]; do
    sleep 1
    kill -0 "$APP_PID" 2>/dev/null || break 2
  done
  minute=$((minute + 1))
  sample "$minute"
done
wait "${LOAD_PIDS[@]}" 2>/dev/null
LOAD_PIDS=()
alive=1; kill -0 "$APP_PID" 2>/dev/null || alive=0
sample end

# --- summary ----------------------------------------------------------------------------------
acknowledged=$(count_lines "$WORK/acknowledged.txt")
missing="-"
if [ "$alive" = "1" ]; then
  kill -TERM "$APP_PID"; for _ in $(seq 1 30); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 1; done
  (cd "$APP_DIR" && Newsletter__SubscribersFile="$WORK/data/subscribers.csv" dotnet ArticleReader.Web.dll subscribers export 2>/dev/null) \
    | cut -d, -f1 | sort >"$WORK/exported.txt"
  missing=$(sort "$WORK/acknowledged.txt" 2>/dev/null | comm -23 - "$WORK/exported.txt" | wc -l)
fi
n=${#RSS_SERIES[@]}
half=$((n / 2))
max_first=0; for ((i = 0; i < half; i++)); do [ "${RSS_SERIES[i]}" -gt "$max_first" ] && max_first=${RSS_SERIES[i]}; done
max_all=0; for r in "${RSS_SERIES[@]}"; do [ "$r" -gt "$max_all" ] && max_all=$r; done
echo
echo "Summary: ${DURATION}s on $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM, $(dotnet --version) SDK"
echo "  requests answered:        $LAST_REQUESTS (wrk socket errors/timeouts: ${LAST_SOCKET_ERRORS:-0})"
echo "  5xx logged by the site:   $LAST_SERVER_5XX; 5xx seen by clients: $LAST_CLIENT_5XX"
echo "  memory (VmRSS, MB):       start ${RSS_SERIES[0]:-?}, max in first half $max_first, max overall $max_all, end ${LAST_RSS}"
echo "  signups acknowledged:     $acknowledged; missing from the export: $missing"
echo "  site alive at the end:    $([ "$alive" = "1" ] && echo yes || echo NO)"
grep -E ' (ERR|FTL)\] ' "$WORK/app.log" | head -5

status=0
[ "$LAST_SERVER_5XX" -gt 0 ] || [ "$LAST_CLIENT_5XX" -gt 0 ] && status=1
[ "${LAST_SOCKET_ERRORS:-0}" -gt 0 ] && status=1
[ "$alive" = "1" ] || status=1
[ "$missing" = "0" ] || status=1
echo "Result: $([ "$status" = 0 ] && echo PASS || echo FAIL)"
exit "$status"
