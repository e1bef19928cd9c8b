"""The Lua scripts behind the Redis journal: every transition of an item is one script.

Redis runs a script alone, start to end, so a transition reads and writes the item with
nothing in between: two workers can never both take or start the same item. Every
script takes the same three keys: the items hash (key → JSON entry), the leases sorted
set (key → expiry in ms) and the counts hash (status → items). Time comes from the Redis
server (``TIME``), so the workers' clocks need not agree.

An entry holds ``s`` (status), ``a`` (attempts), ``o`` (the run that holds it), ``org``
(where the item sits in the input), ``prev`` (its status before it was taken for a
retry), ``at`` (updated, ms), and, as opaque JSON text, ``v`` (value or checkpoint) and
``ctx`` (context); ``et``, ``em``, ``op``, ``rs`` as in the SQLite journal.
"""

from __future__ import annotations

_COMMON = """
local items, leases, counts = KEYS[1], KEYS[2], KEYS[3]
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local now = now_ms()
local function count(old, new)
  if old then redis.call('HINCRBY', counts, old, -1) end
  if new then redis.call('HINCRBY', counts, new, 1) end
end
local function save(key, e)
  e.at = now
  redis.call('HSET', items, key, cjson.encode(e))
end
local function load(key)
  local raw = redis.call('HGET', items, key)
  if not raw then return nil end
  return cjson.decode(raw)
end
local function take(key, e, owner, lease_ms)
  -- Reserve the item for the run `owner`: pending, under a lease.
  if e.s ~= 'pending' then
    e.prev = e.s
    count(e.s, 'pending')
  end
  e.s = 'pending'
  e.o = owner
  save(key, e)
  redis.call('ZADD', leases, now + lease_ms, key)
end
local function expire(key, e)
  -- The run that held it stopped answering: started may have happened, pending did not.
  redis.call('ZREM', leases, key)
  if e.s == 'started' then
    count('started', 'unknown')
    e.s = 'unknown'
    e.prev = nil
    e.et = 'Interrupted'
    e.em = 'the worker stopped answering while this item was in flight (its lease expired)'
    save(key, e)
  elseif e.s == 'pending' then
    if e.prev then
      count('pending', e.prev)
      e.s = e.prev
      e.prev = nil
      save(key, e)
    else
      count('pending', nil)
      redis.call('HDEL', items, key)
    end
  end
end
local function lease_of(key)
  return tonumber(redis.call('ZSCORE', leases, key) or '0')
end
"""

#: ARGV: key, owner, origin ('' for none), retry_failed ('1'/'0'), lease ms.
#: Returns {claim, entry JSON before the claim or false}.
CLAIM = (
    _COMMON
    + """
local key, owner, origin, retry_failed = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local lease_ms = tonumber(ARGV[5])
local raw = redis.call('HGET', items, key)
if not raw then
  local e = {s = 'pending', a = 0, o = owner}
  if origin ~= '' then e.org = origin end
  count(nil, 'pending')
  save(key, e)
  redis.call('ZADD', leases, now + lease_ms, key)
  return {'perform', false}
end
local e = cjson.decode(raw)
if origin ~= '' and e.org and e.org ~= origin then return {'duplicate', raw} end
if (e.s == 'pending' or e.s == 'started') and e.o == owner then return {'duplicate', raw} end
if e.s == 'succeeded' then return {'skip', raw} end
if e.s == 'failed' then
  if retry_failed == '1' then
    take(key, e, owner, lease_ms)
    return {'retry', raw}
  end
  return {'failed_before', raw}
end
if e.s == 'unknown' then return {'unknown_before', raw} end
if lease_of(key) > now then return {'elsewhere', raw} end
if e.s == 'pending' then
  take(key, e, owner, lease_ms)
  return {'perform', raw}
end
expire(key, e)
return {'unknown_before', redis.call('HGET', items, key)}
"""
)

#: ARGV: key, owner, lease ms. Takes an unknown item for a retry: 1, or 0 if not unknown.
RECLAIM = (
    _COMMON
    + """
local key, owner, lease_ms = ARGV[1], ARGV[2], tonumber(ARGV[3])
local e = load(key)
if not e or e.s ~= 'unknown' then return 0 end
take(key, e, owner, lease_ms)
return 1
"""
)

#: ARGV: key, owner, lease ms. Pending and ours → started: 1; anything else: 0.
START = (
    _COMMON
    + """
local key, owner, lease_ms = ARGV[1], ARGV[2], tonumber(ARGV[3])
local e = load(key)
if not e or e.s ~= 'pending' or e.o ~= owner then return 0 end
count('pending', 'started')
e.s = 'started'
e.a = (e.a or 0) + 1
save(key, e)
redis.call('ZADD', leases, now + lease_ms, key)
return 1
"""
)

#: ARGV: key, owner. Gives back a reservation never attempted (restores a retried status).
RELEASE = (
    _COMMON
    + """
local key, owner = ARGV[1], ARGV[2]
local e = load(key)
if not e or e.s ~= 'pending' or e.o ~= owner then return 0 end
expire(key, e)
return 1
"""
)

#: ARGV: key, owner, status, fields JSON ({v, et, em, op, rs, ctx}; v absent: keep the
#: checkpoint unless succeeded). 1 when recorded, 0 when another run holds the item now.
FINISH = (
    _COMMON
    + """
local key, owner, status, fields = ARGV[1], ARGV[2], ARGV[3], cjson.decode(ARGV[4])
local e = load(key)
if not e or e.o ~= owner then return 0 end
count(e.s, status)
redis.call('ZREM', leases, key)
e.s = status
e.prev = nil
if status == 'succeeded' or fields.v then e.v = fields.v end
e.et, e.em, e.op, e.rs, e.ctx = fields.et, fields.em, fields.op, fields.rs, fields.ctx
save(key, e)
return 1
"""
)

#: ARGV: key, owner, value JSON, lease ms. 1 when the started item is ours, else 0.
CHECKPOINT = (
    _COMMON
    + """
local key, owner, value, lease_ms = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local e = load(key)
if not e or e.s ~= 'started' or e.o ~= owner then return 0 end
e.v = value
save(key, e)
redis.call('ZADD', leases, now + lease_ms, key)
return 1
"""
)

#: ARGV: owner, lease ms, keys... Extends the leases of the items this run holds.
RENEW = (
    _COMMON
    + """
local owner, lease_ms, renewed = ARGV[1], tonumber(ARGV[2]), 0
for i = 3, #ARGV do
  local e = load(ARGV[i])
  if e and e.o == owner and (e.s == 'pending' or e.s == 'started') then
    redis.call('ZADD', leases, 'XX', now + lease_ms, ARGV[i])
    renewed = renewed + 1
  end
end
return renewed
"""
)

#: ARGV: most items to settle. Settles the items whose lease has run out; returns how many.
SETTLE = (
    _COMMON
    + """
local expired = redis.call('ZRANGEBYSCORE', leases, '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
for _, key in ipairs(expired) do
  local e = load(key)
  if e then expire(key, e) else redis.call('ZREM', leases, key) end
end
return #expired
"""
)

#: ARGV: key, succeeded ('1'/'0'), note. Returns the status it had (false: no such key),
#: or 'busy' when a run holds it under a live lease.
RESOLVE = (
    _COMMON
    + """
local key, succeeded, note = ARGV[1], ARGV[2], ARGV[3]
local e = load(key)
if not e then return false end
if (e.s == 'pending' or e.s == 'started') and lease_of(key) > now then return 'busy' end
local was = e.s
redis.call('ZREM', leases, key)
if succeeded == '1' then
  count(e.s, 'succeeded')
  e.s, e.et, e.em = 'succeeded', cjson.null, note
else
  count(e.s, 'failed')
  e.s, e.et, e.em = 'failed', 'NotPerformed', note
end
e.prev = nil
save(key, e)
return was
"""
)
