-- wrk script for bench/retrieval.sh: GET /ngsi-ld/v1/entities/{id} of a random entity
-- urn:ngsi-ld:Sensor:0 .. N-1, with a bearer token. Environment: BENCH_TOKEN, BENCH_ENTITIES.
-- The requests are formatted once per thread (4,096 random ids, then round and round) and no
-- response() callback is defined, which would make wrk hand every answer's headers and body to
-- Lua: the load generator shares the server's cores, so what it spends per request is taken from
-- the server. Answers other than 2xx/3xx are still counted (summary.errors.status).
local token = os.getenv("BENCH_TOKEN")
local entities = tonumber(os.getenv("BENCH_ENTITIES") or "100000")
local headers = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" }
local threads = 0
local pool = {}
local size = 4096
local next = 0

function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + seed)
  for i = 1, size do
    pool[i] = wrk.format("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:" .. math.random(0, entities - 1), headers)
  end
end

function request()
  next = next % size + 1
  return pool[next]
end

function done(summary, latency, requests)
  io.write(string.format("latency ms: p50 %.2f, p99 %.2f, p99.9 %.2f, max %.2f; non-2xx/3xx answers: %d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000, summary.errors.status))
end
