-- Registers a worker as Ruby Resque and node-resque expect to find it.
-- KEYS[1] workers set, KEYS[2] worker:<id>:started, KEYS[3] worker:ping:<name>, KEYS[4] workers:heartbeat
-- ARGV[1] registration id <name>:<queues>, ARGV[2] started (Ruby's Time#to_s), ARGV[3] ping JSON,
-- ARGV[4] heartbeat (ISO-8601)
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SET', KEYS[3], ARGV[3])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[4])
return 1
