-- How many takes a rate limit's log holds within the last ARGV[1] ms by Redis's clock: what the limit bounds.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
return redis.call('ZCOUNT', KEYS[1], '(' .. (now - tonumber(ARGV[1])), now)
