# shellcheck shell=bash
# Shared helpers for the HTTP benchmarks under bench/ (sourced, not run).
#
#   bench_init                 temp folder in $BENCH_TMP, a trap that stops every started process and removes it
#   need_cmds wrk:wrk ...      installs the Debian packages whose commands are missing (apt-get install -y)
#   publish_app                dotnet publish -c Release -r <this machine's RID> (ReadyToRun) into $BENCH_TMP/app
#   start_app PORT CONTENT [VAR=value...]   starts the published site; sets APP_PID and APP_LOG
#   wait_ok URL SECONDS        polls until URL answers 200
#   free_port                  a loopback TCP port nobody listens on
#   load_note                  "load 1.23 0.98 0.75 (2 cores)" for the record

script_dir="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
repo_root="$(cd "$script_dir/.." && pwd)"
BENCH_PIDS=()

# ../shared beside the project; from a git worktree elsewhere, beside the main checkout.
shared_dir() {
    local common
    if [[ -d "$repo_root/../shared" ]]; then
        (cd "$repo_root/../shared" && pwd)
    elif common="$(git -C "$repo_root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)" && [[ -d "$common/../../shared" ]]; then
        (cd "$common/../../shared" && pwd)
    else
        echo "$repo_root/../shared"
    fi
}

bench_cleanup() {
    local pid
    for pid in "${BENCH_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    # All were asked to stop at once; each gets up to 10 s (the site flushes its subscriber file).
    for pid in "${BENCH_PIDS[@]}"; do
        stop_pid "$pid"
    done
    BENCH_PIDS=()
    if [[ -n "${BENCH_TMP:-}" && -d "$BENCH_TMP" ]]; then
        if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
            echo "kept $BENCH_TMP (BENCH_KEEP=1)" >&2
        else
            rm -rf "$BENCH_TMP"
        fi
    fi
}

bench_init() {
    BENCH_TMP="$(mktemp -d "${TMPDIR:-/tmp}/articlereader-bench.XXXXXX")"
    # nginx workers run as nobody and must read the static copies in here.
    chmod 755 "$BENCH_TMP"
    trap bench_cleanup EXIT
    trap 'echo "${BASH_SOURCE[0]##*/}: line $LINENO failed: $BASH_COMMAND" >&2' ERR
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# Remembers a background process for the cleanup trap.
track_pid() {
    BENCH_PIDS+=("$1")
}

# Stops one tracked process now (TERM, then KILL after 10 s).
stop_pid() {
    local pid="$1"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# need_cmds cmd:package ... installs the packages of the commands that are missing.
need_cmds() {
    local pair missing=()
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
    done
    ((${#missing[@]} == 0)) && return 0
    echo "installing ${missing[*]} (apt-get)" >&2
    local sudo=""
    [[ "$(id -u)" != 0 ]] && sudo="sudo"
    # Debian's nginx package starts the system service on install; a policy-rc.d that answers
    # 101 keeps it stopped (this script starts nginx with its own config on a loopback port).
    local made_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
        $sudo chmod 755 /usr/sbin/policy-rc.d
        made_policy=1
    fi
    { $sudo apt-get install -y "${missing[@]}" >/dev/null 2>&1 \
        || { $sudo apt-get update >/dev/null && $sudo apt-get install -y "${missing[@]}" >/dev/null; }; } || {
        ((made_policy)) && $sudo rm -f /usr/sbin/policy-rc.d
        echo "could not install ${missing[*]}" >&2
        return 1
    }
    ((made_policy)) && $sudo rm -f /usr/sbin/policy-rc.d
    return 0
}

need_dotnet() {
    command -v dotnet >/dev/null 2>&1 || {
        echo "dotnet (the .NET 10 SDK) is needed: https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
        exit 2
    }
}

publish_app() {
    need_dotnet
    echo "publishing src/ArticleReader.Web (Release) ..." >&2
    # As docs/deployment.md publishes: for this machine's runtime, so the build is ReadyToRun.
    local rid
    rid="$(dotnet --info | awk '$1 == "RID:" { print $2; exit }')"
    if ! dotnet publish "$repo_root/src/ArticleReader.Web" -c Release -r "${rid:-linux-x64}" --self-contained false -o "$BENCH_TMP/app" -nologo >"$BENCH_TMP/publish.log" 2>&1; then
        cat "$BENCH_TMP/publish.log" >&2
        exit 1
    fi
}

free_port() {
    local port
    while :; do
        port=$((20000 + RANDOM % 30000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# start_app PORT CONTENT_ROOT [NAME=value ...]: the published site in Production on 127.0.0.1:PORT.
# It runs with the publish folder as working directory, where it finds wwwroot (as a service
# with WorkingDirectory=/srv/app would); the subscriber file goes to a fresh temp folder.
start_app() {
    local port="$1" content="$2"
    shift 2
    mkdir -p "$BENCH_TMP/data-$port"
    APP_LOG="$BENCH_TMP/app-$port.log"
    (
        cd "$BENCH_TMP/app" || exit 1
        exec env ASPNETCORE_ENVIRONMENT=Production \
            Content__Root="$content" \
            Newsletter__SubscribersFile="$BENCH_TMP/data-$port/subscribers.csv" \
            Site__BaseUrl="http://127.0.0.1:$port" \
            "$@" \
            dotnet "$BENCH_TMP/app/ArticleReader.Web.dll" --urls "http://127.0.0.1:$port"
    ) >"$APP_LOG" 2>&1 &
    APP_PID=$!
    track_pid "$APP_PID"
}

# wait_ok URL SECONDS: polls until URL answers 200; fails with the app log after SECONDS.
wait_ok() {
    local url="$1" seconds="$2" end
    end=$(($(date +%s) + seconds))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url")" == 200 ]]; do
        if (($(date +%s) > end)); then
            echo "no 200 from $url after ${seconds}s; app log:" >&2
            tail -n 30 "${APP_LOG:-/dev/null}" >&2
            return 1
        fi
        sleep 0.1
    done
}

now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

load_note() {
    echo "load $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
}

# Warns when the machine is busy with something else (the 1-minute load above the core count).
warn_if_busy() {
    local one
    one="$(cut -d' ' -f1 /proc/loadavg)"
    if awk -v l="$one" -v n="$(nproc)" 'BEGIN { exit !(l > n * 0.5) }'; then
        echo "note: 1-minute load is $one on $(nproc) cores before the run; figures may be disturbed" >&2
    fi
}
