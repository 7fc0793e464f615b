#!/usr/bin/env python3
"""Run each of the chapter's workloads in Python and in Java, one process each, and print a table.

Called by ``benchmarks/compare.sh``, which builds the Java side and finds a JDK 21+:

    compare.py --java /path/to/jdk/bin/java --jar benchmarks/target/benchmarks.jar
               [--markdown benchmarks/target/comparison.md] [--only counter,pool] [--quick]

Every workload runs as its own child process: ``chapter_workloads.py`` for Python (with the
interpreter running this script), ``dev.chapter20.benchmarks.ChapterWorkloads`` for Java. Each
prints one JSON line, and this script reads the child's peak resident set size the same way for
both: ``ru_maxrss`` from ``os.wait4()`` (KiB on Linux), which covers the child itself and the
descendants it waited for. Each child is started in a session of its own and given a time limit;
when it fails or runs over, its whole process group is killed and the row shows a one-line error.

Standard library only.
"""

import argparse
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORKLOADS_PY = HERE / "chapter_workloads.py"
JAVA_MAIN = "dev.chapter20.benchmarks.ChapterWorkloads"

# The sizes, the same for both sides. --quick divides the large ones by ten, for a smoke test.
SIZES = {
    "threads": 2, "increments": 1_000_000, "counter_runs": 5,
    "pool_warm_up": 10_000, "round_trips": 10_000, "map_items": 20_000,
    "queue_items": 1_000_000,
    "sleeps": 100_000,
}
QUICK_DIVIDED = ("increments", "pool_warm_up", "round_trips", "map_items", "queue_items", "sleeps")
TIMEOUT_S = 90  # per child; the slowest (Python's pool) takes about 10 s on 2 busy cores

REFERENCE = ("Python 3.11 on the project's machines: counter 0.10 s; pool round trip "
             "about 220 us, map about 90 us per task; queue about 240,000 items/s; "
             "100,000 sleeps 2.25 s, 163 MiB.")


class Step:
    """One child process to run: a workload on one side, and what became of it."""

    def __init__(self, side, name, argv):
        self.side, self.name, self.argv = side, name, argv
        self.result = None  # the JSON object it printed, plus "peak_rss_mib"
        self.error = None  # one line, when it failed
        self.warning = None  # something to mention even though it succeeded


def plan(args, sizes):
    """Return the steps in the order they run: each Python workload, then its Java counterpart."""
    py = [sys.executable, str(WORKLOADS_PY)]
    java = [args.java, "-cp", args.jar, JAVA_MAIN]
    counter = [str(sizes[k]) for k in ("threads", "increments", "counter_runs")]
    pool = [str(sizes[k]) for k in ("pool_warm_up", "round_trips", "map_items")]
    pairs = {
        "counter": [Step("python", "counter", py + ["counter"] + counter),
                    Step("java", "counter-lock", java + ["counter-lock"] + counter),
                    Step("java", "counter-longadder", java + ["counter-longadder"] + counter),
                    Step("python", "counter-per-increment",
                         py + ["counter-per-increment"] + counter),
                    Step("java", "counter-lock-per-increment",
                         java + ["counter-lock-per-increment"] + counter)],
        "pool": [Step("python", "pool", py + ["pool"] + pool),
                 Step("java", "pool", java + ["pool"] + pool)],
        "queue": [Step("python", "queue", py + ["queue", str(sizes["queue_items"])]),
                  Step("java", "queue", java + ["queue", str(sizes["queue_items"])])],
        "sleeps": [Step("python", "sleeps", py + ["sleeps", str(sizes["sleeps"])]),
                   Step("java", "sleeps-virtual", java + ["sleeps-virtual", str(sizes["sleeps"])]),
                   Step("java", "sleeps-scheduled",
                        java + ["sleeps-scheduled", str(sizes["sleeps"])])],
    }
    return [step for name in args.only for step in pairs[name]]


def rows(sizes, steps):
    """The table's rows: (label, unit, Python (step, key), Java (step, key), what is better)."""
    chunk = -(-sizes["map_items"] // 8)  # the Java pool's default: about 4 chunks per worker
    for step in steps:
        if step.result and "chunk_size" in step.result:
            chunk = step.result["chunk_size"]
    n = f"{sizes['threads']} x {sizes['increments']:,}"
    sleeps = f"{sizes['sleeps']:,} sleeps of 0.1 s"
    return [
        (f"20.1.2 counter {n} under a lock, median of {sizes['counter_runs']}", "s",
         ("counter", "median_s"), ("counter-lock", "median_s"), "time"),
        ("  (extra) Java with LongAdder, no lock", "s",
         ("counter", "median_s"), ("counter-longadder", "median_s"), "time"),
        ("  the same, the lock taken around each increment", "s",
         ("counter-per-increment", "median_s"), ("counter-lock-per-increment", "median_s"),
         "time"),
        ("20.3.2 pool of 2: submit(identity).result() round trip", "us",
         ("pool", "round_trip_us"), ("pool", "round_trip_us"), "time"),
        (f"20.3.2 pool map of {sizes['map_items']:,}, chunksize 1 (Python's default), per item",
         "us", ("pool", "map_chunk1_us"), ("pool", "map_chunk1_us"), "time"),
        (f"20.3.2 pool map, chunksize {chunk:,} (Java's default), per item", "us",
         ("pool", "map_chunked_us"), ("pool", "map_chunked_us"), "time"),
        (f"20.2.2 queue between 2 processes, {sizes['queue_items']:,} small items", "items/s",
         ("queue", "items_per_s"), ("queue", "items_per_s"), "rate"),
        (f"20.4.1 {sleeps}: asyncio vs virtual threads, wall time", "s",
         ("sleeps", "seconds"), ("sleeps-virtual", "seconds"), "time"),
        ("  same, peak RSS", "MiB",
         ("sleeps", "peak_rss_mib"), ("sleeps-virtual", "peak_rss_mib"), "memory"),
        ("  (extra) Java as scheduled CompletableFutures, wall time", "s",
         ("sleeps", "seconds"), ("sleeps-scheduled", "seconds"), "time"),
        ("  same, peak RSS", "MiB",
         ("sleeps", "peak_rss_mib"), ("sleeps-scheduled", "peak_rss_mib"), "memory"),
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


def wait_for(proc, timeout):
    """Reap `proc` with os.wait4 within `timeout` s, killing its group if it runs over.

    Returns (exit code, rusage, timed out). A Python exception here (Ctrl-C included) kills the
    group before it propagates, so no child outlives this script.
    """
    deadline = time.monotonic() + timeout
    timed_out = False
    try:
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                kill_group(proc.pid)
                _, status, usage = os.wait4(proc.pid, 0)
                timed_out = True
                break
            time.sleep(0.05)
    except BaseException:
        kill_group(proc.pid)
        os.wait4(proc.pid, 0)
        raise
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return proc.returncode, usage, timed_out


def one_line(stderr):
    """Pick the line of a child's standard error that says what went wrong."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if line.lower().startswith("error") or "Exception" in line or "Error:" in line:
            return line[:160]
    return lines[-1][:160] if lines else "no message"


def run(step, timeout):
    """Run one step's child process, filling in step.result or step.error."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        # A session of its own: its workers, producers and JVMs share its process group.
        try:
            proc = subprocess.Popen(step.argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    start_new_session=True)
        except OSError as error:  # no such executable, say
            step.error = f"could not start {step.argv[0]}: {error.strerror or error}"
            return
        code, usage, timed_out = wait_for(proc, timeout)
        leftovers = kill_group(proc.pid)  # anything still in the group after its leader ended
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if timed_out:
        step.error = f"timed out after {timeout} s (killed)"
    elif code != 0:
        step.error = f"exit code {code}: {one_line(stderr)}"
    else:
        results = [line for line in stdout.splitlines() if line.startswith("{")]
        if not results:
            step.error = "printed no result"
            return
        try:
            step.result = json.loads(results[-1])
        except json.JSONDecodeError as error:
            step.error = f"unreadable result: {error}"
            return
        # ru_maxrss: KiB on Linux, bytes on macOS.
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024
        step.result["peak_rss_mib"] = usage.ru_maxrss / scale
    if leftovers and not timed_out:  # after a timeout, the group was killed already
        step.warning = "it left processes behind; they were killed"


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


def verdict(python, java, kind):
    """Say how Java compares: 'N x faster' (or less memory), or 'N x slower' (or more)."""
    if python <= 0 or java <= 0:
        return "n/a"
    better = python / java if kind in ("time", "memory") else java / python
    factor = better if better >= 1 else 1 / better
    times = f"{factor:,.0f}x" if factor >= 100 else f"{factor:.1f}x"
    if kind == "memory":
        return f"{times} less memory" if better >= 1 else f"{times} more memory"
    return f"{times} faster" if better >= 1 else f"{times} slower"


def shorten(text, limit=60):
    return text if len(text) <= limit else text[:limit - 3] + "..."


def cell(steps, side, spec, unit):
    """Return (text, value or None) for one side of one row."""
    name, key = spec
    step = steps.get((side, name))
    if step is None:
        return "not run", None
    if step.error:
        return "error", None
    value = step.result.get(key)
    return (number(value, unit), value) if isinstance(value, (int, float)) else ("n/a", None)


def table(sizes, steps):
    """Return the table as aligned markdown lines."""
    by_name = {(step.side, step.name): step for step in steps}
    lines = [("Workload", "Python", "Java", "Java vs Python")]
    for label, unit, py_spec, java_spec, kind in rows(sizes, steps):
        py_text, py_value = cell(by_name, "python", py_spec, unit)
        java_text, java_value = cell(by_name, "java", java_spec, unit)
        if py_text == "not run" and java_text == "not run":
            continue
        if None not in (py_value, java_value):
            ratio = verdict(py_value, java_value, kind)
        else:  # the first failure's one line, shortened; the full line is under the table
            failed = [(side, by_name.get((side, spec[0]))) for side, spec
                      in (("python", py_spec), ("java", java_spec))]
            errors = [f"{side}: {step.error}" for side, step in failed if step and step.error]
            ratio = shorten(errors[0]) if errors else "n/a"
        lines.append((label, py_text, java_text, ratio))
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    aligned = ["| " + " | ".join(text.ljust(w) for text, w in zip(line, widths)) + " |"
               for line in lines]
    aligned.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return aligned


def machine(java):
    """One line: cores, OS, the JDK (its `java -version`), Python, load, date."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        version = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
        jdk = " / ".join(version.stderr.strip().splitlines()[:2])
    except (OSError, subprocess.SubprocessError) as error:
        jdk = f"unknown ({error})"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    now = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return (f"machine: {cores} cores, {platform.system()} {platform.release()} "
            f"{platform.machine()}; JDK: {jdk}; Python {platform.python_version()} "
            f"({platform.python_implementation()}); load average {load:.2f} at start; {now}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--java", required=True, help="the java executable of a JDK 21+")
    parser.add_argument("--jar", required=True, help="the shaded benchmarks.jar")
    parser.add_argument("--markdown", help="also write the table to this file")
    parser.add_argument("--only", default="counter,pool,queue,sleeps",
                        help="comma-separated workloads to run (default: all four)")
    parser.add_argument("--quick", action="store_true",
                        help="a tenth of the sizes: a smoke test, not a measurement")
    parser.add_argument("--timeout", type=int, default=TIMEOUT_S, help="seconds per child")
    args = parser.parse_args()
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(args.only) - {"counter", "pool", "queue", "sleeps"}
    if unknown:
        parser.error(f"unknown workload(s): {', '.join(sorted(unknown))}")

    # Turn a SIGTERM into an exception, so that the child running now is killed too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sizes = dict(SIZES)
    if args.quick:
        for key in QUICK_DIVIDED:
            sizes[key] //= 10
    machine_line = machine(args.java)
    started = time.monotonic()
    steps = plan(args, sizes)
    for step in steps:
        print(f"running {step.side:6} {step.name} ...", end=" ", file=sys.stderr, flush=True)
        step_start = time.monotonic()
        run(step, args.timeout)
        outcome = "failed" if step.error else "done"
        print(f"{outcome} in {time.monotonic() - step_start:.1f} s", file=sys.stderr, flush=True)
        if step.warning:
            print(f"warning: {step.side} {step.name}: {step.warning}", file=sys.stderr)

    lines = table(sizes, steps)
    notes = [
        machine_line,
        "Java vs Python: how many times faster (or less memory) Java was; "
        "'slower' / 'more memory' when Python did better.",
        "Same sizes on both sides; each workload ran in its own process. Peak RSS: ru_maxrss from "
        "os.wait4() on that process (KiB on Linux), read by compare.py for both sides.",
        "For reference, " + REFERENCE,
    ]
    if args.quick:
        notes.insert(0, "QUICK RUN: a tenth of the sizes; a smoke test, not a measurement.")
    errors = [f"error: {s.side} {s.name}: {s.error}" for s in steps if s.error]
    report = lines + [""] + notes + ([""] + errors if errors else [])
    print("\n".join(report))
    print(f"(comparison took {time.monotonic() - started:.0f} s)", file=sys.stderr)
    if args.markdown:
        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        body = lines + [""] + [f"- {note}" for note in notes + errors]
        Path(args.markdown).write_text("# Python and Java, side by side\n\n" + "\n".join(body)
                                       + "\n", encoding="utf-8")
        print(f"table written to {args.markdown}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the running child was killed on the way out
        print("interrupted", file=sys.stderr)
        sys.exit(130)
