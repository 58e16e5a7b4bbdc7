-- A different clerk and year on every request.
local family = os.getenv("FAMILY") or "connector"
local clerks = tonumber(os.getenv("CLERKS") or "1000")
math.randomseed(tonumber(os.getenv("SEED") or "1"))

request = function()
  local path = string.format("/%s/clerk/%d/yearly_sales/%d", family, math.random(1, clerks), math.random(1992, 1998))
  return wrk.format("GET", path)
end
