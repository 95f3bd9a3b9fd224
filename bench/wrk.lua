-- wrk script for bench/load: POSTs the JSON bodies of $WRK_BODIES (one per line) in turn,
-- or GETs the URL when it is unset; counts 200 answers so that the audit can be checked
-- against them, and prints one machine-readable RESULT line.
local threads = {}

function setup(thread)
	table.insert(threads, thread)
end

function init(args)
	ok = 0
	other = 0
	bodies = {}
	local file = os.getenv("WRK_BODIES")
	if file and file ~= "" then
		for line in io.lines(file) do
			table.insert(bodies, line)
		end
	end
	next_body = 1
	headers = { ["Content-Type"] = "application/json", ["Authorization"] = os.getenv("WRK_AUTH") }
end

function request()
	if #bodies == 0 then
		return wrk.format("GET", nil, { ["Authorization"] = headers["Authorization"] })
	end
	local body = bodies[next_body]
	next_body = next_body % #bodies + 1
	return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
	if status == 200 then
		ok = ok + 1
	else
		other = other + 1
	end
end

function done(summary, latency, requests)
	local ok_total, other_total = 0, 0
	for _, thread in ipairs(threads) do
		ok_total = ok_total + thread:get("ok")
		other_total = other_total + thread:get("other")
	end
	local errors = summary.errors
	io.write(string.format(
		'RESULT {"requests": %d, "seconds": %.3f, "ok": %d, "non_200": %d, "socket_errors": %d, '
			.. '"timeouts": %d, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f}\n',
		summary.requests, summary.duration / 1e6, ok_total, other_total,
		errors.connect + errors.read + errors.write, errors.timeout,
		latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
		latency.max / 1000))
end
