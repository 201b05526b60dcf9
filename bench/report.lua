-- wrk reporter: one JSON line with throughput, percentiles (microseconds) and errors.
-- With WRK_PATHS set (space separated), requests rotate over those paths (the mixed load).
-- A path written with a leading "!" is sent with Cache-Control: no-cache (no page cache).
local paths = {}
for p in string.gmatch(os.getenv("WRK_PATHS") or "", "%S+") do
  table.insert(paths, p)
end
local counter = 0

-- With WRK_THINK_MS set, each connection waits a random 0 to 2 × that many milliseconds
-- before each request (a reader reading), so a connection is a client, not a firehose.
-- wrk starts the latency clock when the request is sent: the wait is not counted.
local think = tonumber(os.getenv("WRK_THINK_MS") or "0") or 0
if think > 0 then
  delay = function()
    return math.random(0, 2 * think)
  end
end

request = function()
  if #paths == 0 then
    return wrk.format(nil)
  end
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if string.sub(path, 1, 1) == "!" then
    local headers = {}
    for name, value in pairs(wrk.headers) do
      headers[name] = value
    end
    headers["Cache-Control"] = "no-cache"
    return wrk.format(nil, string.sub(path, 2), headers)
  end
  return wrk.format(nil, path)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, ' ..
    '"timeout": %d}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
