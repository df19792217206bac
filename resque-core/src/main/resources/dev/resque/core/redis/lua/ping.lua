-- Records that workers are alive (node-resque's ping records, Ruby Resque's heartbeat hash) and re-asserts their
-- registration, so that a worker removed by a Redis restart or by a peer's pruning is visible again at once; and
-- records what the process running them is (host, pid, threads busy, memory) for the dashboard, until it lapses.
-- KEYS[1] workers:heartbeat, KEYS[2] workers set, KEYS[3] process:<id>, then for each worker i:
-- KEYS[2+2i] worker:ping:<name>, KEYS[3+2i] worker:<id>:started
-- ARGV[1] heartbeat time (ISO-8601), ARGV[2] the process record, ARGV[3] how long it lasts (ms), then for each
-- worker i: ARGV[3i+1] its ping record, ARGV[3i+2] its registration id, ARGV[3i+3] its started time (kept when
-- already there)
redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[3])
local workers = (#KEYS - 3) / 2
for i = 1, workers do
  local id = ARGV[3 * i + 2]
  redis.call('SET', KEYS[2 + 2 * i], ARGV[3 * i + 1])
  redis.call('HSET', KEYS[1], id, ARGV[1])
  redis.call('SADD', KEYS[2], id)
  redis.call('SET', KEYS[3 + 2 * i], ARGV[3 * i + 3], 'NX')
end
return workers
