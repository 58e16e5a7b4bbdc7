-- wrk script for bench/soak: a mix of hot requests (a few fixed URLs, answered from warm caches)
-- and cold ones (random date ranges, clerks and years), on both families; counts answers by status.
local hot = {
  "/connector/customers/top10?start_range=1995-01-01&end_range=1995-03-31",
  "/snowpark/customers/top10?start_range=1995-02-01&end_range=1995-02-14",
  "/connector/clerk/000000002/yearly_sales/1995",
  "/snowpark/clerk/000000002/yearly_sales/1995",
}
local families = { "/connector", "/snowpark" }
local clerks = tonumber(os.getenv("SOAK_CLERKS") or "1000")
counts = {}  -- a global, so that done() can read each thread's through thread:get
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + #threads + math.floor(os.clock() * 1e6))
end

local function day(offset)
  -- Days from 1992-01-01, as YYYY-MM-DD.
  return os.date("!%Y-%m-%d", 694224000 + offset * 86400)
end

request = function()
  if math.random() < 0.5 then
    return wrk.format("GET", hot[math.random(#hot)])
  end
  local family = families[math.random(#families)]
  if math.random() < 0.5 then
    local start = math.random(0, 2400)
    return wrk.format("GET", family .. "/customers/top10?start_range=" .. day(start) .. "&end_range=" .. day(start + math.random(0, 90)))
  end
  return wrk.format("GET", family .. "/clerk/" .. math.random(1, clerks) .. "/yearly_sales/" .. math.random(1992, 1998))
end

response = function(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

done = function(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do
      total[status] = (total[status] or 0) + n
    end
  end
  local statuses = {}
  for status, n in pairs(total) do
    table.insert(statuses, status .. "=" .. n)
  end
  table.sort(statuses)
  local e = summary.errors
  io.write(string.format("RESULT %d %.2f %d %s\n", summary.requests, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, table.concat(statuses, ",")))
end
