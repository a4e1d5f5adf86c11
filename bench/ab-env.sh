#!/usr/bin/env bash
# A/B of runtime settings: one published build started several times with different environment
# variables, wrk on each in turn (round robin), printing requests/s and the CPU time the site
# spent per request (user + system, from /proc), which other work on the machine disturbs less
# than requests/s.
# Usage: bench/ab-env.sh [rounds=3] [seconds=6] [path=/articles/black-sea-grain-corridor] NAME=VAR=value[,VAR=value] ...
#   bench/ab-env.sh 3 6 / default=X=1 servergc=DOTNET_gcServer=1 nopgo=DOTNET_TieredPGO=0
set -euo pipefail

# shellcheck source=bench/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
rounds="${1:-3}" seconds="${2:-6}" path="${3:-/articles/black-sea-grain-corridor}"
shift 3 || true
[[ $# -gt 0 ]] || { echo "give at least one NAME=VAR=value[,VAR=value]" >&2; exit 2; }

need_cmds curl:curl wrk:wrk
bench_init
publish_app

names=() pids=() ports=()
for spec in "$@"; do
    name="${spec%%=*}" vars="${spec#*=}"
    port="$(free_port)"
    IFS=',' read -r -a env_list <<<"$vars"
    start_app "$port" "$repo_root/content" "${env_list[@]}"
    wait_ok "http://127.0.0.1:$port/healthz" 60
    names+=("$name") pids+=("$APP_PID") ports+=("$port")
done

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
hz="$(getconf CLK_TCK)"

echo "wrk -t2 -c32 -d${seconds}s on $path, $rounds rounds, each after a 5 s warm-up; $(load_note)"
for i in "${!names[@]}"; do wrk -t2 -c32 -d5s "http://127.0.0.1:${ports[$i]}$path" >/dev/null; done
for round in $(seq "$rounds"); do
    for i in "${!names[@]}"; do
        before="$(ticks "${pids[$i]}")"
        out="$(wrk -t2 -c32 -d"${seconds}s" "http://127.0.0.1:${ports[$i]}$path")"
        after="$(ticks "${pids[$i]}")"
        echo "$out" | grep -E 'Non-2xx|Socket errors' >&2 || true
        echo "$out" | awk -v name="${names[$i]}" -v round="$round" -v t=$((after - before)) -v hz="$hz" '
            /requests in/ { n = $1 } /^Requests\/sec:/ { rps = $2 }
            END { printf "round %d  %-14s %8.0f req/s   %5.1f us CPU per request\n", round, name, rps, t / hz / n * 1e6 }'
    done
done
echo "after: $(load_note)"
