#!/usr/bin/env bash
# Requests/s of the site next to nginx serving the very same bytes as a static file.
# Usage: bench/compare-nginx.sh [seconds per run, default 10]
#
# For the article page (/articles/black-sea-grain-corridor) and the home page (/), the site's
# HTML is fetched once with curl (no Accept-Encoding, as wrk asks) and saved; nginx (own config,
# loopback port, sendfile, the site's security headers) serves that file at the same path. Its
# access log is off, as the site writes no line for a quick success (the reverse proxy in front
# keeps the access log; docs/deployment.md). After a 3 s warm-up of each, wrk (2 threads, 32 connections, --latency)
# runs A B A B: site, nginx, site, nginx. Prints requests/s per run, the means, the ratio
# site/nginx and p99 latencies. Goals: >= 0.9x nginx on both pages; p99 < 10 ms on the article.
# A third pair, "article-br", sends Accept-Encoding: br as browsers do: the site answers from its
# cached Brotli form, and nginx serves those very bytes (saved once) with Content-Encoding: br.
# wrk, nginx and the site share the machine's cores; the ratio is the figure to compare.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
seconds="${1:-10}"
threads=2
connections=32

need_cmds curl:curl wrk:wrk nginx:nginx-light
bench_init
publish_app

app_port="$(free_port)"
start_app "$app_port" "$repo_root/content"
app_pid="$APP_PID"
wait_ok "http://127.0.0.1:$app_port/healthz" 60

pages=("article:/articles/black-sea-grain-corridor" "home:/" "article-br:/articles/black-sea-grain-corridor")
www="$BENCH_TMP/www"
# encoding_args NAME -> the curl/wrk header for the pair (none: identity, as wrk asks by default)
encoding_args() { [[ "$1" == *-br ]] && echo "-H Accept-Encoding:br" || true; }
# nginx_path NAME PATH -> where nginx serves the saved copy
nginx_path() { [[ "$1" == *-br ]] && echo "/br$2" || echo "$2"; }
mkdir -p "$www" "$BENCH_TMP/nginx"
for page in "${pages[@]}"; do
    name="${page%%:*}" path="${page#*:}"
    code="$(curl -sS -o "$www/$name.html" -w '%{http_code}' $(encoding_args "$name") "http://127.0.0.1:$app_port$path")"
    [[ "$code" == 200 ]] || { echo "GET $path answered $code" >&2; exit 1; }
    chmod 644 "$www/$name.html"
done

nginx_port="$(free_port)"
user_line=""
[[ "$(id -u)" == 0 ]] && user_line="user nobody nogroup;"
# The site's headers, for every location (nginx drops the server's add_header in a location with its own).
cat >"$BENCH_TMP/nginx/headers.conf" <<'EOF'
add_header Cache-Control "public, no-cache" always;
add_header Vary Accept-Encoding always;
add_header X-Frame-Options DENY always;
add_header X-Content-Type-Options nosniff always;
add_header Referrer-Policy strict-origin-when-cross-origin always;
add_header Permissions-Policy "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" always;
add_header Cross-Origin-Opener-Policy same-origin always;
add_header Content-Security-Policy "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'" always;
EOF
cat >"$BENCH_TMP/nginx/nginx.conf" <<EOF
$user_line
worker_processes auto;
daemon off;
pid $BENCH_TMP/nginx/nginx.pid;
error_log $BENCH_TMP/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $BENCH_TMP/nginx/body;
    proxy_temp_path $BENCH_TMP/nginx/proxy;
    fastcgi_temp_path $BENCH_TMP/nginx/fastcgi;
    uwsgi_temp_path $BENCH_TMP/nginx/uwsgi;
    scgi_temp_path $BENCH_TMP/nginx/scgi;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    types { text/html html; }
    default_type text/html;
    charset utf-8;
    etag on;
    server {
        listen 127.0.0.1:$nginx_port;
        root $www;
        include $BENCH_TMP/nginx/headers.conf;
        location = /articles/black-sea-grain-corridor { try_files /article.html =404; }
        location = / { try_files /home.html =404; }
        location = /br/articles/black-sea-grain-corridor {
            try_files /article-br.html =404;
            add_header Content-Encoding br always;
            # add_header in a location replaces the server's: include them again.
            include $BENCH_TMP/nginx/headers.conf;
        }
    }
}
EOF
nginx -c "$BENCH_TMP/nginx/nginx.conf" -p "$BENCH_TMP/nginx" -e "$BENCH_TMP/nginx/error.log" &
nginx_pid=$!
track_pid "$nginx_pid"
wait_ok "http://127.0.0.1:$nginx_port/" 10

# Same bytes?
for page in "${pages[@]}"; do
    name="${page%%:*}" path="${page#*:}"
    cmp -s "$www/$name.html" <(curl -sS $(encoding_args "$name") "http://127.0.0.1:$nginx_port$(nginx_path "$name" "$path")") || { echo "nginx does not serve the saved $name page" >&2; exit 1; }
done

# cpu_ticks PID -> user+system clock ticks of PID and its children (nginx's workers)
cpu_ticks() {
    local pid total=0 u s
    for pid in "$1" $(pgrep -P "$1" || true); do
        read -r u s < <(awk '{ print $14, $15 }' "/proc/$pid/stat" 2>/dev/null || echo "0 0")
        total=$((total + u + s))
    done
    echo "$total"
}

# run_wrk URL SECONDS [HEADER] [PID] -> "rps p99_ms cpu_us_per_request" ; warns on errors or non-2xx answers.
# The CPU time the server (PID) spent per request is less disturbed by other work on the machine
# than requests/s are, so it is printed next to them.
run_wrk() {
    local out rps p99 bad before after requests
    before="$(cpu_ticks "${4:-$$}")"
    out="$(wrk -t"$threads" -c"$connections" -d"$2s" --latency ${3:+-H "$3"} "$1")"
    after="$(cpu_ticks "${4:-$$}")"
    requests="$(echo "$out" | awk '/requests in/ { print $1 }')"
    echo "$out" >>"$BENCH_TMP/wrk.log"
    bad="$(echo "$out" | grep -E 'Non-2xx|Socket errors' || true)"
    [[ -n "$bad" ]] && echo "warning: $1: $bad" >&2
    rps="$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')"
    p99="$(echo "$out" | awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }')"
    echo "$rps $p99 $(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.1f", t / hz / n * 1e6 }')"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo), dotnet $(dotnet --version), $(nginx -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "wrk -t$threads -c$connections -d${seconds}s --latency, 3 s warm-up each, order A B A B (A = site, B = nginx)"
echo "article: $(wc -c <"$www/article.html") bytes, home: $(wc -c <"$www/home.html") bytes (uncompressed, as wrk asks); article-br: $(wc -c <"$www/article-br.html") bytes (Brotli)"
echo "before: $(load_note)"
warn_if_busy

for page in "${pages[@]}"; do
    name="${page%%:*}" path="${page#*:}"
    app_url="http://127.0.0.1:$app_port$path" nginx_url="http://127.0.0.1:$nginx_port$(nginx_path "$name" "$path")"
    header=""
    [[ "$name" == *-br ]] && header="Accept-Encoding: br"
    run_wrk "$app_url" 3 "$header" >/dev/null
    run_wrk "$nginx_url" 3 "$header" >/dev/null
    read -r a1 ap1 ac1 <<<"$(run_wrk "$app_url" "$seconds" "$header" "$app_pid")"
    read -r b1 bp1 bc1 <<<"$(run_wrk "$nginx_url" "$seconds" "$header" "$nginx_pid")"
    read -r a2 ap2 ac2 <<<"$(run_wrk "$app_url" "$seconds" "$header" "$app_pid")"
    read -r b2 bp2 bc2 <<<"$(run_wrk "$nginx_url" "$seconds" "$header" "$nginx_pid")"
    awk -v name="$name" -v path="$path" -v a1="$a1" -v a2="$a2" -v b1="$b1" -v b2="$b2" \
        -v ap1="$ap1" -v ap2="$ap2" -v bp1="$bp1" -v bp2="$bp2" -v load="$(load_note)" \
        -v ac1="$ac1" -v ac2="$ac2" -v bc1="$bc1" -v bc2="$bc2" 'BEGIN {
        am = (a1 + a2) / 2; bm = (b1 + b2) / 2; r = am / bm
        ap = ap1 > ap2 ? ap1 : ap2
        printf "\n%s (%s)\n", name, path
        printf "  site : %10.0f  %10.0f req/s   mean %10.0f   p99 %s / %s ms   CPU %s / %s us per request\n", a1, a2, am, ap1, ap2, ac1, ac2
        printf "  nginx: %10.0f  %10.0f req/s   mean %10.0f   p99 %s / %s ms   CPU %s / %s us per request\n", b1, b2, bm, bp1, bp2, bc1, bc2
        if (name ~ /-br$/) printf "  ratio site/nginx: %.3f   (no goal of its own: what browsers, which ask for br, get)\n", r
        else printf "  ratio site/nginx: %.3f   (goal >= 0.9: %s)\n", r, (r >= 0.9 ? "met" : "NOT met")
        if (name == "article") printf "  site p99 (worse run): %.2f ms   (goal < 10 ms: %s)\n", ap, (ap < 10 ? "met" : "NOT met")
        printf "  after: %s\n", load
    }'
done
