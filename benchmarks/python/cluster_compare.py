#!/usr/bin/env python3
"""Run the cluster rows: the cluster module's Hazelcast beside Dask distributed, one table.

Called by ``benchmarks/cluster-compare.sh``, which builds the cluster module and finds a JDK 21+:

    cluster_compare.py --java /path/to/jdk/bin/java --classpath CP [--dask-python PATH]
                       [--quick] [--cache-folder benchmarks/target/cluster-aot]
                       [--markdown benchmarks/target/cluster-comparison.md]

Both sides on this machine, each with 2 workers: Hazelcast's 2 member JVMs and a client
(``dev.chapter20.cluster.MeasureAgainstDask``), and Dask's ``LocalCluster(n_workers=2,
threads_per_worker=1, processes=True)`` and a ``Client``, run by this same file as
``cluster_compare.py dask-rows ...`` under a Python that has ``distributed`` (Debian's
``/usr/bin/python3`` with ``python3-distributed``; the ``python3`` on the PATH may lack it). The
rows, the same sizes for both:

- start: from creating the cluster until both workers have answered a task; Dask's import is
  timed apart, as the JVM's own start is not counted either;
- round-trip: ``submit(identity, i).result()`` / ``submit(new Identity(i)).get()``, one at a time,
  the median of N after N untimed;
- tasks: 10,000 of the same sent at once (``client.map`` + ``gather``; every ``submit``, then every
  ``get`` in order);
- member-death: a task whose worker is killed (SIGKILL) while it runs: what its future gives and
  how often it ran.

Each side first runs once untimed (its start only): Python then finds Dask's modules in the page
cache, and the JVMs record their AOT caches (JDK 25: ``-XX:AOTCacheOutput`` for the measuring JVM,
the members' through ``LocalCluster``'s cache folder; JDK 21-24: class archives), as Python finds
its modules compiled in ``__pycache__``. Each side runs as a child in a session of its own, with a
time limit; anything left in its process group is killed. Without Dask, one line says so and the
table shows Java alone. Standard library only, but for the Dask side itself.
"""

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

JAVA_MAIN = "dev.chapter20.cluster.MeasureAgainstDask"
SIZES = {"warm_up": 1_000, "round_trips": 1_000, "tasks": 10_000}
QUICK = {"warm_up": 100, "round_trips": 100, "tasks": 1_000}
TIMEOUT_S = 300  # per side; Dask's 10,000 tasks take about 16 s here, its round trips about 20 s


# ---- the Dask side: runs in the child, under a Python that has distributed ----------------------

def identity(x):
    return x


def gated(folder, name):
    """Leave a file saying this run started, in its process; wait for the gate; say where it ran."""
    pid = os.getpid()
    Path(folder, f"started-{name}-{pid}").touch()
    deadline = time.monotonic() + 60
    while not Path(folder, "open").exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{name}: the gate did not open")
        time.sleep(0.005)  # stands in for work: the worker is killed meanwhile, as in GatedTask
    return f"finished in pid {pid}"


def dask_rows(argv):
    """Print a JSON line per row, as MeasureAgainstDask does for Hazelcast."""
    parser = argparse.ArgumentParser(prog="cluster_compare.py dask-rows")
    parser.add_argument("--warm-up", type=int, default=SIZES["warm_up"])
    parser.add_argument("--round-trips", type=int, default=SIZES["round_trips"])
    parser.add_argument("--tasks", type=int, default=SIZES["tasks"])
    parser.add_argument("--only", default="start,round-trip,tasks,member-death")
    args = parser.parse_args(argv)
    rows = args.only.split(",")

    begun = time.perf_counter()
    import distributed
    from distributed import Client, LocalCluster
    imported = time.perf_counter() - begun

    created = time.perf_counter()
    # No dashboard: it needs bokeh and a port, and neither side has one here.
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    try:
        cluster_up = time.perf_counter() - created
        with Client(cluster) as client:
            connected = time.perf_counter() - created
            workers = list(client.scheduler_info()["workers"])
            pids = client.gather([client.submit(os.getpid, workers=[w], pure=False)
                                  for w in workers])
            answered = time.perf_counter() - created
            if "start" in rows:
                emit(row="start", first_answers_s=answered, cluster_s=cluster_up,
                     client_connected_s=connected, import_s=imported, workers=len(set(pids)),
                     dask=distributed.__version__, python=platform.python_version())
            if "round-trip" in rows:
                for i in range(args.warm_up):
                    check(i, client.submit(identity, i, pure=False).result(timeout=60))
                times = []
                for i in range(args.round_trips):
                    start = time.perf_counter()
                    answer = client.submit(identity, i, pure=False).result(timeout=60)
                    times.append(time.perf_counter() - start)
                    check(i, answer)
                emit(row="round-trip", median_s=statistics.median(times),
                     mean_s=statistics.fmean(times), warm_up=args.warm_up,
                     round_trips=args.round_trips)
            if "tasks" in rows:
                start = time.perf_counter()
                answers = client.gather(client.map(identity, range(args.tasks), pure=False))
                seconds = time.perf_counter() - start
                if answers != list(range(args.tasks)):
                    raise RuntimeError("wrong answers from client.map")
                emit(row="tasks", seconds=seconds, tasks=args.tasks)
            if "member-death" in rows:
                emit(row="member-death", outcomes=[worker_death(client)])
    finally:
        cluster.close()


def worker_death(client):
    """Kill the worker running a gated task; return what its future gave and how often it ran."""
    with tempfile.TemporaryDirectory(prefix="cluster-compare-") as folder:
        future = client.submit(gated, folder, "task", pure=False)
        deadline = time.monotonic() + 60
        while not (started := sorted(Path(folder).glob("started-task-*"))):
            if time.monotonic() > deadline:
                raise RuntimeError("the gated task did not start")
            time.sleep(0.01)
        victim = int(started[0].name.rsplit("-", 1)[1])
        os.kill(victim, signal.SIGKILL)  # a crash: its nanny starts a new worker process
        killed = time.perf_counter()
        Path(folder, "open").touch()
        try:
            result = future.result(timeout=60)
        except Exception as error:  # KilledWorker, when allowed-failures is used up
            result = f"failed: {type(error).__name__}"
        seconds = time.perf_counter() - killed
        runs = len(list(Path(folder).glob("started-task-*")))
    return {"way": "client.submit (allowed-failures: 3, the default)", "result": result,
            "runs": runs, "after_kill_s": seconds}


def check(expected, answer):
    if answer != expected:
        raise RuntimeError(f"wrong answer for {expected}: {answer}")


def emit(**row):
    print(json.dumps(row), flush=True)


# ---- the runner ---------------------------------------------------------------------------------

def run_side(argv, timeout, env=None):
    """Run one side as a child in a session of its own; return ({row: result}, error)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    start_new_session=True, env=env)
        except OSError as error:
            return {}, f"could not start {argv[0]}: {error.strerror or error}"
        try:
            code = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc.pid, grace=0)
            proc.wait()
            return {}, f"timed out after {timeout} s (killed)"
        if kill_group(proc.pid):  # a worker or member still running once its parent ended
            print(f"note: {Path(argv[0]).name} left processes behind; they were killed",
                  file=sys.stderr)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    rows = {}
    for line in stdout.splitlines():
        if line.startswith("{"):  # a JVM writing an AOT cache says so on standard output too
            row = json.loads(line)
            rows[row["row"]] = row
    if code != 0:
        said = [line for line in stderr.splitlines() if line.strip()]
        return rows, f"exit code {code}: {said[-1] if said else 'no message'}"
    return rows, None


def kill_group(pgid, grace=1.0):
    """Kill whatever is left in the process group `pgid` after `grace` s; return whether any was.

    The grace is for helpers that end by themselves once their parent has (Python's resource
    tracker reads a pipe until it closes).
    """
    deadline = time.monotonic() + grace
    while group_running(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if not group_running(pgid):
        return False
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    return True


def group_running(pgid):
    """Whether a process of group `pgid` runs; one that exited and awaits its reaping does not."""
    if not Path("/proc/self/stat").exists():
        try:
            os.killpg(pgid, 0)
            return True
        except (ProcessLookupError, PermissionError):
            return False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended meanwhile
        if int(fields[2]) == pgid and fields[0] != "Z":  # state, ppid, pgrp
            return True
    return False


def java_major(java):
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    version = out.split('"')[1] if '"' in out else "0"
    version = version[2:] if version.startswith("1.") else version
    return int(version.split(".")[0].split("-")[0].split("+")[0] or 0)


def find_dask_python(given):
    """The first of --dask-python, this Python and /usr/bin/python3 that imports distributed."""
    candidates = [given] if given else [sys.executable, "/usr/bin/python3"]
    for python in candidates:
        if python and Path(python).exists() and subprocess.run(
                [python, "-c", "import distributed"], capture_output=True).returncode == 0:
            return python
    return None


def java_side(args, sizes):
    """The untimed run that records the caches, then the timed one; returns (rows, error)."""
    cache = Path(args.cache_folder).resolve()
    cache.mkdir(parents=True, exist_ok=True)
    if java_major(args.java) >= 25:  # JEP 514: one training run writes the cache as it exits
        main_aot = cache / "main.aot"
        main_aot.unlink(missing_ok=True)  # a new one each time: the jars may have been rebuilt
        record, use = [f"-XX:AOTCacheOutput={main_aot}"], [f"-XX:AOTCache={main_aot}"]
    else:  # a dynamic class archive, written by the first JVM and mapped by the next
        record = use = ["-XX:+AutoCreateSharedArchive", f"-XX:SharedArchiveFile={cache}/main.jsa"]
    # The client's threads use sun.misc.Unsafe: the property every JDK 21+ accepts (the pom's).
    base = [args.java, "-Dsun.misc.unsafe.memory.access=allow", "-Dstdout.encoding=UTF-8"]
    tail = ["-cp", args.classpath, JAVA_MAIN, "--aot-cache", str(cache)]
    _, error = run_side([*base, *record, *tail, "--only", "start"], TIMEOUT_S)
    if error:
        return {}, f"the untimed run that records the caches: {error}"
    return run_side([*base, *use, *tail, "--warm-up", str(sizes["warm_up"]),
                     "--round-trips", str(sizes["round_trips"]), "--tasks", str(sizes["tasks"])],
                    TIMEOUT_S)


def dask_side(python, sizes):
    me = str(Path(__file__).resolve())
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    _, error = run_side([python, me, "dask-rows", "--only", "start"], TIMEOUT_S, env)
    if error:
        return {}, f"the untimed run: {error}"
    return run_side([python, me, "dask-rows", "--warm-up", str(sizes["warm_up"]),
                     "--round-trips", str(sizes["round_trips"]), "--tasks", str(sizes["tasks"])],
                    TIMEOUT_S, env)


def seconds(value):
    if value is None:
        return "-"
    if value < 1e-3:
        return f"{value * 1e6:.0f} us"
    if value < 1:
        return f"{value * 1e3:.3g} ms"
    return f"{value:.3g} s"


def versus(java, dask):
    """How Hazelcast compares with Dask: '3.1x faster' or '1.4x slower'."""
    if not java or not dask:
        return "-"
    return f"{dask / java:.1f}x faster" if dask >= java else f"{java / dask:.1f}x slower"


def outcomes(row):
    if not row:
        return "-"
    return "; ".join(f"{o['way']}: {o['result']}, ran {o['runs']}x" for o in row["outcomes"])


def table(java, dask, java_error, dask_error, sizes):
    """The markdown table (Java's column alone without Dask), the phases of Hazelcast's start."""
    j, d = java, dask
    with_dask = bool(d) or dask_error is not None
    get = lambda rows, row, key: rows.get(row, {}).get(key)
    js = j.get("start", {})
    java_label = (f"Hazelcast {js.get('hazelcast', '?')}: 2 member JVMs + client "
                  f"(JDK {js.get('java', '?')})")
    dask_label = (f"Dask {d['start']['dask']}: LocalCluster, 2 worker processes + client "
                  f"(CPython {d['start']['python']})" if "start" in d else "Dask")
    lines = []

    def line(*cells):
        lines.append("| " + " | ".join(cells if with_dask else cells[:2]) + " |")

    line("What", java_label, dask_label, "Hazelcast vs Dask")
    lines.append("|---|---|---|---|" if with_dask else "|---|---|")
    start_note = ""
    if js:
        start_note = (f" (members joined {seconds(js['members_joined_s'])}, client connected "
                      f"{seconds(js['client_connected_s'] - js['members_joined_s'])} later)")
    dask_note = f" (import {seconds(get(d, 'start', 'import_s'))} before)" if "start" in d else ""
    rows = (("new cluster: both workers have answered, from creating it", "start",
             "first_answers_s", start_note, dask_note),
            (f"round trip of one tiny task, median of {sizes['round_trips']:,} after "
             f"{sizes['warm_up']:,}", "round-trip", "median_s", "", ""),
            (f"{sizes['tasks']:,} tiny tasks sent at once, gathered in order", "tasks", "seconds",
             "", ""))
    for what, row, key, java_note, dask_note in rows:
        jv, dv = get(j, row, key), get(d, row, key)
        line(what, seconds(jv) + java_note, seconds(dv) + dask_note, versus(jv, dv))
    death_dask = outcomes(d.get("member-death"))
    if "member-death" in d:
        after = d["member-death"]["outcomes"][0]["after_kill_s"]
        death_dask += f" ({seconds(after)} after the kill)"
    line("a task whose worker is killed mid-task", outcomes(j.get("member-death")), death_dask, "-")
    notes = [f"{side}: {error}" for side, error in (("Java", java_error), ("Dask", dask_error))
             if error]
    if js:
        lines += ["", "Where Hazelcast's start went (seconds since the cluster was created; "
                  "members in the order they joined):", "",
                  "| Member | JVM started | main entered | node built (join begins) | joined |",
                  "|---|---|---|---|---|"]
        for i, m in enumerate(sorted(js["members"], key=lambda m: m["joined_s"]), 1):
            lines.append(f"| {i} | {m['jvm_started_s']:.2f} | {m['main_entered_s']:.2f} | "
                         f"{m['node_built_s']:.2f} | {m['joined_s']:.2f} |")
        lines += ["", f"This JVM saw both ready at {js['members_joined_s']:.2f}, its client "
                  f"connected at {js['client_connected_s']:.2f}, both members answered at "
                  f"{js['first_answers_s']:.2f}, and the partitions had settled at "
                  f"{js['partitions_settled_s']:.2f}."]
    return "\n".join(lines + ([""] + notes if notes else [])) + "\n"


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "dask-rows":
        dask_rows(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--java", required=True, help="a JDK 21+'s bin/java")
    parser.add_argument("--classpath", required=True, help="the cluster module's class path")
    parser.add_argument("--dask-python", help="a Python with distributed (default: this one, "
                        "then /usr/bin/python3)")
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    parser.add_argument("--cache-folder", default="benchmarks/target/cluster-aot")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    sizes = QUICK if args.quick else SIZES

    print(f"machine: {os.cpu_count()} cores, {platform.platform()}, load average "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    dask_python = find_dask_python(args.dask_python)
    if dask_python is None:
        print("Dask distributed not found (python3-distributed for /usr/bin/python3, or "
              "--dask-python): the table shows only Java", file=sys.stderr)
    print("running the Java side...", file=sys.stderr)
    java, java_error = java_side(args, sizes)
    dask, dask_error = {}, None
    if dask_python:
        print(f"running the Dask side with {dask_python}...", file=sys.stderr)
        dask, dask_error = dask_side(dask_python, sizes)
    text = table(java, dask, java_error, dask_error, sizes)
    print(text, end="")
    if args.markdown:
        Path(args.markdown).parent.mkdir(parents=True, exist_ok=True)
        Path(args.markdown).write_text(text, encoding="utf-8")
    return 1 if java_error or dask_error else 0


if __name__ == "__main__":
    sys.exit(main())
