#!/usr/bin/env bash
# Every check, in order: typecheck, lint, unit tests, build, end-to-end tests in Chromium.
# Installs what the e2e tests need when missing (Debian's chromium). Ends with one line
# "N passed, N failed" (each unit/e2e test counts once; typecheck, lint and build count once each).
set -u
cd "$(dirname "$0")/.."
mkdir -p test-results
passed=0
failed=0
failures=()

count() { passed=$((passed + $1)); failed=$((failed + $2)); }
step() {
  local name=$1; shift
  echo "== $name"
  if "$@"; then count 1 0; else count 0 1; failures+=("$name"); fi
}

ensure_chromium() {
  local chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
  [ -x "$chromium" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing Debian's chromium (needed by the e2e tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium not found at $chromium. On Debian/Ubuntu run: sudo apt-get install chromium"
    echo "Elsewhere: npx playwright install chromium (the config then uses Playwright's own browser)."
  fi
}

# The pcapng export tests read their files back with Debian's tshark (TOOLCHAIN.md "Other Debian tools").
ensure_tshark() {
  command -v tshark >/dev/null && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing Debian's tshark (needed by the pcapng export tests)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tshark >/dev/null
  else
    echo "tshark not found: the pcapng export tests will skip. On Debian/Ubuntu run: sudo DEBIAN_FRONTEND=noninteractive apt-get install -y tshark"
  fi
}

[ -d node_modules ] || npm ci --no-audit --no-fund

step typecheck npx tsc -b
step lint npx eslint . --max-warnings=0

ensure_tshark
echo "== unit tests"
rm -f test-results/unit.json
npx vitest run --reporter=default --reporter=json --outputFile=test-results/unit.json
if [ -f test-results/unit.json ]; then
  read -r p f < <(node -e 'const r=require("./test-results/unit.json");console.log(r.numPassedTests, r.numFailedTests + (r.numTotalTestSuites && !r.success && !r.numFailedTests ? 1 : 0))')
  count "$p" "$f"; [ "$f" = 0 ] || failures+=("unit tests")
else
  count 0 1; failures+=("unit tests (no report)")
fi

step build npx vite build

ensure_chromium
echo "== e2e tests"
rm -f test-results/e2e.json
npx playwright test
if [ -f test-results/e2e.json ]; then
  read -r p f < <(node -e 'const s=require("./test-results/e2e.json").stats;console.log(s.expected, s.unexpected + s.flaky)')
  count "$p" "$f"; [ "$f" = 0 ] || failures+=("e2e tests")
else
  count 0 1; failures+=("e2e tests (no report)")
fi

[ ${#failures[@]} -eq 0 ] || echo "Failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
