// The benchmark workloads on node-resque 9.7.1, against the same Redis as the Java side, printing the same lines:
//   node bench.js --redis redis://127.0.0.1:6379 --workload drain --jobs 20000 --workers 4 [--warmup 1] [--runs 3]
//     [--rate 200] [--redis-stats]
//   RESULT impl=node workload=drain jobs=20000 workers=4 jobs_per_s=... seconds=...
// Workloads: enqueue (one at a time), enqueue-batch (64 in flight), drain (K workers polling every 5 ms),
// latency (one job every 1/rate s to idle workers at node-resque's default 5 s poll), latency-100 (at a 100 ms
// poll), delayed (a scheduler moving jobs delayed to 1,000 past seconds).
const os = require("os");
const { performance } = require("perf_hooks");
const { Queue, Worker, Scheduler } = require("node-resque");

const QUEUE = "bench";
const IN_FLIGHT = 64;
const TIMESTAMPS = 1000;
const SETTLE_MS = 500;

function parseOptions(argv) {
  const options = {
    redis: "redis://127.0.0.1:6379",
    jobs: 20000,
    workers: 1,
    warmups: 1,
    runs: 3,
    rate: 200,
    redisStats: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(arg + " needs a value");
      return argv[++i];
    };
    if (arg === "--redis") options.redis = next();
    else if (arg === "--workload") options.workload = next();
    else if (arg === "--jobs") options.jobs = parseInt(next(), 10);
    else if (arg === "--workers") options.workers = parseInt(next(), 10);
    else if (arg === "--warmup") options.warmups = parseInt(next(), 10);
    else if (arg === "--runs") options.runs = parseInt(next(), 10);
    else if (arg === "--rate") options.rate = parseInt(next(), 10);
    else if (arg === "--redis-stats") options.redisStats = true;
    else throw new Error("Unknown option " + arg);
  }
  if (!workloads[options.workload]) {
    throw new Error("--workload must be one of " + Object.keys(workloads).join(", "));
  }
  const url = new URL(options.redis);
  options.connection = {
    host: url.hostname,
    port: parseInt(url.port || "6379", 10),
    database: url.pathname.length > 1 ? parseInt(url.pathname.substring(1), 10) : 0,
  };
  return options;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Resolves when count() has been called `expected` times, with the performance.now() of the last call.
function completionTracker(expected) {
  let remaining = expected;
  let resolveLast;
  const last = new Promise((resolve) => (resolveLast = resolve));
  return {
    completed() {
      remaining--;
      if (remaining === 0) resolveLast(performance.now());
    },
    awaitLast(timeoutMs) {
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Only ${expected - remaining} of ${expected} jobs completed within ${timeoutMs} ms`)),
          timeoutMs
        );
      });
      return Promise.race([last, timeout]).finally(() => clearTimeout(timer));
    },
  };
}

// Runs task(i) for i in [0, count) with at most `inFlight` awaiting at once.
async function inFlight(count, limit, task) {
  let next = 0;
  const lanes = [];
  for (let lane = 0; lane < Math.min(limit, count); lane++) {
    lanes.push(
      (async () => {
        while (next < count) await task(next++);
      })()
    );
  }
  await Promise.all(lanes);
}

async function openQueue(run, jobs = {}) {
  const queue = new Queue({ connection: run.connection }, jobs);
  queue.on("error", (error) => console.error("queue error", error));
  await queue.connect();
  return queue;
}

async function startWorkers(run, jobs, timeout) {
  const workers = [];
  for (let i = 1; i <= run.options.workers; i++) {
    const worker = new Worker(
      { connection: run.connection, queues: [QUEUE], timeout, name: `${os.hostname()}:${process.pid}+${i}` },
      jobs
    );
    worker.on("error", (error) => console.error("worker error", error));
    worker.on("failure", (queue, job, failure) => console.error("job failed", failure));
    await worker.connect();
    workers.push(worker);
  }
  return workers;
}

function throughput(jobs, ms) {
  return { jobs_per_s: jobs / (ms / 1000), seconds: ms / 1000 };
}

// INFO all: commands (those inside scripts and transactions included), requests read (about one per round trip),
// summed commandstats usec (a script's or transaction's time includes its commands') and process CPU.
async function serverStats(redis) {
  const info = await redis.info("all");
  let calls = 0;
  let usec = 0;
  let reads = 0;
  let cpu = 0;
  for (const line of info.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.substring(0, colon);
    const value = line.substring(colon + 1);
    if (name.startsWith("cmdstat_") && name !== "cmdstat_info") {
      const fields = Object.fromEntries(value.split(",").map((pair) => pair.split("=")));
      calls += parseInt(fields.calls, 10);
      usec += parseInt(fields.usec, 10);
    } else if (name === "total_reads_processed") {
      reads = parseInt(value, 10);
    } else if (name === "used_cpu_user" || name === "used_cpu_sys") {
      cpu += parseFloat(value);
    }
  }
  return { calls, usec, reads, cpu };
}

function perJob(before, after, jobs) {
  return {
    redis_calls_per_job: (after.calls - before.calls) / jobs,
    redis_reads_per_job: (after.reads - before.reads - 1) / jobs,
    redis_usec_per_job: (after.usec - before.usec) / jobs,
    redis_cpu_us_per_job: ((after.cpu - before.cpu) * 1e6) / jobs,
  };
}

function percentiles(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50_ms: at(50), p95_ms: at(95), p99_ms: at(99), max_ms: sorted[sorted.length - 1] };
}

const workloads = {
  async enqueue(run) {
    const queue = await openQueue(run);
    try {
      const start = performance.now();
      for (let i = 0; i < run.jobs; i++) await queue.enqueue(QUEUE, "Noop", [i]);
      return throughput(run.jobs, performance.now() - start);
    } finally {
      await queue.end();
    }
  },

  async "enqueue-batch"(run) {
    const queue = await openQueue(run);
    try {
      const start = performance.now();
      await inFlight(run.jobs, IN_FLIGHT, (i) => queue.enqueue(QUEUE, "Noop", [i]));
      return throughput(run.jobs, performance.now() - start);
    } finally {
      await queue.end();
    }
  },

  async drain(run) {
    const queue = await openQueue(run);
    try {
      await inFlight(run.jobs, IN_FLIGHT, (i) => queue.enqueue(QUEUE, "Noop", [i]));
      const tracker = completionTracker(run.jobs);
      const workers = await startWorkers(run, { Noop: { perform: async () => tracker.completed() } }, 5);
      const before = run.options.redisStats ? await serverStats(queue.connection.redis) : null;
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      let last;
      try {
        await Promise.all(workers.map((worker) => worker.start()));
        last = await tracker.awaitLast(60000 + run.jobs * 2);
      } finally {
        await Promise.all(workers.map((worker) => worker.end()));
      }
      const cpu = process.cpuUsage(cpuBefore);
      const result = { ...throughput(run.jobs, last - start), client_cpu_us_per_job: (cpu.user + cpu.system) / run.jobs };
      if (before) Object.assign(result, perJob(before, await serverStats(queue.connection.redis), run.jobs));
      return result;
    } finally {
      await queue.end();
    }
  },

  latency: (run) => latency(run, 5000),

  "latency-100": (run) => latency(run, 100),

  async delayed(run) {
    const queue = await openQueue(run);
    try {
      const firstSecond = Math.floor(Date.now() / 1000) - TIMESTAMPS - 1;
      await inFlight(run.jobs, IN_FLIGHT, (i) =>
        queue.enqueueAt((firstSecond + (i % TIMESTAMPS)) * 1000, QUEUE, "Noop", [i])
      );
      const tracker = completionTracker(run.jobs);
      const scheduler = new Scheduler({ connection: run.connection });
      scheduler.on("error", (error) => console.error("scheduler error", error));
      scheduler.on("transferredJob", () => tracker.completed());
      await scheduler.connect();
      const start = performance.now();
      let last;
      try {
        await scheduler.start();
        // start() waits one poll interval before its first poll; the Java scheduler polls as it starts
        scheduler.poll().catch((error) => console.error("scheduler error", error));
        last = await tracker.awaitLast(60000 + run.jobs * 2);
      } finally {
        await scheduler.end();
      }
      return throughput(run.jobs, last - start);
    } finally {
      await queue.end();
    }
  },
};

// Jobs enqueued at a steady rate to idle workers: the wait of each from its enqueue to the start of its perform.
async function latency(run, pollMs) {
  const waits = new Array(run.jobs);
  const tracker = completionTracker(run.jobs);
  const jobs = {
    Latency: {
      perform: async (index, enqueuedAt) => {
        waits[index] = performance.now() - enqueuedAt;
        tracker.completed();
      },
    },
  };
  const queue = await openQueue(run, jobs);
  const workers = await startWorkers(run, jobs, pollMs);
  try {
    await Promise.all(workers.map((worker) => worker.start()));
    await sleep(SETTLE_MS);
    const interval = 1000 / run.options.rate;
    const start = performance.now();
    for (let i = 0; i < run.jobs; i++) {
      const wait = start + i * interval - performance.now();
      if (wait > 0) await sleep(wait);
      await queue.enqueue(QUEUE, "Latency", [i, performance.now()]);
    }
    await tracker.awaitLast(30000 + pollMs * 2);
  } finally {
    await Promise.all(workers.map((worker) => worker.end()));
    await queue.end();
  }
  return { rate_per_s: run.options.rate, ...percentiles(waits) };
}

function format(metrics) {
  return Object.entries(metrics)
    .map(([name, value]) => `${name}=${name.endsWith("_per_s") ? value.toFixed(0) : value.toFixed(2)}`)
    .join(" ");
}

function median(results) {
  const medians = {};
  for (const name of Object.keys(results[0])) {
    const values = results.map((result) => result[name]).sort((a, b) => a - b);
    const middle = Math.floor(values.length / 2);
    medians[name] = values.length % 2 === 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }
  return medians;
}

async function deleteNamespace(connection, namespace) {
  const queue = new Queue({ connection: { ...connection, namespace } }, {});
  await queue.connect();
  const redis = queue.connection.redis;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", namespace + ":*", "COUNT", 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  await queue.end();
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const usesWorkers = options.workload.startsWith("drain") || options.workload.startsWith("latency");
  const labels =
    `impl=node workload=${options.workload} jobs=${options.jobs}` + (usesWorkers ? ` workers=${options.workers}` : "") +
    (options.warmups === 0 ? " phase=cold" : "");
  const results = [];
  // unmeasured warm-up runs first, as on the Java side
  for (let i = 0; i < options.warmups + options.runs; i++) {
    const warmup = i < options.warmups;
    const namespace = "resque-bench-node-" + Math.random().toString(16).substring(2, 10);
    const run = { options, jobs: options.jobs, connection: { ...options.connection, namespace } };
    try {
      const result = await workloads[options.workload](run);
      if (!warmup) results.push(result);
      console.log(`${warmup ? "WARMUP" : "RESULT"} ${labels} ${format(result)}`);
    } finally {
      await deleteNamespace(options.connection, namespace);
    }
  }
  console.log(`MEDIAN ${labels} runs=${results.length} ${format(median(results))}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error && error.stack ? error.stack : String(error));
    process.exit(1);
  }
);
