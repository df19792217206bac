-- Moves one entry, matched by its exact bytes, from a list to the end of another, as a new value (a malformed job
-- into the failed queue as a failed record; an unreadable failed record as a readable one): removed and added in
-- one step, so it is never in neither list.
-- KEYS[1] the list it is in, KEYS[2] the list it goes to
-- ARGV[1] the entry, ARGV[2] what is added in its place
-- Returns 1 when moved, 0 when the entry was not there any more.
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then
  return 0
end
redis.call('RPUSH', KEYS[2], ARGV[2])
return 1
