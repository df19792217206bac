-- Records that workers are alive: node-resque's ping records and Ruby Resque's heartbeat hash.
-- KEYS[1] workers:heartbeat, KEYS[2..] worker:ping:<name> for each worker
-- ARGV[1] heartbeat time (ISO-8601), then for each worker: its ping record, then its registration id
local workers = #KEYS - 1
for i = 1, workers do
  redis.call('SET', KEYS[i + 1], ARGV[1 + i])
  redis.call('HSET', KEYS[1], ARGV[1 + workers + i], ARGV[1])
end
return workers
