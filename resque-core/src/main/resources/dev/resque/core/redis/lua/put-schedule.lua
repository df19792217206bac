-- Stores a dynamic schedule where resque-scheduler keeps them and marks it changed, so that a dynamic Ruby
-- scheduler reloads it too; our schedulers read the hash at every poll.
-- KEYS[1] persistent_schedules, KEYS[2] schedules_changed
-- ARGV[1] the schedule's name, ARGV[2] its JSON config
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
