// node-resque as a peer of the interop tests: reads one JSON command from argv, prints one JSON result.
//   {"connection": {...}, "action": "queue", "method": "queued", "args": ["q", 0, -1]}
//   {"connection": {...}, "action": "work", "queues": ["q"], "until": 3}
//   {"connection": {...}, "action": "schedule", "ms": 3000}
//   {"connection": {...}, "action": "contract", "job": "add", "args": [1, 2]}
const { Queue, Worker, Scheduler } = require("node-resque");

const jobs = {
  add: { perform: async (a, b) => a + b },
  echo: { perform: async (...args) => args },
  boom: {
    perform: async (message) => {
      throw new Error(message);
    },
  },
  unique: { plugins: ["QueueLock"], perform: async () => "unique" },
  lockedSlow: {
    plugins: ["JobLock"],
    pluginOptions: { JobLock: { reEnqueue: false } },
    perform: async (ms) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return ms;
    },
  },
  slow: {
    perform: async (ms) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return ms;
    },
  },
};

async function queueCall(command) {
  const queue = new Queue({ connection: command.connection }, jobs);
  await queue.connect();
  try {
    return await queue[command.method](...(command.args || []));
  } finally {
    await queue.end();
  }
}

async function work(command) {
  const worker = new Worker(
    { connection: command.connection, queues: command.queues, timeout: 100, name: command.name },
    jobs
  );
  const results = [];
  let resolveDone;
  const done = new Promise((resolve) => (resolveDone = resolve));
  const record = (entry) => {
    results.push(entry);
    if (results.length >= command.until) resolveDone();
  };
  worker.on("success", (queue, job, result) => record({ outcome: "success", queue, job, result }));
  worker.on("failure", (queue, job, failure) => record({ outcome: "failure", queue, job, error: String(failure) }));
  worker.on("error", (error) => record({ outcome: "error", error: String(error) }));
  await worker.connect();
  await worker.start();
  const timer = setTimeout(resolveDone, command.timeoutMs || 20000);
  await done;
  clearTimeout(timer);
  await worker.end();
  return results;
}

async function schedule(command) {
  const scheduler = new Scheduler(
    { connection: command.connection, timeout: 100, name: command.name, stuckWorkerTimeout: 0 },
    jobs
  );
  let leaderPolls = 0;
  let transferred = 0;
  scheduler.on("poll", () => leaderPolls++);
  scheduler.on("transferredJob", () => transferred++);
  await scheduler.connect();
  await scheduler.start();
  await new Promise((resolve) => setTimeout(resolve, command.ms));
  await scheduler.end();
  return { leaderPolls, transferred };
}

// checks arguments against a published contract, as a node producer would before it enqueues
async function contract(command) {
  const { checkContract } = require("./check-contract");
  const queue = new Queue({ connection: command.connection }, jobs);
  await queue.connect();
  try {
    return { problem: await checkContract(queue.connection.redis, command.connection.namespace, command.job, command.args) };
  } finally {
    await queue.end();
  }
}

async function main() {
  const command = JSON.parse(process.argv[2]);
  const actions = { queue: queueCall, work, schedule, contract };
  const result = await actions[command.action](command);
  process.stdout.write(JSON.stringify(result === undefined ? null : result) + "\n");
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
    process.exit(1);
  }
);
