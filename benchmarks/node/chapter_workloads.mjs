// The chapter's Node counterparts, one per subcommand, each printing one JSON line: the Node
// column of the side-by-side comparison (benchmarks/compare.sh).
//
//   node chapter_workloads.mjs sleeps COUNT                             20.4.1: timers as promises
//   node chapter_workloads.mjs fanout PORT REQUESTS MAX_IN_FLIGHT ROUNDS  20.4.2: fetch, bounded
//
// Built-in modules only (Node 18+, for fetch). compare.py runs each subcommand as a child process
// and reads the peak resident set size from the operating system, as it does for Java and Python.
// A failure prints one line on standard error and exits with code 1.

import { setTimeout as sleep } from "node:timers/promises";
import { performance } from "node:perf_hooks";

const PAUSE_MS = 100; // each timer, as the Java side's Sleepers.PAUSE and Python's 0.1 s
// The same greeting as the Java server's FanOutServer.BODY; every body is checked against it.
const GREETING = "안녕하세요, 비동기 세계! (20.4.2)";

// 20.4.1, scaled up: COUNT timers at once, each a promise that resolves after 100 ms.
async function sleeps(count) {
  const start = performance.now();
  await Promise.all(Array.from({ length: count }, () => sleep(PAUSE_MS)));
  return { seconds: (performance.now() - start) / 1e3, count };
}

// GETs `url` `requests` times with at most `maxInFlight` at once: that many loops, each taking
// the next index until none is left. Returns the bodies in input order.
async function fetchAll(url, requests, maxInFlight) {
  const bodies = new Array(requests);
  let next = 0;
  async function oneAtATime() {
    while (next < requests) {
      const i = next++;
      const response = await fetch(url);
      if (!response.ok) {
        throw new Error(`HTTP ${response.status} from ${url}`);
      }
      bodies[i] = await response.text(); // decoded as UTF-8, as fetch always does
    }
  }
  await Promise.all(Array.from({ length: Math.min(maxInFlight, requests) }, oneAtATime));
  return bodies;
}

// 20.4.2, scaled up: one untimed fan-out, then ROUNDS timed ones; the median is reported.
async function fanout(port, requests, maxInFlight, rounds) {
  const url = `http://127.0.0.1:${port}/greeting`;
  const seconds = [];
  for (let round = -1; round < rounds; round++) {
    const start = performance.now();
    const bodies = await fetchAll(url, requests, maxInFlight);
    const elapsed = (performance.now() - start) / 1e3;
    const wrong = bodies.find((body) => body !== GREETING);
    if (wrong !== undefined) {
      throw new Error(`unexpected body: ${JSON.stringify(wrong)}`);
    }
    if (round >= 0) {
      seconds.push(elapsed);
    }
  }
  return { median_s: median(seconds), requests, max_in_flight: maxInFlight };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const WORKLOADS = { sleeps, fanout };
const SIZES = { sleeps: 1, fanout: 4 };

const [name, ...args] = process.argv.slice(2);
const sizes = args.map(Number);
if (!(name in WORKLOADS) || sizes.length !== SIZES[name] || !sizes.every(Number.isInteger)) {
  console.error(`usage: node chapter_workloads.mjs {${Object.keys(WORKLOADS)}} SIZES...`);
  process.exit(2);
}
try {
  const result = await WORKLOADS[name](...sizes);
  // Exit once the line is written: fetch's idle keep-alive connections would hold the process.
  process.stdout.write(JSON.stringify({ workload: name, ...result }) + "\n", () => process.exit(0));
} catch (error) {
  console.error(`error: ${name}: ${error.message}`);
  process.exit(1);
}
