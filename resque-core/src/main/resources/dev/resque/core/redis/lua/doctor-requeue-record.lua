-- Gives back the job of a working-on record nobody will finish (its worker is not registered, or never pings):
-- the payload goes to the front of its queue, the record and the worker's registration go, in one step.
-- KEYS[1] the working-on record, KEYS[2] the queue, KEYS[3] the queues set, KEYS[4] the workers set,
-- KEYS[5] the worker's started key
-- ARGV[1] the record as read (nothing happens when it changed since), ARGV[2] the payload, ARGV[3] the queue name,
-- ARGV[4] the worker's registration id
-- Returns 1 when the job was given back, 0 when the record had changed or gone.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('LPUSH', KEYS[2], ARGV[2])
redis.call('SADD', KEYS[3], ARGV[3])
redis.call('DEL', KEYS[1], KEYS[5])
redis.call('SREM', KEYS[4], ARGV[4])
return 1
