-- wrk script for bench/year and bench/drain: sends the requests of $WRK_REQUESTS in turn, one
-- per line as METHOD <tab> PATH <tab> IDEMPOTENCY-KEY <tab> BODY (key and body may be empty),
-- with $WRK_AUTH; counts 200 answers and replayed ones (Idempotency-Replayed: true), and prints
-- one machine-readable RESULT line.
local threads = {}
local counter = 0

function setup(thread)
	counter = counter + 1
	thread:set("id", counter)
	table.insert(threads, thread)
end

function init(args)
	ok = 0
	other = 0
	replayed = 0
	requests = {}
	for line in io.lines(os.getenv("WRK_REQUESTS")) do
		local method, path, key, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
		local headers = { ["Authorization"] = os.getenv("WRK_AUTH") }
		if key ~= "" then
			headers["Idempotency-Key"] = key
		end
		if body ~= "" then
			headers["Content-Type"] = "application/json"
		else
			body = nil
		end
		table.insert(requests, wrk.format(method, path, headers, body))
	end
	-- the threads start apart, so that they do not ask for the same rows at the same time
	next_request = (id * 7919) % #requests + 1
end

function request()
	local r = requests[next_request]
	next_request = next_request % #requests + 1
	return r
end

function response(status, headers, body)
	if status == 200 then
		ok = ok + 1
		if headers["Idempotency-Replayed"] == "true" then
			replayed = replayed + 1
		end
	else
		other = other + 1
	end
end

function done(summary, latency, requests)
	local ok_total, other_total, replayed_total = 0, 0, 0
	for _, thread in ipairs(threads) do
		ok_total = ok_total + thread:get("ok")
		other_total = other_total + thread:get("other")
		replayed_total = replayed_total + thread:get("replayed")
	end
	local errors = summary.errors
	io.write(string.format(
		'RESULT {"requests": %d, "seconds": %.3f, "ok": %d, "non_200": %d, "replayed": %d, "socket_errors": %d, '
			.. '"timeouts": %d, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f}\n',
		summary.requests, summary.duration / 1e6, ok_total, other_total, replayed_total,
		errors.connect + errors.read + errors.write, errors.timeout,
		latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
		latency.max / 1000))
end
