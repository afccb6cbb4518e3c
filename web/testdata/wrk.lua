-- Load for lvzhi serve: wrk cycles through searches (rare and very common
-- terms, with filters and paging) and API calls. wrk itself reports every
-- answer that is not 2xx or 3xx ("Non-2xx or 3xx responses") and socket
-- errors; done() repeats the errors and percentiles on two lines.
--
--   lvzhi serve --data DATA --addr 127.0.0.1:18090 &
--   wrk -t2 -c50 -d30s --timeout 10s --latency -s web/testdata/wrk.lua http://127.0.0.1:18090
--
-- (Doc pages are included when DOCS is set to a comma-separated list of
-- IDs: DOCS=0123abcd,… wrk …)

local paths = {
  "/search?q=%E4%BB%A3%E8%A1%A8",                       -- 代表
  "/search?q=%E5%BB%BA%E8%AE%AE",                       -- 建议
  "/api/search?q=%E4%BB%A3%E8%A1%A8&size=10",           -- 代表 (JSON)
  "/api/search?q=%E5%BB%BA%E8%AE%AE&sort=-year",        -- 建议, newest first
  "/search?q=%E7%A7%B8%E7%A7%86%E7%A6%81%E7%83%A7",     -- 秸秆禁烧
  "/search?q=%E4%BB%A3%E8%A1%A8&year=2019&kind=duty_report",
  "/search?q=%E5%BB%BA%E8%AE%AE+-%E5%85%BB%E8%80%81",   -- 建议 -养老
  "/search?q=%E9%81%93%E8%B7%AF&page=3",                -- 道路, page 3
  "/search",                                            -- browse everything
  "/api/search?flag=placeholder",
}
local docs = os.getenv("DOCS")
if docs then
  for id in string.gmatch(docs, "[^,]+") do
    paths[#paths + 1] = "/doc/" .. id
  end
end

local counter = 0
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
  io.write(string.format("lvzhi: %d requests, %d socket errors (connect %d, read %d, write %d, timeout %d)\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("lvzhi: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
