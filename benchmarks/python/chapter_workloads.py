#!/usr/bin/env python3
"""The chapter's four workloads in CPython, one per subcommand, each printing one JSON line.

These are the Python halves of the side-by-side comparison (``benchmarks/compare.sh``). Each
subcommand runs one workload at the sizes it is given and prints a single JSON object on
standard output; ``compare.py`` runs it as a child process, reads that line, and takes the peak
resident set size from the operating system itself (``os.wait4``), as it does for the Java side.

    chapter_workloads.py counter THREADS INCREMENTS RUNS   # 20.1.2: a lock held around each loop
    chapter_workloads.py counter-per-increment THREADS INCREMENTS RUNS   # ... around each += 1
    chapter_workloads.py pool WARM_UP ROUND_TRIPS ITEMS     # 20.3.2: ProcessPoolExecutor(2)
    chapter_workloads.py queue ITEMS                        # 20.2.2: multiprocessing.Queue
    chapter_workloads.py sleeps COUNT                       # 20.4.1: asyncio.sleep(0.1) x COUNT

Standard library only. A failure prints one line on standard error and exits with code 1.
"""

import asyncio
import json
import multiprocessing
import statistics
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

POOL_WORKERS = 2
PAUSE_S = 0.1  # each asyncio sleep, as in the Java side's Sleepers.PAUSE
JOIN_TIMEOUT_S = 60  # how long the producer may take to exit once its last item is read

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


def timed_map(pool, items, chunksize):
    """Map `identity` over `items` twice (the first is a warm-up); return microseconds per item."""
    list(pool.map(identity, items, chunksize=chunksize))
    start = time.perf_counter()
    results = list(pool.map(identity, items, chunksize=chunksize))
    elapsed = time.perf_counter() - start
    if results != items:
        raise RuntimeError("map returned wrong results")
    return elapsed / len(items) * 1e6


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
            "map_chunk1_us": timed_map(executor, values, 1),
            "map_chunked_us": timed_map(executor, values, java_default_chunk),
            "chunk_size": java_default_chunk,
        }


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
    return {"seconds": asyncio.run(sleep_all(count)), "count": count}


def counter_per_increment(threads, increments, runs):
    """The counter with the lock taken around each addition instead of around the loop."""
    return counter(threads, increments, runs, loop=add_each_under_lock)


WORKLOADS = {"counter": counter, "counter-per-increment": counter_per_increment,
             "pool": pool, "queue": queue_rate, "sleeps": sleeps}


def main(argv):
    if not argv or argv[0] not in WORKLOADS:
        print(f"usage: {sys.argv[0]} {{{','.join(WORKLOADS)}}} SIZES...", file=sys.stderr)
        return 2
    name, sizes = argv[0], [int(arg) for arg in argv[1:]]
    try:
        result = WORKLOADS[name](*sizes)
    except Exception as error:  # one line for the table, not a traceback
        print(f"error: {name}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    print(json.dumps({"workload": name, **result}), flush=True)
    return 0


if __name__ == "__main__":  # required: pool and queue children import this module
    sys.exit(main(sys.argv[1:]))
