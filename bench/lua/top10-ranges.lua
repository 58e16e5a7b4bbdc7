-- A different date range on every request: starts over 1992-1998, lengths of 1 to MAX_DAYS (120) days.
local first = os.time({year = 1992, month = 1, day = 1, hour = 12})
local family = os.getenv("FAMILY") or "connector"
local max_days = tonumber(os.getenv("MAX_DAYS") or "120")
math.randomseed(tonumber(os.getenv("SEED") or "1"))

request = function()
  local start = first + math.random(0, 2400) * 86400
  local stop = start + math.random(0, max_days - 1) * 86400
  local path = string.format("/%s/customers/top10?start_range=%s&end_range=%s",
    family, os.date("!%Y-%m-%d", start), os.date("!%Y-%m-%d", stop))
  return wrk.format("GET", path)
end
