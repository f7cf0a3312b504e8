-- wrk script for the cold-start scenario: counts 2xx responses in one-second slices measured from an origin the
-- caller passes (`-- <CLOCK_MONOTONIC seconds>`, the moment the gateway's listener first accepted), and prints
-- them as "slice <n> <count>" lines after wrk's own summary.
--
-- wrk itself reports only totals. The slice is taken from CLOCK_MONOTONIC through LuaJIT's FFI (a vDSO call, no
-- system call) when each response completes, so one wrk run keeps its connections open across slices: running wrk
-- once per second instead would add a gap and 32 fresh TLS handshakes to every slice, the very cost a cold
-- gateway pays worst. The price is wrk's response hook (headers and body handed to Lua) on the load core only.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *time);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")

local function now()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
    return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) * 1e-9
end

-- Thread state, read by done() through thread:get.
origin = 0
counts = {}

function init(args)
    origin = tonumber(args[1])
end

function response(status, headers, body)
    if status >= 200 and status < 300 then
        local slice = math.floor(now() - origin) + 1
        counts[slice] = (counts[slice] or 0) + 1
    end
end

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function done(summary, latency, requests)
    local total = {}
    for _, thread in ipairs(threads) do
        for slice, count in pairs(thread:get("counts")) do
            total[slice] = (total[slice] or 0) + count
        end
    end
    for slice, count in pairs(total) do
        io.write(string.format("slice %d %d\n", slice, count))
    end
end
