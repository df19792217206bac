-- Puts many tracked jobs of one queue on it, with their statuses, in one step: no job is queued without its
-- status. One RPUSH for all of them; the queue is registered and its idle workers woken once.
-- KEYS[1] queues set, KEYS[2] queue list
-- ARGV[1] queue name, ARGV[2] wake-up channel, ARGV[3] the job status key prefix, ARGV[4] how long a status
-- lasts unless the job moves on (ms), ARGV[5] the time now (ms), then for each job: its payload, its id, its name
-- Returns the queue's length.
local jobs = (#ARGV - 5) / 3
local payloads = {}
for i = 1, jobs do
  payloads[i] = ARGV[3 + 3 * i]
end
redis.call('SADD', KEYS[1], ARGV[1])
local length = redis.call('RPUSH', KEYS[2], unpack(payloads))
for i = 1, jobs do
  statusQueued(ARGV[3] .. ARGV[4 + 3 * i], ARGV[5 + 3 * i], ARGV[1], ARGV[5], ARGV[4])
end
redis.call('PUBLISH', ARGV[2], ARGV[1])
return length
