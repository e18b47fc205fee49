#!/bin/bash
# First-start timeline (docs/benchmarks.md "First start"): `npm start` on a fresh GROUNDSWELL_DATA_DIR with
# a poller on /login (200 with the page) and /api/health (each change of its status and step), until the
# dashboard is ready (/api/health 200); then Ctrl-C. Needs a built app (`npm run build`).
# Usage: PORT=3000 EMBEDDED_PG_PORT=54329 npm run bench:first-start
set -u
PORT=${PORT:-3000}
EMBEDDED_PG_PORT=${EMBEDDED_PG_PORT:-54329}
DIR=.data/bench-first-start
rm -rf "$DIR" && mkdir -p "$DIR"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
T0=$(date +%s.%N)
elapsed() { echo "$(date +%s.%N) - $T0" | bc; }
GROUNDSWELL_DATA_DIR=$DIR/data PORT=$PORT EMBEDDED_PG_PORT=$EMBEDDED_PG_PORT \
  ADMIN_EMAIL=admin@first-start.test ADMIN_PASSWORD=first-start-password setsid npm start >"$DIR/start.log" 2>&1 &
LAUNCHER=$!
trap 'kill -INT -- -$LAUNCHER 2>/dev/null' EXIT
login=""
last=""
while true; do
  if [ -z "$login" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/login")" = "200" ]; then
    login=$(elapsed)
    echo "login page 200 at $login s"
  fi
  health=$(curl -s --max-time 5 "http://127.0.0.1:$PORT/api/health")
  state=$(echo "$health" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')
  step=$(echo "$health" | sed -n 's/.*"step":"\([^"]*\)".*/\1/p')
  now="${state:-no answer}${step:+: $step}"
  if [ "$now" != "$last" ]; then
    echo "health ${now} at $(elapsed) s"
    last=$now
  fi
  [ "$state" = "ok" ] && break
  if (($(echo "$(elapsed) > 900" | bc))); then
    echo "not ready after 900 s"
    break
  fi
  sleep 0.25
done
echo "load average at ready: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E "Login page answering|Database ready|\[recompute\] \[" "$DIR/start.log"
