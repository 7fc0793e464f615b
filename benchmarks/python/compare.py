#!/usr/bin/env python3
"""Run the chapter's workloads in Java, in each Python given and in Node, and print one table.

Called by ``benchmarks/compare.sh``, which builds the Java side and finds a JDK 21+:

    compare.py --java /path/to/jdk/bin/java --jar benchmarks/target/benchmarks.jar
               [--python /path/to/another/python3]... [--only counter,pool] [--quick]
               [--markdown benchmarks/target/comparison.md] [--json benchmarks/target/comparison.json]

The peers: the Python running this script, every ``--python``, and ``node`` on the PATH for the
rows the chapter has a Node counterpart for. A Python or Node that is too old is left out with one
line; a ``--python`` that is not a Python at all is an error. Each peer's fastest setup takes part
where it is installed, and is left out with one line where it is not: a Python's fan-out uses the
chapter's aiohttp if that Python can import it (threads + urllib otherwise, and the cell says
which); a Python that can import uvloop gets a second column, "+ uvloop", for the asyncio rows;
Node's pool rows run piscina from ``benchmarks/node/node_modules`` (``npm ci`` there). A step of
these optional setups that fails is one line too, and its cells show "-": it never fails the run.

The floors, Java only: a raw ping-pong between two JVMs over a Unix-domain socket under the pool's
round trip (two rows: both ends polling before they block, as the pool's, and both blocking at
once; the lower is the floor), and a bare ``java`` start under a new pool; Java's figure in the
row above each says how many times its floor it took.

Every workload runs as its own child process: ``chapter_workloads.py`` for each Python,
``dev.chapter20.benchmarks.ChapterWorkloads`` for Java, ``chapter_workloads.mjs`` for Node. Each
prints one JSON line, and this script reads the child's peak resident set size the same way for
all: ``ru_maxrss`` from ``os.wait4()`` (KiB on Linux), which covers the child itself and the
descendants it waited for. Each child is started in a session of its own and given a time limit;
when it fails or runs over, its whole process group is killed and the row shows a one-line error.
A step run more than once (the pool, the sleeps, the echo) shows the median of its runs, and the
runs of a workload's steps take turns: every side's first run, then every side's second, so that a
busy minute on a shared machine falls on all sides of a row alike.
The fan-out's HTTP server is one more child, started once and stopped at the end. The TCP echo's
server is a child of each side's own workload (a connection holds a file descriptor at each end, so
10,000 of them need two processes), and reports its own peak RSS, which the memory row shows.

Standard library only (the optional peers run in their own interpreters).
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import select
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from chapter_workloads import MAP_TIMED_CHUNKED  # the Python side's; Java's is the same

HERE = Path(__file__).resolve().parent
WORKLOADS_PY = HERE / "chapter_workloads.py"
WORKLOADS_NODE = HERE.parent / "node" / "chapter_workloads.mjs"
PISCINA = HERE.parent / "node" / "node_modules" / "piscina" / "package.json"
JAVA_MAIN = "dev.chapter20.benchmarks.ChapterWorkloads"
BARE_MAIN = "dev.chapter20.multiprocessing.BareHello"  # prints "hello": a trivial main

# The sizes, the same for every side. --quick divides the large ones by ten, for a smoke test.
SIZES = {
    "threads": 2, "increments": 1_000_000, "counter_runs": 5,
    # 20,000 warm-up round trips: the JVMs' optimising compiler takes over after about 14,000
    "pool_warm_up": 20_000, "round_trips": 10_000, "map_items": 20_000, "pool_runs": 3,
    "pool_starts": 5,  # new pools, each in a process of its own; the median is shown
    "queue_items": 1_000_000,
    "sleeps": 100_000, "sleeps_runs": 5,
    # 9 timed rounds after the untimed one: Java's and Node's compilers are still at work in the
    # first few thousand requests, and a median of 9 is steadier on a shared machine than of 3
    "requests": 1_000, "max_in_flight": 64, "fanout_rounds": 9,
    # 10,000 connections open at once: 10,000 file descriptors in the server's process and as many
    # in the clients', where 20,000 is the most one process may have here (ulimit -n)
    "echo_connections": 10_000, "echo_messages": 10, "echo_runs": 5,
}
QUICK_DIVIDED = ("increments", "pool_warm_up", "round_trips", "map_items", "queue_items", "sleeps",
                 "requests", "echo_connections")
QUICK_SET = {"pool_starts": 3, "sleeps_runs": 1, "echo_runs": 1, "pool_runs": 1}
TIMEOUT_S = 90  # per child; the slowest (Python's pool) takes about 10 s on 2 busy cores
WORKLOAD_NAMES = ("counter", "pool", "start", "queue", "sleeps", "fanout", "echo")
PYTHON_MIN = (3, 9)
NODE_MIN = 18  # the first with a built-in fetch

# Options for the JVM of each Java step, put before -cp: heap and collector settings for the
# 100,000 sleepers, say. Empty means the JVM's defaults. The table's last column shows what each
# row's Java figure ran with; --jvm-options NAME="..." replaces one step's options for one run.
JVM_OPTIONS = {
    "counter-lock": [],
    "counter-longadder": [],
    "counter-lock-per-increment": [],
    "pool": [],
    "pingpong": [],  # the echo JVM gets this JVM's -X options too (PingPongWorkload)
    "pingpong-blocking": [],  # the same
    "pingpong-ladder": [],  # the same
    # The worker JVMs start from an AOT cache (ProcessPoolBuilder.aotCache), and on a
    # JDK 25+ the timed JVM itself does too (-XX:AOTCache, added by plan()): both recorded by
    # untimed runs first, as Python's side finds its standard library compiled in __pycache__.
    "pool-start": ["-Dbenchmarks.aotCache=benchmarks/target/aot"],
    "bare-start": [],
    "queue": [],
    # The serial collector: one thread's garbage collection suits 100,000 short waits on 2 cores
    # (G1's regions and concurrent threads cost time and resident memory here).
    "sleeps-virtual": ["-XX:+UseSerialGC"],
    # C1 alone too, for a JVM that lives a quarter of a second: C2's compile threads take CPU from
    # the timers and give nothing back before the end. Not for the virtual threads: C1's frames are
    # larger, and 100,000 parked stacks of them take more memory. Measured: the benchmarks README.
    "sleeps-scheduled": ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"],
    # C1 alone: a client that lives a few seconds never earns back C2's compiling of OkHttp's code,
    # on two cores it shares with the server. Measured: the benchmarks README.
    "fanout": ["-XX:TieredStopAtLevel=1"],
    "echo": [],  # the server's JVM gets this JVM's -X options too (EchoWorkload)
    # Both ends of the Selector loops run with these (the server gets the -X options too). C1
    # alone: an event loop's few hot methods need no C2, whose compile threads would take CPU from
    # the two busy processes and whose arenas add ~15 MiB to the server; the serial collector has
    # the least set-up memory. Measured: the benchmarks README.
    "echo-selector": ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"],
}
# Every JVM this script starts prints UTF-8, whatever the locale says; not a tuning option.
JAVA_ENCODING = ["-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8"]
PORT = "<port>"  # in a fan-out step's command line: replaced by the server's port


class UsageError(Exception):
    """Bad input on the command line: one line, exit code 2."""


class Peer:
    """One runtime: a column of the table. Java is one too, the first."""

    def __init__(self, kind, label, command, about):
        self.kind = kind  # "java", "python" or "node"
        self.label = label  # the column: "Java 25.0.3", "Python 3.11.7", "Node 20.11.1"
        self.command = command  # what runs one workload, before its name and sizes
        self.about = about  # one line above the table: which executable, which version
        self.script_options = []  # before the workload's name: ["--loop", "uvloop"]
        self.asyncio_only = False  # a "+ uvloop" column: the asyncio rows only
        self.optional = False  # its steps may fail without failing the run
        self.aiohttp = None  # a Python's aiohttp version, where it can import it
        self.piscina = None  # Node's piscina version, where node_modules has it


class Step:
    """One workload on one peer: a child process to run, `repeat` times, and what became of it."""

    def __init__(self, peer, name, argv, repeat=1, outside=False, jvm_options=None):
        self.peer, self.name, self.argv = peer, name, argv
        self.repeat = repeat  # each run a process of its own; numbers are medians over the runs
        self.outside = outside  # timed from outside, start to exit; it prints no result
        self.jvm_options = jvm_options  # a Java step's own options (a list), else None
        self.prepare = []  # commands to run once each, untimed, before the step
        self.result = None  # the JSON object it printed, plus "peak_rss_mib" and "wall_s"
        self.error = None  # one line, when it failed
        self.runs = []  # the JSON object of each run so far
        self.warning = None  # something to mention even though it succeeded
        self.optional = peer.optional  # a failure: one line and "-", not an error of the run


class Row:
    """A row of the table: which step and key each kind of peer shows, and what is better."""

    def __init__(self, label, chart, unit, kind, java, python=None, node=None, floor=None,
                 variant=None):
        self.label, self.chart, self.unit, self.kind = label, chart, unit, kind
        self.specs = {"java": java, "python": python, "node": node}  # (step, key) or None
        self.floor = floor  # [(step, key), ...]: the lowest is Java's floor; its cell: the ratio
        self.variant = variant  # a result key whose text follows a peer's figure ("aiohttp 3.8.4")


# ---------------------------------------------------------------------------------------------
# The peers.
# ---------------------------------------------------------------------------------------------

def java_peer(java, jar):
    """Java, labelled with its version; `java -version`'s first two lines describe it."""
    try:
        version = subprocess.run([java, "-version"], capture_output=True, text=True,
                                 encoding="utf-8", errors="replace", timeout=30)
        lines = version.stderr.strip().splitlines()[:2]
    except (OSError, subprocess.SubprocessError) as error:
        raise UsageError(f"--java {java}: cannot run it ({error})")
    match = re.search(r'version "([^"]+)"', lines[0] if lines else "")
    if version.returncode != 0 or not match:
        raise UsageError(f"--java {java}: not a java executable")
    if not Path(jar).is_file():
        raise UsageError(f"--jar {jar}: no such file (build it with ./mvnw package)")
    peer = Peer("java", f"Java {match.group(1)}", [java, *JAVA_ENCODING],
                f"Java {match.group(1)}: {' / '.join(lines)} ({java})")
    peer.jar = jar
    peer.major = int(re.match(r"(?:1\.)?(\d+)", match.group(1)).group(1))
    return peer


# Which Python it is, and the versions of the optional packages it can import (None if it cannot).
PYTHON_PROBE = """
import json, platform, sys
def version(name):
    try:
        return getattr(__import__(name), "__version__", "?")
    except Exception:
        return None
print(json.dumps([platform.python_implementation(), platform.python_version(), sys.executable,
                  version("aiohttp"), version("uvloop")]))
"""


def python_peer(path):
    """Returns (peer, None), or (None, why it is left out); raises UsageError if not a Python."""
    try:
        probe = subprocess.run([path, "-c", PYTHON_PROBE], capture_output=True, text=True,
                               encoding="utf-8", errors="replace", timeout=30,
                               stdin=subprocess.DEVNULL, env=child_environment())
    except (OSError, subprocess.SubprocessError) as error:
        raise UsageError(f"--python {path}: cannot run it "
                         f"({getattr(error, 'strerror', None) or error})")
    try:
        last = probe.stdout.strip().splitlines()[-1]  # a sitecustomize may print before it
        implementation, version, executable, aiohttp, uvloop = json.loads(last)
    except (ValueError, TypeError, IndexError):
        implementation = version = executable = aiohttp = uvloop = None
    if probe.returncode != 0 or not re.fullmatch(r"\d+\.\d+\.\d+\S*", str(version)):
        raise UsageError(f"--python {path}: not a Python interpreter")
    label = f"Python {version}" if implementation == "CPython" else f"{implementation} {version}"
    if tuple(int(part) for part in version.split(".")[:2]) < PYTHON_MIN:
        return None, f"{label} ({path}) is older than {'.'.join(map(str, PYTHON_MIN))}: left out"
    peer = Peer("python", label, [executable], f"{label}: {implementation}, {executable}"
                + (f"; aiohttp {aiohttp}" if aiohttp else ""))
    peer.aiohttp, peer.uvloop = aiohttp, uvloop
    return peer, None


def uvloop_peer(python):
    """The same Python on uvloop's event loop: a column of its own, for the asyncio rows."""
    label = f"{python.label} + uvloop"
    peer = Peer("python", label, python.command,
                f"{label}: the same interpreter, the asyncio rows on uvloop {python.uvloop}")
    peer.script_options = ["--loop", "uvloop"]
    peer.asyncio_only = peer.optional = True
    peer.aiohttp = python.aiohttp
    return peer


def node_peer():
    """Returns (peer, None) for `node` on the PATH, or (None, why there is no Node column)."""
    node = shutil.which("node")
    if node is None:
        return None, "Node: no `node` on the PATH: its column is left out"
    try:
        version = subprocess.run([node, "--version"], capture_output=True, text=True,
                                 encoding="utf-8", errors="replace", timeout=30,
                                 stdin=subprocess.DEVNULL).stdout.strip()
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"Node: {node} does not run ({error}): its column is left out"
    match = re.fullmatch(r"v(\d+)\.\d+\.\d+", version)
    if not match:
        return None, f"Node: {node} printed no version: its column is left out"
    if int(match.group(1)) < NODE_MIN:
        return None, (f"Node {version[1:]} is older than {NODE_MIN} (no built-in fetch): "
                      f"its column is left out")
    peer = Peer("node", f"Node {version[1:]}", [node, str(WORKLOADS_NODE)],
                f"Node {version[1:]}: {node}")
    try:
        peer.piscina = json.loads(PISCINA.read_text(encoding="utf-8"))["version"]
        folder = PISCINA.parent.parent.relative_to(HERE.parent.parent)
        peer.about += f"; piscina {peer.piscina} ({folder})"
    except (OSError, ValueError, KeyError, TypeError):
        pass  # find_peers says so in one line
    return peer, None


def find_peers(args):
    """Java, the Pythons (this one first, then each --python), Node; and the lines of the left-out."""
    java = java_peer(args.java, args.jar)
    pythons, skipped, seen = [], [], set()
    for path in [sys.executable] + args.python:
        peer, why = python_peer(path)
        if why:
            skipped.append(why)
            continue
        real = os.path.realpath(peer.command[0])
        if real in seen:
            skipped.append(f"{path}: the same interpreter as another column: left out")
            continue
        seen.add(real)
        if any(other.label == peer.label for other in pythons):
            peer.label = f"{peer.label} ({path})"
        pythons.append(peer)
        if not peer.aiohttp:
            skipped.append(f"{peer.label}: no aiohttp ({peer.command[0]}): its fan-out is "
                           f"threads + urllib")
        if peer.uvloop:
            pythons.append(uvloop_peer(peer))
        else:
            skipped.append(f"{peer.label}: no uvloop ({peer.command[0]}): no uvloop column for it")
    node, why = node_peer()
    if why:
        skipped.append(why)
    elif not node.piscina:
        skipped.append(f"Node: no piscina in {PISCINA.parent.parent} (npm ci in benchmarks/node): "
                       f"its pool rows show -")
    return java, pythons, node, skipped


# ---------------------------------------------------------------------------------------------
# What runs, and the rows it fills.
# ---------------------------------------------------------------------------------------------

def plan(args, sizes, java, pythons, node):
    """Return the steps in the order they run: per workload, each Python, then Java, then Node."""
    def py(peer, name, *argv, repeat=1, optional=False):
        step = Step(peer, name, [*peer.command, str(WORKLOADS_PY), *peer.script_options,
                                 *map(str, argv)], repeat)
        step.optional = step.optional or optional
        return step

    stock = [p for p in pythons if not p.asyncio_only]  # the "+ uvloop" columns: asyncio rows only

    def jv(name, *argv, repeat=1, main=JAVA_MAIN, outside=False):
        options = args.jvm_options[name]
        workload = [name] if main == JAVA_MAIN else []
        return Step(java, name, [*java.command, *options, "-cp", java.jar, main, *workload,
                                 *map(str, argv)], repeat, outside, options)

    def started_from_cache(step):
        """A pool-start step whose JVM starts from an AOT cache of its own (JDK 25+), recorded
        first by an untimed run of the same command. Keyed by the jar's contents and the JDK's
        version and path, so a rebuilt jar or another JDK never meets a stale cache."""
        if java.major < 25:
            return step
        key = hashlib.sha256(Path(java.jar).read_bytes())
        key.update(java.about.encode("utf-8"))
        cache = f"benchmarks/target/aot/pool-start-{key.hexdigest()[:16]}.aot"
        java_at = step.argv.index("-cp")
        Path(cache).parent.mkdir(parents=True, exist_ok=True)
        if not Path(cache).is_file():
            for old in Path(cache).parent.glob("pool-start-*.aot"):  # an older jar's: no use now
                old.unlink(missing_ok=True)
            # Two untimed runs: the first records the workers' cache, if this jar has none yet,
            # so that the second, which records this JVM's, goes the way the timed runs go (its
            # workers started from their cache). Recorded while the workers recorded theirs, the
            # timed JVM's cache missed a class of that way, and each timed run opened the jar,
            # and read its table of contents, to load it.
            step.prepare = [list(step.argv),
                            step.argv[:java_at] + [f"-XX:AOTCacheOutput={cache}"]
                            + step.argv[java_at:]]
        step.argv.insert(java_at, f"-XX:AOTCache={cache}")
        step.jvm_options = step.jvm_options + [f"-XX:AOTCache={cache}"]
        return step

    def js(name, *argv, repeat=1):
        step = Step(node, name, [*node.command, name, *map(str, argv)], repeat)
        step.optional = name == "pool"  # piscina: an optional package
        return step

    counter = [sizes[k] for k in ("threads", "increments", "counter_runs")]
    pool = [sizes[k] for k in ("pool_warm_up", "round_trips", "map_items")]
    pool_runs = sizes["pool_runs"]
    starts, sleeps, sleeps_runs = sizes["pool_starts"], sizes["sleeps"], sizes["sleeps_runs"]
    fanout = [PORT] + [sizes[k] for k in ("requests", "max_in_flight", "fanout_rounds")]
    echo, echo_runs = [sizes["echo_connections"], sizes["echo_messages"]], sizes["echo_runs"]
    workloads = {
        "counter": [step for p in stock for step in (
                        py(p, "counter", "counter", *counter),
                        py(p, "counter-per-increment", "counter-per-increment", *counter))]
                   + [jv("counter-lock", *counter), jv("counter-longadder", *counter),
                      jv("counter-lock-per-increment", *counter)],
        "pool": [py(p, "pool", "pool", *pool, repeat=pool_runs) for p in stock]
                + [jv("pool", *pool, repeat=pool_runs), jv("pingpong", *pool[:2], repeat=pool_runs),
                   jv("pingpong-blocking", *pool[:2], repeat=pool_runs),
                   jv("pingpong-ladder", *pool[:2])]  # its nine blocks take turns within one run
                + ([js("pool", *pool, repeat=pool_runs)] if node and node.piscina else []),
        "start": [py(p, f"pool-start-{method}", "pool-start", method, repeat=starts)
                  for p in stock for method in ("fork", "spawn", "forkserver")]
                 + [started_from_cache(jv("pool-start", repeat=starts)),
                    jv("bare-start", repeat=starts, main=BARE_MAIN, outside=True)],
        "queue": [py(p, "queue", "queue", sizes["queue_items"]) for p in stock]
                 + [jv("queue", sizes["queue_items"])],
        "sleeps": [py(p, "sleeps", "sleeps", sleeps, repeat=sleeps_runs) for p in pythons]
                  + [jv("sleeps-virtual", sleeps, repeat=sleeps_runs),
                     jv("sleeps-scheduled", sleeps, repeat=sleeps_runs)]
                  + ([js("sleeps", sleeps, repeat=sleeps_runs)] if node else []),
        # The chapter's aiohttp where a Python has it; threads + urllib where not (and no uvloop
        # column: a thread pool has no event loop).
        "fanout": [py(p, "fanout", "fanout-aiohttp", *fanout, optional=True) if p.aiohttp
                   else py(p, "fanout", "fanout", *fanout)
                   for p in pythons if p.aiohttp or not p.asyncio_only]
                  + [jv("fanout", *fanout)]
                  + ([js("fanout", *fanout)] if node else []),
        "echo": [py(p, "echo", "echo", *echo, repeat=echo_runs) for p in pythons]
                + [jv("echo", *echo, repeat=echo_runs),
                   jv("echo-selector", *echo, repeat=echo_runs)]
                + ([js("echo", *echo, repeat=echo_runs)] if node else []),
    }
    return [workloads[name] for name in args.only]


def rows(sizes, steps):
    """The table's rows, in order."""
    chunk = -(-sizes["map_items"] // 8)  # the Java pool's default: about 4 chunks per worker
    for step in steps:
        if step.result and "chunk_size" in step.result:
            chunk = int(step.result["chunk_size"])
    n = f"{sizes['threads']} x {sizes['increments']:,}"
    starts = f"median of {sizes['pool_starts']}"
    sleeps = f"{sizes['sleeps']:,} sleeps of 0.1 s"
    sleeps_runs = "" if sizes["sleeps_runs"] == 1 else f", median of {sizes['sleeps_runs']}"
    echo_runs = "" if sizes["echo_runs"] == 1 else f", median of {sizes['echo_runs']}"
    pool_runs = "" if sizes["pool_runs"] == 1 else f", median of {sizes['pool_runs']} runs"
    started = f"20.3.2 new pool of 2 until both workers answered, {starts}"
    return [
        Row(f"20.1.2 counter {n} under a lock, median of {sizes['counter_runs']}",
            "counter, lock around each loop", "s", "time",
            ("counter-lock", "median_s"), ("counter", "median_s")),
        Row("  (extra) Java with LongAdder, no lock", "counter, Java's LongAdder (no lock)",
            "s", "time", ("counter-longadder", "median_s"), ("counter", "median_s")),
        Row("  the same, the lock taken around each increment", "counter, lock per increment",
            "s", "time", ("counter-lock-per-increment", "median_s"),
            ("counter-per-increment", "median_s")),
        Row("20.3.2 pool of 2: submit(identity).result() round trip (Node: piscina.run(), 2 worker "
            f"threads){pool_runs}", "pool round trip", "us", "time",
            ("pool", "round_trip_us"), ("pool", "round_trip_us"), ("pool", "round_trip_us"),
            floor=[("pingpong", "round_trip_us"), ("pingpong-blocking", "round_trip_us")]),
        Row("  floor: raw ping-pong between two JVMs over a Unix-domain socket, 12-byte frames; "
            "both ends poll, then block, as the pool's", None, "us", "time",
            ("pingpong", "round_trip_us")),
        Row("  the same, both ends block at once", None, "us", "time",
            ("pingpong-blocking", "round_trip_us")),
        Row("  where the pool's time goes, three ways in turn on one connection, median of 9 "
            "blocks each: the polling ping-pong", None, "us", "time",
            ("pingpong-ladder", "frames_us")),
        Row("  the same, carrying the pool's own two messages (a task serialized and rebuilt, its "
            "reply)", None, "us", "time", ("pingpong-ladder", "messages_us")),
        Row("  the same, each reply read on a second thread that wakes the caller waiting in "
            "get(), as the pool's reply thread does", None, "us", "time",
            ("pingpong-ladder", "handoff_us")),
        Row(f"20.3.2 pool map of {sizes['map_items']:,}, chunksize 1 (Python's default), per "
            f"item{pool_runs}",
            "pool map, chunk size 1", "us", "time",
            ("pool", "map_chunk1_us"), ("pool", "map_chunk1_us"), ("pool", "map_chunk1_us")),
        Row(f"20.3.2 pool map, chunksize {chunk:,} (the Java pool's default for "
            f"{sizes['map_items']:,} items on 2 workers: items / (4 x workers)), per item, "
            f"median of {MAP_TIMED_CHUNKED} maps",
            f"pool map, chunk size {chunk:,}", "us", "time",
            ("pool", "map_chunked_us"), ("pool", "map_chunked_us"), ("pool", "map_chunked_us")),
        Row(f"{started}; Python: fork", "new pool of 2, Python fork", "s", "time",
            ("pool-start", "seconds"), ("pool-start-fork", "seconds"),
            floor=[("bare-start", "seconds")]),
        Row("  the same, Python: spawn", "new pool of 2, Python spawn", "s", "time",
            ("pool-start", "seconds"), ("pool-start-spawn", "seconds"),
            floor=[("bare-start", "seconds")]),
        Row("  the same, Python: forkserver (the default from 3.14)",
            "new pool of 2, Python forkserver", "s", "time",
            ("pool-start", "seconds"), ("pool-start-forkserver", "seconds"),
            floor=[("bare-start", "seconds")]),
        Row(f"  floor: one bare `java` start, a trivial main, {starts}", None, "s", "time",
            ("bare-start", "seconds")),
        Row(f"20.2.2 queue between 2 processes, {sizes['queue_items']:,} small items",
            "queue, items per second", "items/s", "rate",
            ("queue", "items_per_s"), ("queue", "items_per_s")),
        Row(f"20.4.1 {sleeps}: virtual threads, asyncio, promises; wall time{sleeps_runs}",
            "sleeps, virtual threads, time", "s", "time",
            ("sleeps-virtual", "seconds"), ("sleeps", "seconds"), ("sleeps", "seconds")),
        Row("  same, peak RSS", "sleeps, virtual threads, peak RSS", "MiB", "memory",
            ("sleeps-virtual", "peak_rss_mib"), ("sleeps", "peak_rss_mib"),
            ("sleeps", "peak_rss_mib")),
        Row("  (extra) Java as scheduled CompletableFutures, wall time",
            "sleeps, scheduled futures, time", "s", "time",
            ("sleeps-scheduled", "seconds"), ("sleeps", "seconds"), ("sleeps", "seconds")),
        Row("  same, peak RSS", "sleeps, scheduled futures, peak RSS", "MiB", "memory",
            ("sleeps-scheduled", "peak_rss_mib"), ("sleeps", "peak_rss_mib"),
            ("sleeps", "peak_rss_mib")),
        Row(f"20.4.2 fan-out: {sizes['requests']:,} GETs, at most {sizes['max_in_flight']} in "
            f"flight, median of {sizes['fanout_rounds']} (Python: aiohttp, one ClientSession and "
            f"a Semaphore, where installed, else threads + urllib: each cell says which)",
            "fan-out, GETs with a bound", "s", "time",
            ("fanout", "median_s"), ("fanout", "median_s"), ("fanout", "median_s"),
            variant="client"),
        Row(f"20.4+ TCP echo: {sizes['echo_connections']:,} connections at once, each sending and "
            f"reading back {sizes['echo_messages']} small messages (server and clients in 2 "
            f"processes); wall time, first connect to last close{echo_runs}",
            "TCP echo, wall time", "s", "time",
            ("echo", "seconds"), ("echo", "seconds"), ("echo", "seconds")),
        Row("  same, the server process's peak RSS, read by the server itself",
            "TCP echo, server's peak RSS", "MiB", "memory",
            ("echo", "server_peak_rss_mib"), ("echo", "server_peak_rss_mib"),
            ("echo", "server_peak_rss_mib")),
        Row("  (extra) Java as one thread's Selector loop at each end, as asyncio and Node run "
            "theirs, wall time", "TCP echo, Selector loops, time", "s", "time",
            ("echo-selector", "seconds"), ("echo", "seconds"), ("echo", "seconds")),
        Row("  same, the server process's peak RSS", "TCP echo, Selector loops, server's peak RSS",
            "MiB", "memory",
            ("echo-selector", "server_peak_rss_mib"), ("echo", "server_peak_rss_mib"),
            ("echo", "server_peak_rss_mib")),
    ]


# ---------------------------------------------------------------------------------------------
# Running one child: time limit, peak RSS, nothing left behind.
# ---------------------------------------------------------------------------------------------

def kill_group(pgid):
    """SIGKILL every process left in the group; return whether there was any."""
    try:
        os.killpg(pgid, signal.SIGKILL)
        return True
    except ProcessLookupError:
        return False


def running_in_group(pgid):
    """Whether a process of group `pgid` still runs. On Linux, zombies do not count: they have
    ended, and only wait for the process that adopted them to collect their exit status."""
    proc = Path("/proc")
    if not (proc / "self" / "stat").exists():
        try:
            os.killpg(pgid, 0)
            return True
        except ProcessLookupError:
            return False
    for stat in proc.glob("[0-9]*/stat"):
        try:
            text = stat.read_text(encoding="utf-8", errors="replace")
        except OSError:  # it ended meanwhile
            continue
        state, _, group = text[text.rindex(")") + 2:].split()[:3]
        if int(group) == pgid and state != "Z":
            return True
    return False


def end_group(pgid, grace=0.5):
    """Give what still runs in the group `grace` s to end by itself, then kill it; return whether
    anything had to be killed.

    Python's helpers (the resource tracker of spawn, the forkserver process) end by themselves
    once the process that started them has, a little after it.
    """
    deadline = time.monotonic() + grace
    while running_in_group(pgid):
        if time.monotonic() > deadline:
            return kill_group(pgid)
        time.sleep(0.02)
    return False


def wait_for(proc, timeout):
    """Reap `proc` with os.wait4, killing its group if it runs over `timeout` s.

    Returns (exit code, rusage, timed out). Waiting blocks (a timer thread enforces the limit),
    so the moment of exit is seen at once. A Python exception here (Ctrl-C included) kills the
    group before it propagates, so no child outlives this script.
    """
    timed_out = threading.Event()

    def expire():
        timed_out.set()
        kill_group(proc.pid)

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:
        kill_group(proc.pid)
        os.wait4(proc.pid, 0)
        raise
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return proc.returncode, usage, timed_out.is_set()


def one_line(stderr, stdout=""):
    """Pick the line of a child's standard error (or, if empty, its output: where the JVM says
    that it could not start) that says what went wrong."""
    lines = [line.strip() for line in (stderr.strip() or stdout).splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if line.lower().startswith("error") or "Exception" in line or "Error:" in line:
            if line.endswith("initialization of VM") and i + 1 < len(lines):
                line += ": " + lines[i + 1]  # the JVM gives the reason on the next line
            return line[:160]
    return lines[-1][:160] if lines else "no message"


def child_environment():
    """This environment, with Python children told to write UTF-8 whatever the locale says."""
    return {**os.environ, "PYTHONIOENCODING": "utf-8"}


def run_once(step, argv, timeout):
    """Run the step's child once; return (result, error, warning)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        # A session of its own: its workers, producers and JVMs share its process group.
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    start_new_session=True, env=child_environment())
        except OSError as error:  # no such executable, say
            return None, f"could not start {argv[0]}: {error.strerror or error}", None
        code, usage, timed_out = wait_for(proc, timeout)
        wall = time.perf_counter() - start
        leftovers = end_group(proc.pid)  # anything still in the group after its leader ended
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if timed_out:
        return None, f"timed out after {timeout} s (killed)", None
    if code != 0:
        return None, f"exit code {code}: {one_line(stderr, stdout)}", None
    if step.outside:
        result = {"seconds": wall}
    else:
        results = [line for line in stdout.splitlines() if line.startswith("{")]
        if not results:
            return None, "printed no result", None
        try:
            result = json.loads(results[-1])
        except json.JSONDecodeError as error:
            return None, f"unreadable result: {error}", None
    # ru_maxrss: KiB on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    result["peak_rss_mib"] = usage.ru_maxrss / scale
    result["wall_s"] = wall
    result["cpu_s"] = usage.ru_utime + usage.ru_stime
    return result, None, "it left processes behind; they were killed" if leftovers else None


def begin(step, timeout, port):
    """Get the step ready to run: its command line, and the untimed runs that record its AOT
    caches, if it has any. Returns the command line, or None (and sets step.error) if it cannot
    run."""
    if PORT in step.argv and port is None:
        step.error = "no server to fetch from (see the server's error)"
        return None
    for prepare in step.prepare:
        _, error, _ = run_once(step, prepare, timeout)
        if error:
            step.error = f"an untimed run that records an AOT cache: {error}"
            return None
    return [str(port) if arg == PORT else arg for arg in step.argv]


def run_again(step, argv, timeout):
    """One more run of the step; a failure ends the step (step.error)."""
    result, step.error, warning = run_once(step, argv, timeout)
    step.warning = step.warning or warning
    if not step.error:
        step.runs.append(result)


def finish(step):
    """The step's result: the median of each number over its runs."""
    if step.error or not step.runs:
        return
    results = step.runs
    step.result = {key: statistics.median(r[key] for r in results)
                   if all(isinstance(r.get(key), (int, float)) and not isinstance(r.get(key), bool)
                          for r in results) else value
                   for key, value in results[0].items()}
    step.result["runs"] = len(results)


def in_turns(workload):
    """A workload's steps in the order they run: each step's runs take turns with the other steps'
    (round 1 of every step, then round 2, ...), so that a busy minute on a shared machine falls on
    every side of a row alike rather than on whichever ran then. Yields (step, round)."""
    for round_ in range(max((step.repeat for step in workload), default=0)):
        for step in workload:
            if round_ < step.repeat:
                yield step, round_


class Server:
    """The fan-out's HTTP server (``ChapterWorkloads serve``): a JVM of its own, started once.

    It prints its port on its first line and serves until its standard input is closed.
    """

    START_TIMEOUT_S = 60
    STOP_TIMEOUT_S = 10

    def __init__(self, java, warm_up):
        # It answers `warm_up` requests of its own first, so the first client meets compiled code.
        self.argv = [*java.command, "-cp", java.jar, JAVA_MAIN, "serve", str(warm_up)]
        self.proc = None
        self.err = None
        self.port = None
        self.error = None

    def start(self):
        """Start it and read its port; on failure, set self.error and leave nothing running."""
        self.err = tempfile.TemporaryFile()
        try:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self.err,
                                         start_new_session=True)
        except OSError as error:
            self.error = f"the fan-out's server did not start: {error.strerror or error}"
            return
        try:
            ready, _, _ = select.select([self.proc.stdout], [], [], self.START_TIMEOUT_S)
            line = self.proc.stdout.readline().decode("utf-8", "replace") if ready else ""
            self.port = int(json.loads(line)["port"])
        except (ValueError, KeyError, TypeError):
            self.err.seek(0)
            why = one_line(self.err.read().decode("utf-8", "replace"))
            self.error = f"the fan-out's server did not start: {why}"
            self.stop()
        except BaseException:
            self.stop()
            raise

    def cpu_s(self):
        """The CPU time the server has used so far (Linux: /proc), or None where unreadable."""
        try:
            stat = Path(f"/proc/{self.proc.pid}/stat").read_text(encoding="utf-8")
            fields = stat[stat.rindex(")") + 2:].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (AttributeError, OSError, ValueError, IndexError):
            return None

    def stop(self):
        """Close its input (it stops), wait a little, then kill whatever is left."""
        if self.proc is None:
            return
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=self.STOP_TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired):
            pass
        finally:
            kill_group(self.proc.pid)
            self.proc.wait()
            self.proc.stdout.close()
            self.err.close()
            self.proc = None


def fanout_note(steps, rounds):
    """One line: the CPU time each fan-out client, and the server while serving it, spent per
    request (their rounds, the untimed one included; a client's start-up included)."""
    parts = []
    for step in steps:
        if step.name == "fanout" and step.result:
            requests = step.result["requests"] * (rounds + 1)  # in one run; figures: medians
            client = step.result["cpu_s"] / requests * 1e6
            server = step.result.get("server_cpu_s")
            served = f", the server {server / requests * 1e6:,.0f} us" if server else ""
            parts.append(f"{step.peer.label}: the client {client:,.0f} us{served}")
    if not parts:
        return []
    return ["CPU time per request in the fan-out, the untimed round and the client's start-up "
            "included: " + "; ".join(parts) + "."]


# ---------------------------------------------------------------------------------------------
# The table.
# ---------------------------------------------------------------------------------------------

def number(value, unit):
    """Format a measurement with about three significant digits; seconds below 1 as ms or us."""
    if unit == "s" and value < 1:
        value, unit = (value * 1e3, "ms") if value >= 1e-3 else (value * 1e6, "us")
    if value >= 100:
        text = f"{value:,.0f}"
    elif value >= 10:
        text = f"{value:.1f}"
    elif value >= 1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3g}"
    return f"{text}/s" if unit == "items/s" else f"{text} {unit}"


def advantage(peer, java, kind):
    """How many times better Java did than the peer: above 1, Java was faster or used less."""
    if peer <= 0 or java <= 0:
        return None
    return peer / java if kind in ("time", "memory") else java / peer


def verdict(ratio, kind):
    """Say it in words: 'N x faster' (or less memory), or 'N x slower' (or more)."""
    factor = ratio if ratio >= 1 else 1 / ratio
    times = f"{factor:,.0f}x" if factor >= 100 else f"{factor:.1f}x"
    if kind == "memory":
        return f"{times} less memory" if ratio >= 1 else f"{times} more memory"
    return f"{times} faster" if ratio >= 1 else f"{times} slower"


def value_of(by_name, peer, spec):
    """Return (text, value or None) for one peer's figure in a row."""
    if spec is None:
        return "-", None  # no counterpart on this side
    name, key = spec
    step = by_name.get((peer.label, name))
    if step is None:
        return "not run", None
    if step.error:
        return ("-", None) if step.optional else ("error", None)
    value = step.result.get(key)
    return ("n/a", None) if not isinstance(value, (int, float)) else (value, value)


def build_table(sizes, steps, java, peers):
    """Return (aligned markdown lines, chart rows): a column per runtime, Java's options last."""
    by_name = {(step.peer.label, step.name): step for step in steps}
    header = ["Workload", java.label, *[peer.label for peer in peers], "JVM options (Java)"]
    lines, chart = [header], []
    for row in rows(sizes, steps):
        java_spec = row.specs["java"]
        java_text, java_value = value_of(by_name, java, java_spec)
        cells, ratios, ran = [], {}, java_text != "not run"
        for peer in peers:
            text, value = value_of(by_name, peer, row.specs[peer.kind])
            ran = ran or text not in ("not run", "-")
            if text == "not run":
                text = "-"  # a peer without this step (a "+ uvloop" column, Node without piscina)
            if value is not None:
                text = number(value, row.unit)
                step = by_name[(peer.label, row.specs[peer.kind][0])]
                if row.variant and step.result.get(row.variant):
                    text += f", {step.result[row.variant]}"
                ratio = None if java_value is None else advantage(value, java_value, row.kind)
                if ratio is not None:
                    text += f" ({verdict(ratio, row.kind)})"
                    ratios[peer.label] = ratio
            cells.append(text)
        if not ran:
            continue
        java_step = by_name.get((java.label, java_spec[0]))
        options = " ".join(java_step.jvm_options) if java_step else ""
        java_cell = java_text if java_value is None else number(java_value, row.unit)
        floors = [value_of(by_name, java, spec)[1] for spec in row.floor or []]
        floor = min((value for value in floors if value), default=None)
        if java_value is not None and floor:
            java_cell += f" ({java_value / floor:.1f}x the floor)"
        lines.append([row.label, java_cell,
                      *cells, options or "defaults"])
        if row.chart and ratios:
            chart.append({"label": row.chart, "kind": row.kind, "ratios": ratios})
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    aligned = ["| " + " | ".join(text.ljust(w) for text, w in zip(line, widths)) + " |"
               for line in lines]
    aligned.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return aligned, chart


def machine():
    """One line: cores, OS, CPU model (where readable), load average, date."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cpu = platform.processor() or "CPU model unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as info:
            models = [line.split(":", 1)[1].strip() for line in info
                      if line.startswith("model name")]
            cpu = models[0] if models else cpu
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return (f"Machine: {cores} cores, {platform.system()} {platform.release()} "
            f"{platform.machine()}, {cpu}; load average {load:.2f} at start; {now}")


def floor_note(steps, java):
    """Java's figures against their floors, in one line, for those that ran."""
    by_name = {(step.peer.label, step.name): step for step in steps if step.result}
    parts = []
    for what, (step, key, unit), floor_steps in (
            ("its pool's round trip", ("pool", "round_trip_us", "us"),
             [("pingpong", "the raw ping-pong between two JVMs, polling as the pool does"),
              ("pingpong-blocking", "the raw ping-pong between two JVMs, blocking at once")]),
            ("a new pool of 2", ("pool-start", "seconds", "s"),
             [("bare-start", "one bare `java` start")])):
        figure = by_name.get((java.label, step))
        bases = [(by_name[(java.label, name)].result[key], words)  # the same key as the figure's
                 for name, words in floor_steps if (java.label, name) in by_name]
        bases = [(value, words) for value, words in bases if value > 0]
        if figure and bases:
            floor_value, floor = min(bases)
            value = figure.result[key]
            lower = ", the lower of the two" if len(bases) > 1 else ""
            parts.append(f"{what} took {value / floor_value:.1f}x {floor}{lower} "
                         f"({number(value, unit)} against {number(floor_value, unit)})")
    if not parts:
        return []
    ladder = by_name.get((java.label, "pingpong-ladder"))
    pool = by_name.get((java.label, "pool"))
    if ladder and pool:
        floor_us, messages_us, handoff_us = (
            ladder.result[key] for key in ("frames_us", "messages_us", "handoff_us"))
        pool_us = pool.result["round_trip_us"]
        rest = (f"the pool's own row {number(pool_us - handoff_us, 'us')} more (its "
                "bookkeeping, and a separate run's drift)" if pool_us > handoff_us
                else "the pool's own row no more than that")
        parts.append(f"the pool's round trip, part by part (the three ways in turn on one "
                     f"connection): the floor {number(floor_us, 'us')}, then "
                     f"{number(messages_us - floor_us, 'us')} more for its two messages, "
                     f"{number(handoff_us - messages_us, 'us')} more for the hand-off between "
                     f"threads (one thread woken), {rest}")
    return ["Floors, in the same run (Java only): " + "; ".join(parts) + ". The ping-pong sends "
            "12 bytes to a second JVM over a Unix-domain socket and reads them back, nothing else "
            "(PingPongWorkload): once with both ends polling before they block, as the pool's ends "
            "do, which saves a wake-up on idle cores and costs the other side's core on busy ones, "
            "and once with both blocking at once."]


class Parser(argparse.ArgumentParser):
    """Reports bad input in one line, exit code 2."""

    def error(self, message):
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def parse_args():
    parser = Parser(prog="compare.py", description=__doc__.split("\n")[0])
    parser.add_argument("--java", required=True, help="the java executable of a JDK 21+")
    parser.add_argument("--jar", required=True, help="the shaded benchmarks.jar")
    parser.add_argument("--python", action="append", default=[], metavar="PATH",
                        help="one more Python to compare (repeatable); the one running this "
                             "script always takes part")
    parser.add_argument("--markdown", help="also write the table to this file")
    parser.add_argument("--json", help="also write the ratios to this file, for the chart")
    parser.add_argument("--only", default=",".join(WORKLOAD_NAMES),
                        help=f"comma-separated workloads to run, of {','.join(WORKLOAD_NAMES)} "
                             "(default: all)")
    parser.add_argument("--quick", action="store_true",
                        help="a tenth of the sizes: a smoke test, not a measurement")
    parser.add_argument("--timeout", type=int, default=TIMEOUT_S, help="seconds per child")
    parser.add_argument("--jvm-options", action="append", default=[], metavar="STEP=OPTIONS",
                        help="the JVM options of one Java step for this run, e.g. "
                             "sleeps-virtual='-Xmx256m -XX:+UseSerialGC' (repeatable); steps: "
                             + ", ".join(JVM_OPTIONS))
    args = parser.parse_args()
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(args.only) - set(WORKLOAD_NAMES))
    if unknown:
        parser.error(f"unknown workload(s) {', '.join(unknown)} in --only: "
                     f"choose from {','.join(WORKLOAD_NAMES)}")
    if not args.only:
        parser.error("--only names no workload")
    if args.timeout < 1:
        parser.error("--timeout must be at least 1 s")
    options = {name: list(value) for name, value in JVM_OPTIONS.items()}
    for setting in args.jvm_options:
        name, equals, value = setting.partition("=")
        if not equals or name not in options:
            parser.error(f"--jvm-options {setting}: expected STEP=OPTIONS with STEP one of "
                         + ", ".join(JVM_OPTIONS))
        try:
            options[name] = shlex.split(value)
        except ValueError as error:
            parser.error(f"--jvm-options {setting}: {error}")
    args.jvm_options = options
    return parser, args


def main():
    parser, args = parse_args()
    try:
        java, pythons, node, skipped = find_peers(args)
    except UsageError as error:
        parser.error(str(error))
    for line in skipped:
        print(line, file=sys.stderr)

    # Turn a SIGTERM into an exception, so that the child running now is killed too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = dict(SIZES)
    if args.quick:
        for key in QUICK_DIVIDED:
            sizes[key] //= 10
        sizes.update(QUICK_SET)
    machine_line = machine()
    started = time.monotonic()
    workloads = plan(args, sizes, java, pythons, node)
    steps = [step for workload in workloads for step in workload]
    server = Server(java, 4 * sizes["requests"])
    try:
        if any(PORT in step.argv for step in steps):
            server.start()
            if server.error:
                print(f"error: {server.error}", file=sys.stderr)
        for workload in workloads:
            argvs = {step: begin(step, args.timeout, server.port) for step in workload}
            for step, round_ in in_turns(workload):
                if step.error:
                    continue  # a run failed: the step ends there, and its cells say why
                which = f" (run {round_ + 1} of {step.repeat})" if step.repeat > 1 else ""
                print(f"running {step.peer.label:14} {step.name}{which} ...", end=" ",
                      file=sys.stderr, flush=True)
                step_start = time.monotonic()
                server_before = server.cpu_s() if PORT in step.argv else None
                run_again(step, argvs[step], args.timeout)
                server_after = server.cpu_s() if server_before is not None else None
                if step.runs and server_after is not None and not step.error:
                    step.runs[-1]["server_cpu_s"] = server_after - server_before
                outcome = "failed" if step.error else "done"
                if step.error and step.optional:
                    outcome = "failed (optional: its cells show -)"
                print(f"{outcome} in {time.monotonic() - step_start:.1f} s", file=sys.stderr,
                      flush=True)
            for step in workload:
                if argvs[step] is None:  # it could not start: no run says so
                    print(f"running {step.peer.label:14} {step.name} ... failed: {step.error}",
                          file=sys.stderr)
                if step.warning:
                    print(f"warning: {step.peer.label} {step.name}: {step.warning}",
                          file=sys.stderr)
                finish(step)
    finally:
        server.stop()

    peers = pythons + ([node] if node else [])
    lines, chart = build_table(sizes, steps, java, peers)
    above = [machine_line] + [peer.about for peer in [java] + peers] + skipped
    if args.quick:
        above.insert(0, "QUICK RUN: a tenth of the sizes; a smoke test, not a measurement.")
    notes = floor_note(steps, java) + fanout_note(steps, sizes["fanout_rounds"]) + [
        "In each peer's column: its figure, then how Java compares with it: '3.0x faster' means "
        "Java took a third of the peer's time ('slower' when the peer did better); the memory "
        "rows say 'less' or 'more memory'. '-': the peer has no counterpart for that row, or "
        "an optional setup of it is not installed or failed (the lines above and below say which). "
        "Java's own cell: 'Nx the floor', its figure against the floor row under it.",
        "Same sizes on every side; each workload ran in its own process. Peak RSS: ru_maxrss from "
        "os.wait4() on that process (KiB on Linux), read by compare.py for every side; the TCP "
        "echo's is the server's own, below.",
        "The fan-out's server: the JDK's HttpServer on virtual threads (FanOutServer), one JVM "
        "started once for every side. A Python that can import aiohttp (the chapter's client, "
        "not in the standard library) runs it as its docs advise: one shared ClientSession (the "
        "chapter opens one per request), a Semaphore of 64, a task per GET; one that cannot runs "
        "64 threads with urllib. Each cell says which.",
        "'+ uvloop': the same interpreter with uvloop's event loop (uvloop.install(), or "
        "uvloop.run from 0.18), for the asyncio rows: sleeps, fan-out with aiohttp, TCP echo "
        "(server and clients). Node's pool rows: piscina, a pool of 2 worker threads in one "
        "process, where Java's and Python's pools have 2 worker processes.",
        "The TCP echo: each side's server is a child process of its clients (asyncio.start_server; "
        "Node's net.createServer; the EchoServer, a virtual thread per connection, in a second "
        "JVM with the first one's -X options), listening on 127.0.0.1 with a backlog of 4,096. "
        "The (extra) rows: SelectorEchoServer and SelectorEchoClients, one thread's Selector "
        "(epoll) loop at each end, the model asyncio and Node run. Every connection has one echo before any sends its second, so all are open at once. The "
        "memory row is the server's peak RSS as it reads it itself at the end (VmHWM in "
        "/proc/self/status, getrusage's ru_maxrss, process.resourceUsage().maxRSS): os.wait4() "
        "would give the larger of client and server.",
        "JVM options (Java): what the Java figure's JVM ran with, besides "
        f"{' '.join(JAVA_ENCODING)}; 'defaults' for none.",
    ]
    errors = [f"error: {s.peer.label} {s.name}: {s.error}"
              for s in steps if s.error and not s.optional]
    notes += [f"Left out: {s.peer.label} {s.name} failed, its cells show '-': {s.error}"
              for s in steps if s.error and s.optional]
    if server.error:
        errors.insert(0, f"error: {server.error}")
    report = above + [""] + lines + [""] + notes + ([""] + errors if errors else [])
    print("\n".join(report))
    print(f"(comparison took {time.monotonic() - started:.0f} s)", file=sys.stderr)
    if args.markdown:
        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        body = [f"- {line}" for line in above] + [""] + lines + [""] + \
            [f"- {note}" for note in notes + errors]
        Path(args.markdown).write_text("# Java beside Python and Node, side by side\n\n"
                                       + "\n".join(body) + "\n", encoding="utf-8")
        print(f"table written to {args.markdown}", file=sys.stderr)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        title = f"{java.label} against each peer, one run of compare.sh"
        if args.quick:
            title += " (quick: a smoke test)"
        document = {"title": title, "subtitle": machine_line, "java": java.label,
                    "peers": [peer.label for peer in peers], "rows": chart}
        Path(args.json).write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
        print(f"ratios written to {args.json}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the running child was killed on the way out
        print("interrupted", file=sys.stderr)
        sys.exit(130)
