-- Removes every trace of a stopped worker: registration, started, ping, heartbeat, working-on record and
-- per-worker counters (the totals stay).
-- KEYS[1] workers set, KEYS[2] worker:<id>:started, KEYS[3] worker:ping:<name>, KEYS[4] workers:heartbeat,
-- KEYS[5] worker:<id>, KEYS[6] stat:processed:<name>, KEYS[7] stat:failed:<name>
-- ARGV[1] registration id
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3], KEYS[5], KEYS[6], KEYS[7])
redis.call('HDEL', KEYS[4], ARGV[1])
return 1
