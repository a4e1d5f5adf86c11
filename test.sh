#!/usr/bin/env bash
# Runs every test of ArticleReader and ends with one line: "N passed, N failed, N skipped".
# Corpus tests (trait Category=Corpus) run when ../shared/corpus/rust-blog/posts exists.
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

if ! dotnet build ArticleReader.sln -c Release -nologo -v quiet; then
  echo "Build failed."
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

dotnet test ArticleReader.sln -c Release --no-build -nologo "${filter[@]}" \
  --logger "trx" --results-directory "$RESULTS" -- RunConfiguration.TreatNoTestsAsError=true
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
