-- Records that workers are alive (node-resque's ping records, Ruby Resque's heartbeat hash) and re-asserts their
-- registration, so that a worker removed by a Redis restart or by a peer's pruning is visible again at once.
-- KEYS[1] workers:heartbeat, KEYS[2] workers set, then for each worker i: KEYS[1+2i] worker:ping:<name>,
-- KEYS[2+2i] worker:<id>:started
-- ARGV[1] heartbeat time (ISO-8601), then for each worker i: ARGV[3i-1] its ping record, ARGV[3i] its
-- registration id, ARGV[3i+1] its started time (kept when already there)
local workers = (#KEYS - 2) / 2
for i = 1, workers do
  local id = ARGV[3 * i]
  redis.call('SET', KEYS[1 + 2 * i], ARGV[3 * i - 1])
  redis.call('HSET', KEYS[1], id, ARGV[1])
  redis.call('SADD', KEYS[2], id)
  redis.call('SET', KEYS[2 + 2 * i], ARGV[3 * i + 1], 'NX')
end
return workers
