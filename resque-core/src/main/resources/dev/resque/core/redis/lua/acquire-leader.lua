-- Takes or renews the scheduler leader lock: taken when free, renewed only by its owner, so two schedulers
-- (of any language) never lead at once. Two locks are held together: node-resque's, and resque-scheduler's master
-- lock, which a Ruby scheduler on the same namespace takes instead; a scheduler holding either one leads.
-- KEYS[1] resque_scheduler_leader_lock, KEYS[2] <ns>:<ns>:resque_scheduler_master_lock
-- ARGV[1] this scheduler's name, ARGV[2] lock timeout in seconds
local function owned(key)
  return redis.call('TYPE', key)['ok'] == 'string' and redis.call('GET', key) == ARGV[1]
end
-- a lock without an expiry (written by hand, or by a broken peer) would keep every scheduler out for ever: give
-- it one, so that it runs down unless its owner renews it
local function expireIfForever(key)
  if redis.call('TTL', key) == -1 then
    redis.call('EXPIRE', key, ARGV[2])
  end
end
local ours = owned(KEYS[1])
local rubys = owned(KEYS[2])
if (not ours and redis.call('EXISTS', KEYS[1]) == 1) or (not rubys and redis.call('EXISTS', KEYS[2]) == 1) then
  -- another scheduler holds one of them: give back the other if this one had it, and follow
  if ours then
    redis.call('DEL', KEYS[1])
  end
  if rubys then
    redis.call('DEL', KEYS[2])
  end
  if not ours then
    expireIfForever(KEYS[1])
  end
  if not rubys then
    expireIfForever(KEYS[2])
  end
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
return 1
