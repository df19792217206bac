#!/usr/bin/env bash
# Runs every workload on Spring Resque, Jesque 2.1.2, Sidekiq 6.4.1 and node-resque 9.7.1, taking turns against one private
# redis-server, and prints the medians side by side as a markdown table. Every measured run is preceded by
# unmeasured ones in the same process, on every side, so that the figures are those of warm processes. With two
# CPUs or more (and taskset), the clients run on CPU 0 and Redis on CPU 1, as a user comparing them would pin them.
#
#   resque-benchmarks/run-benchmarks.sh            # medians of 3 runs, then the JMH codec benchmark
#   RUNS=5 SKIP_JMH=1 resque-benchmarks/run-benchmarks.sh
#   JAVA_CLIENT=jedis resque-benchmarks/run-benchmarks.sh   # the Java side over Jedis instead of Lettuce
#
# Needs a JDK 17, Node.js with npm and redis-server on the PATH. The jar is built if missing; node-resque is
# installed from package-lock.json if missing. Sidekiq's side runs where Ruby can load Debian's ruby-sidekiq
# (apt-get install ruby-sidekiq); without it, its column stays empty. Every WARMUP and RESULT line is kept in
# resque-benchmarks/target/benchmark-results.txt.
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
JAVA_CLIENT=${JAVA_CLIENT:-lettuce}
JAR=resque-benchmarks/target/resque-benchmarks.jar
JESQUE_JAR=resque-benchmarks-jesque/target/resque-benchmarks-jesque.jar
NODE_DIR=resque-benchmarks/node

if [[ ! -f $JAR || ! -f $JESQUE_JAR ]]; then
  ./mvnw -B -q -pl resque-benchmarks,resque-benchmarks-jesque -am package -DskipTests
fi
CLIENT_CPU=()
REDIS_CPU=()
if command -v taskset > /dev/null && (( $(nproc) >= 2 )); then
  CLIENT_CPU=(taskset -c 0)
  REDIS_CPU=(taskset -c 1)
fi
if [[ ! -d $NODE_DIR/node_modules/node-resque ]]; then
  (cd "$NODE_DIR" && npm ci --no-audit --no-fund)
fi

# one private server on a free loopback port, without persistence, gone when this script ends
PORT=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
REDIS_DIR=$(mktemp -d)
"${REDIS_CPU[@]}" redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no --protected-mode no --dir "$REDIS_DIR" \
  > "$REDIS_DIR/redis.log" 2>&1 &
REDIS_PID=$!
trap 'kill "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null; rm -rf "$REDIS_DIR"' EXIT
for _ in $(seq 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
  sleep 0.1
done
REDIS_URL="redis://127.0.0.1:$PORT"

OUT=resque-benchmarks/target/benchmark-results.txt
mkdir -p "$(dirname "$OUT")"
: > "$OUT"

# Each measured run is a fresh process that first runs the workload unmeasured (warm-up), the Java side then the
# node side, RUNS times in turn: on a machine whose speed drifts, both sides meet the same moments.
# JAVA_FLAGS: options for our JVM, such as -XX:TieredStopAtLevel=1 (its runs are labelled jit=c1)
java_side() { "${CLIENT_CPU[@]}" java ${JAVA_FLAGS:-} -jar "$JAR" --redis "$REDIS_URL" --runs 1 --client "$JAVA_CLIENT" "$@" | grep -v '^MEDIAN' | tee -a "$OUT"; }
# Jesque has no bulk enqueue: that workload is left to the others
jesque_side() {
  if [[ " $* " == *" enqueue-batch "* ]]; then return; fi
  "${CLIENT_CPU[@]}" java -jar "$JESQUE_JAR" --redis "$REDIS_URL" --runs 1 "$@" 2> /dev/null | grep -v '^MEDIAN' | tee -a "$OUT"
}
node_side() { "${CLIENT_CPU[@]}" node "$NODE_DIR/bench.js" --redis "$REDIS_URL" --runs 1 "$@" | grep -v '^MEDIAN' | tee -a "$OUT"; }
# Sidekiq has no namespace: it works in database 7 of the private server
SIDEKIQ=
if command -v ruby > /dev/null && ruby -e 'require "sidekiq"' 2> /dev/null; then
  SIDEKIQ=resque-benchmarks/sidekiq/bench.rb
fi
sidekiq_side() {
  if [[ -z $SIDEKIQ ]]; then return; fi
  "${CLIENT_CPU[@]}" ruby "$SIDEKIQ" --redis "$REDIS_URL/7" --runs 1 "$@" | grep -v '^MEDIAN' | tee -a "$OUT"
}
pair() {
  for _ in $(seq "$RUNS"); do
    java_side "$@"
    jesque_side "$@"
    sidekiq_side "$@"
    node_side "$@"
  done
}

echo "Java side over $JAVA_CLIENT; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
if [[ -z $SIDEKIQ ]]; then
  echo "Sidekiq cannot be loaded (apt-get install ruby-sidekiq): its side is left out" | tee -a "$OUT"
fi
pair --workload enqueue --jobs 20000
pair --workload enqueue-batch --jobs 50000
# and without job ids and statuses, Resque's exact payloads as the peers write them
for _ in $(seq "$RUNS"); do
  java_side --workload enqueue-batch --jobs 50000 --untracked
done
# a worker is a long-running process: two unmeasured drains first
for workers in 1 4; do
  pair --workload drain --jobs 20000 --workers "$workers" --warmup 2 --redis-stats
done
# and cold: the first 20,000 jobs of a fresh process, as a worker just deployed drains them
for workers in 1 4; do
  pair --workload drain --jobs 20000 --workers "$workers" --warmup 0
done
# the same, cold and warm, with the C1 compiler alone (a short-lived worker's choice: less compiling, slower code)
for workers in 1 4; do
  for _ in $(seq "$RUNS"); do
    JAVA_FLAGS=-XX:TieredStopAtLevel=1 java_side --workload drain --jobs 20000 --workers "$workers" --warmup 0
    JAVA_FLAGS=-XX:TieredStopAtLevel=1 java_side --workload drain --jobs 20000 --workers "$workers" --warmup 2
  done
done
# a `*` pool over 200 queues (199 of them empty, ahead of the jobs' one): only Spring Resque takes that option
for _ in $(seq "$RUNS"); do
  java_side --workload drain --jobs 20000 --workers 4 --warmup 2 --redis-stats --queues 200
done
# a worker's wake-up path must be compiled as a long-running worker's is: four unmeasured runs first, on every side
pair --workload latency --jobs 1000 --workers 1 --warmup 4
for _ in $(seq "$RUNS"); do
  node_side --workload latency-100 --jobs 1000 --workers 1 --warmup 4
done
pair --workload delayed --jobs 20000
# sharding has no node-resque counterpart: one and two private servers, taking turns; one server with twice
# the workers as well, for the same thread count as two shards
for _ in $(seq "$RUNS"); do
  for shape in "1 4" "2 4" "1 8"; do
    read -r shards workers <<< "$shape"
    java -jar "$JAR" --runs 1 --client "$JAVA_CLIENT" --workload shard-drain --shards "$shards" --workers "$workers" \
      --jobs 40000 --warmup 2 | grep -v '^MEDIAN' | tee -a "$OUT"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"

# ---- the table

# median <impl> <workload> <workers or -> <metric> [cold]: the median of a figure over the RESULT lines, of the warm
# runs unless cold is asked for
median() {
  grep "^RESULT impl=$1 workload=$2 " "$OUT" \
    | { if [[ ${5:-} == cold ]]; then grep ' phase=cold'; else grep -v ' phase=cold'; fi; } \
    | { if [[ ${6:-} == queues ]]; then grep ' queues=200 '; else grep -v ' queues=200 '; fi; } \
    | { if [[ ${6:-} == untracked ]]; then grep ' tracking=off '; else grep -v ' tracking=off '; fi; } \
    | { if [[ ${6:-} == c1 ]]; then grep ' jit=c1 '; else grep -v ' jit=c1 '; fi; } \
    | { if [[ $3 == - ]]; then cat; else grep " workers=$3 "; fi; } \
    | sed -n "s/.* $4=\([^ ]*\).*/\1/p" \
    | sort -g \
    | awk '{ v[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# row <label> <unit> <java> <jesque> <sidekiq> <node> <higher|lower>: the advantages are how many times better
# Spring Resque is
row() {
  awk -v label="$1" -v unit="$2" -v java="$3" -v jesque="$4" -v sidekiq="$5" -v node="$6" -v better="$7" '
    function ratio(peer) {
      if (java == "" || peer == "" || java + 0 <= 0 || peer + 0 <= 0) return "";
      return sprintf("%.1f×", (better == "higher") ? java / peer : peer / java);
    }
    function shown(v) { return (v == "") ? "–" : v; }
    BEGIN {
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label, unit, shown(java), shown(jesque), shown(sidekiq),
        shown(node), ratio(jesque), ratio(sidekiq), ratio(node);
    }'
}

# peers <workload> <workers or -> <metric> [cold]: Jesque's, Sidekiq's and node-resque's medians, as row's arguments
HEADER="| workload | figure | Spring Resque | Jesque 2.1.2 | Sidekiq 6.4.1 | node-resque 9.7.1 | over Jesque | over Sidekiq | over node-resque |"
RULE="|---|---|---:|---:|---:|---:|---:|---:|---:|"

echo
echo "$HEADER"
echo "$RULE"
# m <impl> <args...>: the median, empty when that side did not run
m() { median "$@" || true; }
four() { local w=$1 k=$2 f=$3 c=${4:-}; echo "$(m java "$w" "$k" "$f" "$c")|$(m jesque "$w" "$k" "$f" "$c")|$(m sidekiq "$w" "$k" "$f" "$c")|$(m node "$w" "$k" "$f" "$c")"; }
row4() { local label=$1 unit=$2 better=$3 a b c d; shift 3; IFS='|' read -r a b c d <<< "$(four "$@")"; row "$label" "$unit" "$a" "$b" "$c" "$d" "$better"; }
row4 "enqueue, one at a time (20,000)" "jobs/s" higher enqueue - jobs_per_s
row "enqueue-batch: enqueueAll / push_bulk / 64 in flight (50,000)" "jobs/s" "$(m java enqueue-batch - jobs_per_s)" "" "$(m sidekiq enqueue-batch - jobs_per_s)" "$(m node enqueue-batch - jobs_per_s)" higher
row "enqueue-batch, our jobs untracked (no ids or statuses)" "jobs/s" "$(m java enqueue-batch - jobs_per_s warm untracked)" "" "$(m sidekiq enqueue-batch - jobs_per_s)" "$(m node enqueue-batch - jobs_per_s)" higher
for workers in 1 4; do
  row4 "drain, $workers worker(s) (20,000)" "jobs/s" higher drain "$workers" jobs_per_s
done
for workers in 1 4; do
  row4 "drain, $workers worker(s), cold: a fresh process's first 20,000" "jobs/s" higher drain "$workers" jobs_per_s cold
  row4 "drain, $workers worker(s), cold" "client CPU µs per job" lower drain "$workers" client_cpu_us_per_job cold
done
for workers in 1 4; do
  for phase in cold warm; do
    row "drain, $workers worker(s), $phase, our JVM with C1 alone (-XX:TieredStopAtLevel=1)" "jobs/s" "$(m java drain "$workers" jobs_per_s "$phase" c1)" "" "" "" higher
    row "drain, $workers worker(s), $phase, our JVM with C1 alone" "client CPU µs per job" "$(m java drain "$workers" client_cpu_us_per_job "$phase" c1)" "" "" "" lower
  done
done
for p in p50 p95 p99; do
  row4 "latency, 200 jobs/s to an idle worker (1,000); Jesque polls every 500 ms, Sidekiq blocks in BRPOP, node polls every 5 s" "$p ms" lower latency 1 ${p}_ms
done
for p in p50 p99; do
  row "latency, node at a 100 ms poll" "$p ms" "$(m java latency 1 ${p}_ms)" "" "" "$(m node latency-100 1 ${p}_ms)" lower
done
row4 "delayed: 1,000 past timestamps moved (20,000); Jesque: taken and run by one worker; Sidekiq: its scheduled-set enqueuer" "jobs/s" higher delayed - jobs_per_s

echo
echo "Per job of a drain (from the workers' start until they stopped; the fill left out):"
echo
echo "$HEADER" | sed 's/| workload |/| workers |/'
echo "$RULE"
for workers in 1 4; do
  for figure in "Redis commands executed:redis_calls_per_job" "requests read by Redis (≈ round trips):redis_reads_per_job" \
      "commandstats usec:redis_usec_per_job" "Redis process CPU µs:redis_cpu_us_per_job" "client process CPU µs:client_cpu_us_per_job"; do
    metric=${figure##*:}
    row4 "$workers" "${figure%:*}" lower drain "$workers" "$metric"
  done
done

echo
echo "A \`*\` pool of 4 workers over 200 queues (the jobs on the last), against one queue:"
echo
echo "| figure | one queue | 200 queues | ratio |"
echo "|---|---:|---:|---:|"
for figure in "jobs/s:jobs_per_s" "Redis commands per job:redis_calls_per_job" "Redis process CPU µs per job:redis_cpu_us_per_job" "client process CPU µs per job:client_cpu_us_per_job"; do
  metric=${figure##*:}
  one=$(median java drain 4 "$metric" || true)
  many=$(median java drain 4 "$metric" warm queues || true)
  echo "| ${figure%:*} | $one | $many | $(awk -v a="$one" -v b="$many" 'BEGIN { if (a > 0) printf "%.2f", b / a }') |"
done

echo
echo "Sharded drain (40,000):"
echo
echo "| shards | workers per shard | jobs/s | client CPU µs per job | Redis CPU µs per job (all shards) |"
echo "|---:|---:|---:|---:|---:|"
for shape in "1 4" "2 4" "1 8"; do
  read -r shards workers <<< "$shape"
  lines=$(grep "^RESULT impl=java workload=shard-drain " "$OUT" | grep " workers=$workers " | grep " shards=$shards " || true)
  pick() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$lines" | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
  echo "| $shards | $workers | $(pick jobs_per_s) | $(pick client_cpu_us_per_job) | $(pick redis_cpu_us_per_job) |"
done

if [[ -z ${SKIP_JMH:-} ]]; then
  echo
  java -cp "$JAR" org.openjdk.jmh.Main CodecBenchmark -rf text -rff resque-benchmarks/target/jmh-codec.txt > /dev/null
  echo '```'
  cat resque-benchmarks/target/jmh-codec.txt
  echo '```'
fi
