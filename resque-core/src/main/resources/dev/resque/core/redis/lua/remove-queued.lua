-- Removes one queued copy of a job, matched by its bytes; a tracked job that will now never run is recorded as
-- cancelled, in the same step.
-- KEYS[1] queue list, KEYS[2] the history of ended jobs
-- ARGV[1] the entry, ARGV[2] the job status key prefix ('' when jobs are not tracked), ARGV[3] how long an ended
-- job's status lasts (ms)
-- Returns how many copies were removed (0 or 1).
local removed = redis.call('LREM', KEYS[1], 1, ARGV[1])
local id = removed > 0 and ARGV[2] ~= '' and trackedId(ARGV[1], 1)
if id then
  statusEnded(ARGV[2], KEYS[2], id, 'cancelled', ARGV[3])
end
return removed
