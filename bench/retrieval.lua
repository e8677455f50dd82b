-- wrk script for bench/retrieval.sh: GET /ngsi-ld/v1/entities/{id} of a random entity
-- urn:ngsi-ld:Sensor:0 .. N-1, with a bearer token. Environment: BENCH_TOKEN, BENCH_ENTITIES.
local token = os.getenv("BENCH_TOKEN")
local entities = tonumber(os.getenv("BENCH_ENTITIES") or "100000")
local headers = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" }
local failures = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end

function init(args)
  math.randomseed(os.time() * 1000 + seed)
end

function request()
  return wrk.format("GET", "/ngsi-ld/v1/entities/urn:ngsi-ld:Sensor:" .. math.random(0, entities - 1), headers)
end

function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
    if failures <= 3 then
      io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
    end
  end
end

function done(summary, latency, requests)
  io.write(string.format("latency ms: p50 %.2f, p99 %.2f, p99.9 %.2f, max %.2f; non-200 answers: %d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000, summary.errors.status))
end
