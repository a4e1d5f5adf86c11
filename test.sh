#!/usr/bin/env bash
# Runs every test of ArticleReader and ends with one line: "N passed, N failed, N skipped".
# Corpus tests (trait Category=Corpus) run when ../shared/corpus/rust-blog/posts exists.
# Database tests (trait Category=Postgres) run against a PostgreSQL server started here (installed when missing).
set -uo pipefail
cd "$(dirname "$0")"
ROOT="$(pwd)"
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# Many test hosts start in one run; they need no appsettings.json file watchers (inotify is finite).
export DOTNET_hostBuilder__reloadConfigOnChange=false

corpus="$ROOT/../shared/corpus/rust-blog/posts"
filter=()
if [ -d "$corpus" ]; then
  export ARTICLEREADER_CORPUS="$(cd "$corpus" && pwd)"
  echo "Corpus tests: running against $ARTICLEREADER_CORPUS"
else
  echo "Corpus tests not run: ../shared/corpus/rust-blog/posts is absent in this checkout."
  filter=(--filter "Category!=Corpus")
fi

# Browser tests drive Debian's Chromium; install it when missing.
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing chromium for the browser tests..."
  if [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) >/dev/null 2>&1
  elif command -v sudo >/dev/null 2>&1; then
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) >/dev/null 2>&1
  fi
  if [ ! -x /usr/bin/chromium ]; then
    echo "ERROR: /usr/bin/chromium is missing and could not be installed (apt-get install -y chromium); browser tests cannot run." >&2
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
  fi
fi

# HTML validity: the Nu Html Checker from npm (vnu-jar) on the machine's Java.
if ! command -v java >/dev/null 2>&1; then
  echo "Installing a Java runtime for the Nu Html Checker..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless) >/dev/null 2>&1 || true
fi
VNU_DIR="$ROOT/artifacts/tools"
if [ ! -f "$VNU_DIR/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
  mkdir -p "$VNU_DIR"
  (cd "$VNU_DIR" && npm install --no-audit --no-fund --silent vnu-jar@26.9.27 >/dev/null 2>&1) || echo "WARNING: npm install vnu-jar failed; the HTML validity test will fail with a message."
fi
export VNU_JAR="$VNU_DIR/node_modules/vnu-jar/build/dist/vnu.jar"

# PostgreSQL for the tests of the postgres store and of several instances (trait Category=Postgres): a throw-away
# server in a temporary folder on a free loopback port, stopped and deleted on exit, even when tests fail.
# Those tests read ARTICLEREADER_TEST_PG and fail with a message when it is not set.
PG_TMP=""
PG_BIN=""
as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop_postgres() {
  if [ -n "$PG_TMP" ] && [ -d "$PG_TMP" ]; then
    if [ -f "$PG_TMP/data/postmaster.pid" ]; then
      as_postgres "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_TMP"
  fi
}
trap stop_postgres EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
find_pg_bin() {
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]
}
start_postgres() {
  if ! find_pg_bin; then
    echo "Installing PostgreSQL for the database tests..."
    if [ "$(id -u)" = "0" ]; then
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1
    elif command -v sudo >/dev/null 2>&1; then
      (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1
    fi
    find_pg_bin || { echo "ERROR: PostgreSQL's initdb and pg_ctl are missing and could not be installed (apt-get install -y postgresql)." >&2; return 1; }
  fi
  # initdb refuses to run as root: the server runs as the postgres user, created here if the package did not.
  if [ "$(id -u)" = "0" ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres || return 1
  fi
  PG_TMP="$(mktemp -d /tmp/articlereader-pg.XXXXXX)" || return 1
  [ "$(id -u)" = "0" ] && chown postgres: "$PG_TMP"
  chmod 700 "$PG_TMP"
  (cd "$PG_TMP" && as_postgres "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --no-locale --no-sync) >"$PG_TMP/initdb.log" 2>&1 \
    || { echo "ERROR: initdb failed:" >&2; cat "$PG_TMP/initdb.log" >&2; return 1; }
  local attempt port
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 30000))
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    if (cd "$PG_TMP" && as_postgres "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_TMP -c max_connections=400" start) >/dev/null 2>&1; then
      export ARTICLEREADER_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      echo "PostgreSQL $("$PG_BIN/postgres" -V | awk '{print $3}') for the database tests on 127.0.0.1:$port"
      return 0
    fi
  done
  echo "ERROR: the PostgreSQL test server did not start:" >&2
  tail -20 "$PG_TMP/server.log" >&2 2>/dev/null
  return 1
}
if ! start_postgres; then
  echo "The database tests (Category=Postgres) will fail: ARTICLEREADER_TEST_PG is not set." >&2
fi

if ! dotnet build ArticleReader.sln -c Release -nologo -v quiet; then
  echo "Build failed."
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

# Vulnerable packages fail the run. A source without vulnerability data also answers "no vulnerable
# packages", so a canary with a known advisory (Newtonsoft.Json 12.0.3) must be flagged for a clean result to count.
canary="$(mktemp -d)"
echo '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework><NuGetAudit>false</NuGetAudit></PropertyGroup><ItemGroup><PackageReference Include="Newtonsoft.Json" Version="12.0.3" /></ItemGroup></Project>' >"$canary/canary.csproj"
canary_out="$(dotnet list "$canary/canary.csproj" package --vulnerable 2>&1)"; rm -rf "$canary"
vuln_out="$(dotnet list ArticleReader.sln package --vulnerable --include-transitive 2>&1)"; vuln_status=$?
if grep -q 'has the following vulnerable packages' <<<"$vuln_out"; then
  grep -E 'vulnerable packages|^ +>' <<<"$vuln_out"; echo "Vulnerable packages found."; echo "0 passed, 1 failed, 0 skipped"; exit 1
elif [ "$vuln_status" -ne 0 ] || ! grep -q 'has the following vulnerable packages' <<<"$canary_out"; then
  echo "WARNING: vulnerable packages NOT checked: the package source gave no vulnerability data."
  printf '%s\n%s\n' "$vuln_out" "$canary_out" | grep -m2 'error' || true
else
  echo "No vulnerable packages (direct or transitive)."
fi

# One test assembly at a time: the browser tests drive Chromium and should not share the two cores
# with the server-side fault tests (signup storms, real processes) running at the same moment.
dotnet test ArticleReader.sln -c Release --no-build -nologo "${filter[@]}" \
  --logger "trx" --results-directory "$RESULTS" -- RunConfiguration.TreatNoTestsAsError=true RunConfiguration.MaxCpuCount=1
status=$?

passed=0; failed=0; skipped=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${total:-0} - ${e:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
