-- Puts one job on its queue, registers the queue and wakes idle workers, in one step.
-- KEYS[1] queues set, KEYS[2] queue list
-- ARGV[1] queue name, ARGV[2] payload, ARGV[3] wake-up channel
redis.call('SADD', KEYS[1], ARGV[1])
local length = redis.call('RPUSH', KEYS[2], ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[1])
return length
