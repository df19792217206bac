-- Takes a lock for its TTL. With ARGV[4] = '1' a lock whose recorded expiry has passed is taken over even if it
-- has no TTL (node-resque's queue lock could be left without one).
-- Values start with the expiry in epoch seconds, so node-resque reads them as it writes them.
-- KEYS[1] the lock
-- ARGV[1] value, ARGV[2] TTL in seconds, ARGV[3] now in epoch seconds, ARGV[4] '1' to take over stale locks
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then
  return 1
end
if ARGV[4] == '1' then
  local current = redis.call('GET', KEYS[1])
  local expiry = current and tonumber(string.match(current, '^%d+'))
  if expiry == nil or expiry < tonumber(ARGV[3]) then
    redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
    return 1
  end
end
return 0
