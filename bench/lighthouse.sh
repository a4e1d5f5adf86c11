#!/usr/bin/env bash
# Lighthouse 12.2.3 category scores for the home page and an article, mobile (the default) and
# desktop (--preset=desktop), against the published site on the sample content.
# Usage: bench/lighthouse.sh [article path=/articles/black-sea-grain-corridor]
#
# Lighthouse is installed with npm under bench/.tools/lighthouse (git-ignored) on first use;
# Chromium from CHROME_PATH (default /usr/bin/chromium; installed with apt-get when missing).
# Prints performance, accessibility, best-practices and seo (0-100) per run, the audits that
# cost points, and Lighthouse's own warnings. Runs against 127.0.0.1 need nothing from the
# internet; an audit that tries to reach outside (none did in our runs) fails on its own.
# Lighthouse's mobile run throttles CPU 4x and the network to a slow 4G on purpose.
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
article="${1:-/articles/black-sea-grain-corridor}"
version=12.2.3
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
chrome_flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"

need_cmds curl:curl node:nodejs npm:npm
[[ -x "$CHROME_PATH" ]] || need_cmds chromium:chromium
tools="$script_dir/.tools/lighthouse"
lighthouse="$tools/node_modules/.bin/lighthouse"
if [[ ! -x "$lighthouse" || "$("$lighthouse" --version 2>/dev/null)" != "$version" ]]; then
    echo "installing lighthouse@$version under bench/.tools/lighthouse (npm) ..." >&2
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "lighthouse@$version" >&2
fi

bench_init
publish_app
port="$(free_port)"
start_app "$port" "$repo_root/content"
wait_ok "http://127.0.0.1:$port/healthz" 60
# One request each so that the first Lighthouse run does not pay for JIT.
curl -s -o /dev/null "http://127.0.0.1:$port/" && curl -s -o /dev/null "http://127.0.0.1:$port$article"

echo "lighthouse $version, $("$CHROME_PATH" --version 2>/dev/null | head -n 1), $(nproc) cores; $(load_note)"
printf '%-44s %-8s %11s %13s %14s %5s\n' page form performance accessibility best-practices seo
for path in / "$article"; do
    for form in mobile desktop; do
        report="$BENCH_TMP/lh-$form-$(echo "$path" | tr -c 'a-z0-9' '-').json"
        preset=()
        [[ "$form" == desktop ]] && preset=(--preset=desktop)
        "$lighthouse" "http://127.0.0.1:$port$path" "${preset[@]}" --quiet \
            --only-categories=performance,accessibility,best-practices,seo \
            --chrome-flags="$chrome_flags" --output=json --output-path="$report" >"$BENCH_TMP/lh.log" 2>&1 || {
            echo "lighthouse failed on $path ($form):" >&2
            tail -n 20 "$BENCH_TMP/lh.log" >&2
            exit 1
        }
        # shellcheck disable=SC2016 # JavaScript template literals, not shell.
        node -e '
            const r = require(process.argv[1]);
            const c = r.categories, s = k => c[k] && c[k].score !== null ? Math.round(c[k].score * 100) : "n/a";
            console.log([process.argv[2].padEnd(44), process.argv[3].padEnd(8), String(s("performance")).padStart(11),
              String(s("accessibility")).padStart(13), String(s("best-practices")).padStart(14), String(s("seo")).padStart(5)].join(" "));
            const lost = [];
            for (const [id, cat] of Object.entries(c)) for (const ref of cat.auditRefs) {
              const a = r.audits[ref.id];
              if (ref.weight > 0 && a && a.score !== null && a.score < 0.9) lost.push(`${id}/${ref.id}=${Math.round(a.score * 100)}`);
            }
            const m = id => r.audits[id] && r.audits[id].displayValue ? r.audits[id].displayValue.replace(/\u00a0/g, " ") : "n/a";
            console.log(`    FCP ${m("first-contentful-paint")}, LCP ${m("largest-contentful-paint")}, TBT ${m("total-blocking-time")}, CLS ${m("cumulative-layout-shift")}, SI ${m("speed-index")}`);
            if (lost.length) console.log("    below 90: " + lost.join(", "));
            if (r.runtimeError) console.log("    runtime error: " + r.runtimeError.code + " " + r.runtimeError.message);
            for (const w of r.runWarnings || []) console.log("    warning: " + w);
        ' "$report" "$path" "$form"
    done
done
echo "after: $(load_note)"
