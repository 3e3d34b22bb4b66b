-- wrk script for bench/load.sh: each request picks a random line of urls.txt
-- ("<kind> <path>"); searches, expedientes and downloads are mixed by their share of the file.
local paths = {}

function init(args)
  local file = assert(io.open(args[1] or "urls.txt"))
  for line in file:lines() do
    local kind, path = line:match("^(%S+) (%S+)$")
    if path then paths[#paths + 1] = path end
  end
  file:close()
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  local path = paths[math.random(#paths)]
  return wrk.format("GET", path, { ["Accept-Encoding"] = "gzip, br" })
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("requests      %d in %.1f s\n", summary.requests, seconds))
  io.write(string.format("requests/s    %.1f\n", summary.requests / seconds))
  io.write(string.format("p50           %.1f ms\n", latency:percentile(50) / 1000))
  io.write(string.format("p90           %.1f ms\n", latency:percentile(90) / 1000))
  io.write(string.format("p99           %.1f ms\n", latency:percentile(99) / 1000))
  io.write(string.format("errors        %d (connect %d, read %d, write %d, http>=400 %d, timeout %d)\n",
    errors, e.connect, e.read, e.write, e.status, e.timeout))
end
