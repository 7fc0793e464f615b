#!/usr/bin/env python3
"""The chapter's workloads in CPython, one per subcommand, each printing one JSON line.

These are the Python halves of the side-by-side comparison (``benchmarks/compare.sh``). Each
subcommand runs one workload at the sizes it is given and prints a single JSON object on
standard output; ``compare.py`` runs it as a child process, reads that line, and takes the peak
resident set size from the operating system itself (``os.wait4``), as it does for the Java side.

    chapter_workloads.py counter THREADS INCREMENTS RUNS   # 20.1.2: a lock held around each loop
    chapter_workloads.py counter-per-increment THREADS INCREMENTS RUNS   # ... around each += 1
    chapter_workloads.py pool WARM_UP ROUND_TRIPS ITEMS     # 20.3.2: ProcessPoolExecutor(2)
    chapter_workloads.py pool-start METHOD                  # 20.3.2: a new pool, fork/spawn/...
    chapter_workloads.py queue ITEMS                        # 20.2.2: multiprocessing.Queue
    chapter_workloads.py sleeps COUNT                       # 20.4.1: asyncio.sleep(0.1) x COUNT
    chapter_workloads.py fanout PORT REQUESTS MAX_IN_FLIGHT ROUNDS  # 20.4.2: threads + urllib
    chapter_workloads.py fanout-aiohttp PORT REQUESTS MAX_IN_FLIGHT ROUNDS  # 20.4.2: aiohttp
    chapter_workloads.py echo CONNECTIONS MESSAGES          # 20.4+: asyncio streams, 2 processes
    chapter_workloads.py echo-serve                         # its server, until stdin ends
    chapter_workloads.py --loop uvloop sleeps COUNT         # any asyncio workload, on uvloop

Standard library only, except two optional packages that ``compare.py`` uses where this Python
has them: ``aiohttp`` (the chapter's HTTP client, for ``fanout-aiohttp``) and ``uvloop`` (a faster
event loop, for ``--loop uvloop``). A failure prints one line on standard error and exits with
code 1.
"""

import asyncio
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

POOL_WORKERS = 2
PAUSE_S = 0.1  # each asyncio sleep, as in the Java side's Sleepers.PAUSE
JOIN_TIMEOUT_S = 60  # how long the producer may take to exit once its last item is read
# The page of the comparison's one HTTP server (the Java side's FanOutServer) and its body.
GREETING_PATH = "/greeting"
GREETING = "안녕하세요, 비동기 세계! (20.4.2)"
HTTP_TIMEOUT_S = 10
EVENT_LOOP = "asyncio"  # "uvloop" with --loop uvloop: every asyncio workload runs on uvloop's loop


def run_async(main):
    """asyncio.run(main), on uvloop's event loop when --loop uvloop was given."""
    if EVENT_LOOP == "uvloop":
        try:
            import uvloop  # optional: compare.py asks for it only where it is installed
        except ImportError:
            main.close()  # never run: no "never awaited" warning on the way out
            raise

        if hasattr(uvloop, "run"):  # uvloop 0.18+
            return uvloop.run(main)
        uvloop.install()  # 0.17 (Debian 12's): uvloop's policy, then asyncio.run makes its loop
    return asyncio.run(main)


# ---------------------------------------------------------------------------------------------
# 20.1.2: two threads add one to a shared global, each holding the lock for its whole loop.
# ---------------------------------------------------------------------------------------------

total = 0  # a module global, like the chapter's shared variable
total_lock = threading.Lock()


def add_under_lock(times):
    """Take the lock once, then add one `times` times: the loop runs inside the lock."""
    global total
    with total_lock:
        for _ in range(times):
            total += 1


def add_each_under_lock(times):
    """Take the lock for each addition: the threads may interleave between additions."""
    global total
    for _ in range(times):
        with total_lock:
            total += 1


def counter(threads, increments, runs, loop=add_under_lock):
    """Time `runs` races of `threads` threads; report the median, as the Java side does."""
    global total
    seconds = []
    for _ in range(runs):
        total = 0
        workers = [threading.Thread(target=loop, args=(increments,))
                   for _ in range(threads)]
        start = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        seconds.append(time.perf_counter() - start)
        if total != threads * increments:
            raise RuntimeError(f"counted {total}, expected {threads * increments}")
    return {"median_s": statistics.median(seconds), "runs_s": seconds}


# ---------------------------------------------------------------------------------------------
# 20.3.2: what a process pool adds to a task that does nothing.
# ---------------------------------------------------------------------------------------------

def identity(value):
    """The task: return the argument, so that everything measured is the pool's own cost."""
    return value


# Untimed maps before the timed one, the same on the Java side: more for the cheap chunked map,
# because each of its runs gives the JVMs' compilers only a few calls to learn from.
MAP_WARM_UPS = 3  # untimed maps with chunk size 1, then one timed: it takes seconds
MAP_WARM_UPS_CHUNKED = 20
MAP_TIMED_CHUNKED = 9  # the Java side's PoolWorkload.MAP_TIMED_CHUNKED


def timed_map(pool, items, chunksize, warm_ups, timed):
    """Map `identity` over `items` `warm_ups` times untimed, then `timed` times timed (a chunked
    map takes milliseconds: one is too short to trust); the median, in us per item."""
    for _ in range(warm_ups):
        list(pool.map(identity, items, chunksize=chunksize))
    elapsed = []
    for _ in range(timed):
        start = time.perf_counter()
        results = list(pool.map(identity, items, chunksize=chunksize))
        elapsed.append(time.perf_counter() - start)
        if results != items:
            raise RuntimeError("map returned wrong results")
    return statistics.median(elapsed) / len(items) * 1e6


def pool(warm_up, round_trips, items):
    """Round trip of submit().result() after a warm-up, then map with two chunk sizes."""
    with ProcessPoolExecutor(max_workers=POOL_WORKERS) as executor:
        for i in range(warm_up):  # starts both workers and fills every cache on the path
            executor.submit(identity, i).result()
        start = time.perf_counter()
        for i in range(round_trips):
            if executor.submit(identity, i).result() != i:
                raise RuntimeError(f"wrong answer for {i}")
        round_trip_us = (time.perf_counter() - start) / round_trips * 1e6

        values = list(range(items))
        # The Java pool's map() picks about four chunks per worker when not told; the same size
        # here shows what chunking buys Python, whose own default is one item per task.
        java_default_chunk = -(-items // (4 * POOL_WORKERS))
        return {
            "round_trip_us": round_trip_us,
            "map_chunk1_us": timed_map(executor, values, 1, MAP_WARM_UPS, 1),
            "map_chunked_us": timed_map(executor, values, java_default_chunk,
                                        MAP_WARM_UPS_CHUNKED, MAP_TIMED_CHUNKED),
            "chunk_size": java_default_chunk,
        }


# ---------------------------------------------------------------------------------------------
# 20.3.2's start-up: a new pool, until both of its workers have answered.
# ---------------------------------------------------------------------------------------------

answered = False  # in a worker: whether it has run worker_pid before


def worker_pid():
    """Answer with this worker's PID; after the first answer, wait 2 ms first.

    The wait keeps the asking slow (a few hundred tasks a second) while the other worker is still
    starting, so that it does not take a core from it. The Java side's WorkerPid does the same.
    """
    global answered
    if answered:
        time.sleep(0.002)
    answered = True
    return os.getpid()


def pool_start(method):
    """Seconds from creating ProcessPoolExecutor(2) with start `method` to both workers' answers.

    Two tasks at a time, until two different PIDs have answered: with only two tasks, the worker
    that starts first could answer both. Shutting the pool down is not timed.
    """
    context = multiprocessing.get_context(method)
    start = time.perf_counter()
    executor = ProcessPoolExecutor(max_workers=POOL_WORKERS, mp_context=context)
    try:
        pids, rounds = set(), 0
        while len(pids) < POOL_WORKERS:
            futures = [executor.submit(worker_pid) for _ in range(POOL_WORKERS)]
            pids.update(future.result() for future in futures)
            rounds += 1
        seconds = time.perf_counter() - start
    finally:
        executor.shutdown()
    return {"seconds": seconds, "method": method, "rounds": rounds}


# ---------------------------------------------------------------------------------------------
# 20.2.2: a producer process puts small items into a Queue; this process takes them.
# ---------------------------------------------------------------------------------------------

END = None  # the end marker: the consumer stops at it, never at queue.empty()


def produce(queue, count):
    """Put `count` short strings, then the end marker."""
    for i in range(count):
        queue.put(f"{i}: x")
    queue.put(END)


def queue_rate(items):
    """Items per second from the first item to the end marker, as the Java side times it."""
    queue = multiprocessing.Queue()
    producer = multiprocessing.Process(target=produce, args=(queue, items), name="producer")
    producer.start()
    try:
        # Plain blocking get()s, as the chapter's consumer makes: get(timeout=...) polls the pipe
        # before every read and halves the rate. Should the producer die, compare.py's time limit
        # ends the run.
        last = queue.get()
        start = time.perf_counter()
        received = 1
        while (item := queue.get()) is not END:
            last = item
            received += 1
        elapsed = time.perf_counter() - start
    finally:
        producer.join(timeout=JOIN_TIMEOUT_S)
        if producer.is_alive():
            producer.kill()
            producer.join()
    if received != items or last != f"{items - 1}: x":
        raise RuntimeError(f"received {received} items, last {last!r}; expected {items}")
    if producer.exitcode != 0:
        raise RuntimeError(f"producer exited with code {producer.exitcode}")
    return {"items_per_s": (received - 1) / elapsed, "items": received}


# ---------------------------------------------------------------------------------------------
# 20.4.1, scaled up: many coroutines pause at once on one thread.
# ---------------------------------------------------------------------------------------------

async def sleep_all(count):
    """Gather `count` pauses; return the time from creating the first to the end of the last."""
    start = time.perf_counter()
    await asyncio.gather(*(asyncio.sleep(PAUSE_S) for _ in range(count)))
    return time.perf_counter() - start


def sleeps(count):
    return {"seconds": run_async(sleep_all(count)), "count": count, "loop": EVENT_LOOP}


# ---------------------------------------------------------------------------------------------
# 20.4.2, scaled up: many GETs, a bounded number at once. With aiohttp, the chapter's client, where
# it is installed (it is not in the standard library); with threads and urllib, what a program
# without it would use, where it is not.
# ---------------------------------------------------------------------------------------------

def check_bodies(bodies):
    """Fails on the first body that is not the server's greeting."""
    wrong = [body for body in bodies if body != GREETING]
    if wrong:
        raise RuntimeError(f"unexpected body: {wrong[0]!r}")


def fanout(port, requests, max_in_flight, rounds):
    """GET the greeting `requests` times, `max_in_flight` threads at once, for `rounds` timed rounds
    after an untimed one; return the median round in seconds."""
    url = f"http://127.0.0.1:{port}{GREETING_PATH}"
    # No proxy, whatever the environment says: the server is on this machine.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def get(_):
        with opener.open(url, timeout=HTTP_TIMEOUT_S) as response:
            charset = response.headers.get_content_charset() or "utf-8"
            return response.read().decode(charset)

    seconds = []
    with ThreadPoolExecutor(max_workers=max_in_flight) as threads:
        for round_ in range(-1, rounds):  # round -1 is the warm-up: it also starts the threads
            start = time.perf_counter()
            bodies = list(threads.map(get, range(requests)))
            elapsed = time.perf_counter() - start
            check_bodies(bodies)
            if round_ >= 0:
                seconds.append(elapsed)
    return {"median_s": statistics.median(seconds), "requests": requests,
            "max_in_flight": max_in_flight, "client": "threads + urllib"}


async def aiohttp_rounds(url, requests, max_in_flight, rounds):
    """The chapter's client as aiohttp's docs advise: one ClientSession shared by every request
    (the chapter opens one per request), a Semaphore as the bound; one untimed round, then
    `rounds` timed ones. Returns the timed rounds' seconds."""
    import aiohttp  # optional: compare.py runs fanout-aiohttp only where it is installed

    async def get(session, bound):
        async with bound:
            async with session.get(url) as response:
                response.raise_for_status()
                return await response.text()  # decoded with the charset the server names

    seconds = []
    bound = asyncio.Semaphore(max_in_flight)
    # One session (its connection pool is shared); a whole request may take HTTP_TIMEOUT_S.
    # aiohttp ignores proxy settings in the environment unless trust_env=True.
    timeout = aiohttp.ClientTimeout(total=HTTP_TIMEOUT_S)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for round_ in range(-1, rounds):  # round -1 is the warm-up: it opens the connections
            start = time.perf_counter()
            bodies = await asyncio.gather(*(get(session, bound) for _ in range(requests)))
            elapsed = time.perf_counter() - start
            check_bodies(bodies)
            if round_ >= 0:
                seconds.append(elapsed)
    return seconds


def fanout_aiohttp(port, requests, max_in_flight, rounds):
    """The fan-out with aiohttp: `requests` GETs per round, at most `max_in_flight` at once."""
    import aiohttp

    url = f"http://127.0.0.1:{port}{GREETING_PATH}"
    seconds = run_async(aiohttp_rounds(url, requests, max_in_flight, rounds))
    return {"median_s": statistics.median(seconds), "requests": requests,
            "max_in_flight": max_in_flight, "client": f"aiohttp {aiohttp.__version__}",
            "loop": EVENT_LOOP}


# ---------------------------------------------------------------------------------------------
# Beyond the chapter: a TCP echo server with asyncio's streams, and many clients at once. The
# server runs in a child process: a connection holds a file descriptor at each end, and 10,000 of
# them in one process would need 20,000, the most a process may have here (ulimit -n).
# ---------------------------------------------------------------------------------------------

ECHO_HOST = "127.0.0.1"
ECHO_BACKLOG = 4096  # the same on every side; Linux caps it at net.core.somaxconn
ECHO_TIMEOUT_S = 60  # one deadline for the whole run: a wait_for per read would cost a task each


def echo_message(connection, number):
    """The text of one message: unique, and not ASCII, so UTF-8 is exercised both ways."""
    return f"connection {connection}, message {number}: 안녕하세요"


async def serve_echo():
    """Serve until standard input ends, then return the server's own figures."""
    counts = {"open": 0, "peak": 0, "echoed": 0}

    async def handle(reader, writer):
        counts["open"] += 1
        counts["peak"] = max(counts["peak"], counts["open"])
        try:
            while line := await reader.readline():  # b"" at the end of the stream
                writer.write(line)  # the bytes that came, never decoded, as every side's server
                await writer.drain()
                counts["echoed"] += 1
        except ConnectionError:
            pass  # this connection ends; the others go on
        finally:
            counts["open"] -= 1
            writer.close()

    server = await asyncio.start_server(handle, ECHO_HOST, 0, backlog=ECHO_BACKLOG)
    port = server.sockets[0].getsockname()[1]
    print(json.dumps({"workload": "echo-serve", "port": port}), flush=True)
    # Standard input is read on a thread of the default executor, so the loop goes on serving.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.buffer.read)
    server.close()
    await server.wait_closed()
    return {"peak_connections": counts["peak"], "echoed": counts["echoed"],
            # ru_maxrss: KiB on Linux, bytes on macOS
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            / (1024 * 1024 if sys.platform == "darwin" else 1024)}


def echo_serve():
    return run_async(serve_echo())


async def echo_clients(port, connections, messages):
    """Open `connections` connections at once; on each, one echo, then (once every connection has
    had its first) the other messages, one at a time. Returns (seconds, seconds until all open)."""
    opened = 0
    all_open = asyncio.Event()
    open_at = None
    start = time.perf_counter()

    async def round_trip(reader, writer, connection, number):
        message = echo_message(connection, number)
        writer.write((message + "\n").encode("utf-8"))
        await writer.drain()
        line = await reader.readline()
        if not line.endswith(b"\n"):
            raise ConnectionError(f"connection {connection + 1:,} of {connections:,}: the server "
                                  f"closed the connection after {number} of {messages} echoes")
        echo = line[:-1].decode("utf-8")
        if echo != message:
            raise RuntimeError(f"sent {message!r} but got {echo!r} back")

    async def conversation(connection):
        nonlocal opened, open_at
        reader, writer = await asyncio.open_connection(ECHO_HOST, port)
        try:
            await round_trip(reader, writer, connection, 0)
            opened += 1
            if opened == connections:
                open_at = time.perf_counter()
                all_open.set()
            await all_open.wait()  # until every connection is open
            for number in range(1, messages):
                await round_trip(reader, writer, connection, number)
        finally:
            writer.close()

    # The first failure ends the run: asyncio.run() then cancels the conversations still waiting.
    try:
        await asyncio.wait_for(asyncio.gather(*(conversation(i) for i in range(connections))),
                               ECHO_TIMEOUT_S)
    except asyncio.TimeoutError:
        raise RuntimeError(f"the connections were not all done within {ECHO_TIMEOUT_S} s") from None
    return time.perf_counter() - start, open_at - start


def echo(connections, messages):
    """Start the server as a child process, run the clients, and report both sides' figures."""
    server = subprocess.Popen([sys.executable, os.path.abspath(__file__),
                               "--loop", EVENT_LOOP, "echo-serve"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        line = server.stdout.readline()
        if not line:
            raise RuntimeError(f"the echo server ended early, exit code {server.wait()}")
        port = json.loads(line)["port"]
        seconds, open_s = run_async(echo_clients(port, connections, messages))
        server.stdin.close()  # the server stops, then reports
        served = json.loads(server.stdout.readline())
        if server.wait(timeout=JOIN_TIMEOUT_S) != 0:
            raise RuntimeError(f"the echo server exited with code {server.returncode}")
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    return {"seconds": seconds, "open_s": open_s, "connections": connections,
            "messages": messages, "echoes": connections * messages,
            "connections_per_s": connections / seconds,
            "server_peak_connections": served["peak_connections"],
            "server_echoed": served["echoed"], "server_peak_rss_mib": served["peak_rss_mib"],
            "loop": EVENT_LOOP}


def counter_per_increment(threads, increments, runs):
    """The counter with the lock taken around each addition instead of around the loop."""
    return counter(threads, increments, runs, loop=add_each_under_lock)


WORKLOADS = {"counter": counter, "counter-per-increment": counter_per_increment,
             "pool": pool, "pool-start": pool_start, "queue": queue_rate, "sleeps": sleeps,
             "fanout": fanout, "fanout-aiohttp": fanout_aiohttp, "echo": echo,
             "echo-serve": echo_serve}
LOOPS = ("asyncio", "uvloop")


def main(argv):
    global EVENT_LOOP
    if argv[:1] == ["--loop"] and len(argv) > 1 and argv[1] in LOOPS:
        EVENT_LOOP, argv = argv[1], argv[2:]
    if not argv or argv[0] not in WORKLOADS:
        print(f"usage: {sys.argv[0]} [--loop {{{','.join(LOOPS)}}}] "
              f"{{{','.join(WORKLOADS)}}} SIZES...", file=sys.stderr)
        return 2
    name = argv[0]
    try:  # pool-start takes a start method's name; every other workload takes numbers
        sizes = argv[1:] if name == "pool-start" else [int(arg) for arg in argv[1:]]
    except ValueError as error:
        print(f"error: {name}: {error}", file=sys.stderr)
        return 2
    try:
        result = WORKLOADS[name](*sizes)
    except Exception as error:  # one line for the table, not a traceback
        print(f"error: {name}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(json.dumps({"workload": name, **result}), flush=True)
    return 0


if __name__ == "__main__":  # required: pool and queue children import this module
    sys.exit(main(sys.argv[1:]))
