// The chapter's Node counterparts, one per subcommand, each printing one JSON line: the Node
// column of the side-by-side comparison (benchmarks/compare.sh).
//
//   node chapter_workloads.mjs pool WARM_UP ROUND_TRIPS ITEMS           20.3.2: piscina, 2 threads
//   node chapter_workloads.mjs sleeps COUNT                             20.4.1: timers as promises
//   node chapter_workloads.mjs fanout PORT REQUESTS MAX_IN_FLIGHT ROUNDS  20.4.2: fetch, bounded
//   node chapter_workloads.mjs echo CONNECTIONS MESSAGES               20.4+: net, two processes
//   node chapter_workloads.mjs echo-serve                              its server, until stdin ends
//
// Built-in modules only (Node 18+, for fetch), except the pool: piscina, Node's worker-thread pool,
// pinned in package.json and installed by `npm ci` in this folder (Node 20+); without it, pool
// fails in one line and compare.py leaves its rows out. compare.py runs each subcommand as a child
// process and reads the peak resident set size from the operating system, as it does for Java and
// Python. A failure prints one line on standard error and exits with code 1.

import { setTimeout as sleep } from "node:timers/promises";
import { performance } from "node:perf_hooks";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import net from "node:net";

const POOL_WORKERS = 2; // Python's max_workers=2, the Java pool's workers(2)
// Untimed maps before the timed ones, and timed chunked maps: as chapter_workloads.py does.
const MAP_WARM_UPS = 3;
const MAP_WARM_UPS_CHUNKED = 20;
const MAP_TIMED_CHUNKED = 9;
const PAUSE_MS = 100; // each timer, as the Java side's Sleepers.PAUSE and Python's 0.1 s
// The same greeting as the Java server's FanOutServer.BODY; every body is checked against it.
const GREETING = "안녕하세요, 비동기 세계! (20.4.2)";

// 20.3.2 with Node's fastest pool: piscina's worker threads (threads of this process, where Java's
// and Python's pools have worker processes). The round trip of one tiny task after a warm-up, then
// a map with one item per task and with the Java pool's chunk size, as the Python side does.
async function pool(warmUp, roundTrips, items) {
  let Piscina;
  try {
    ({ Piscina } = await import("piscina"));
  } catch (error) {
    throw new Error(`piscina is not installed here (npm ci in benchmarks/node): ${error.message}`);
  }
  const piscina = new Piscina({
    filename: new URL("./pool_worker.mjs", import.meta.url).href,
    minThreads: POOL_WORKERS,
    maxThreads: POOL_WORKERS,
  });
  try {
    for (let i = 0; i < warmUp; i++) {
      await piscina.run(i);
    }
    const start = performance.now();
    for (let i = 0; i < roundTrips; i++) {
      if ((await piscina.run(i)) !== i) {
        throw new Error(`wrong answer for ${i}`);
      }
    }
    const roundTripUs = ((performance.now() - start) / roundTrips) * 1e3;
    const values = Array.from({ length: items }, (_, i) => i);
    const chunk = Math.ceil(items / (4 * POOL_WORKERS)); // the Java pool's default
    return {
      round_trip_us: roundTripUs,
      map_chunk1_us: await timedMap(piscina, values, 1, MAP_WARM_UPS, 1),
      map_chunked_us: await timedMap(
        piscina, values, chunk, MAP_WARM_UPS_CHUNKED, MAP_TIMED_CHUNKED,
      ),
      chunk_size: chunk,
    };
  } finally {
    await piscina.destroy();
  }
}

// Maps identity over `values` in tasks of `chunk` items, all submitted at once as a map does:
// `warmUps` untimed, then `timed` timed; the median, in us per item.
async function timedMap(piscina, values, chunk, warmUps, timed) {
  const map = async () => {
    if (chunk === 1) {
      return Promise.all(values.map((value) => piscina.run(value)));
    }
    const tasks = [];
    for (let i = 0; i < values.length; i += chunk) {
      tasks.push(piscina.run(values.slice(i, i + chunk), { name: "identityChunk" }));
    }
    return (await Promise.all(tasks)).flat();
  };
  for (let i = 0; i < warmUps; i++) {
    await map();
  }
  const micros = [];
  for (let i = 0; i < timed; i++) {
    const start = performance.now();
    const results = await map();
    micros.push(((performance.now() - start) / values.length) * 1e3);
    if (results.length !== values.length || results.some((value, j) => value !== values[j])) {
      throw new Error("map returned wrong results");
    }
  }
  return median(micros);
}

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

// Beyond the chapter: a TCP echo server with `net`, and many clients at once. The server runs in a
// child process: a connection holds a file descriptor at each end, and 10,000 of them in one
// process would need 20,000, the most a process may have here (ulimit -n).
const ECHO_HOST = "127.0.0.1";
const ECHO_BACKLOG = 4096; // the same on every side; Linux caps it at net.core.somaxconn
const ECHO_READ_TIMEOUT_MS = 30_000; // per socket, as the Java clients' SO_TIMEOUT

// The text of one message: unique, and not ASCII, so UTF-8 is exercised both ways.
function echoMessage(connection, number) {
  return `connection ${connection}, message ${number}: 안녕하세요`;
}

// Calls onLine with each line of `socket` (decoded as UTF-8, newline removed), in order.
function onLines(socket, onLine) {
  let buffered = "";
  socket.setEncoding("utf8"); // a character split between two chunks is decoded whole
  socket.on("data", (chunk) => {
    buffered += chunk;
    let end;
    while ((end = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      onLine(line);
    }
  });
}

// The server: prints its port as a line of JSON, echoes every line until standard input ends,
// then returns its own figures, its peak resident set size among them.
async function echoServe() {
  let open = 0;
  let peak = 0;
  let echoed = 0;
  const server = net.createServer((socket) => {
    open++;
    peak = Math.max(peak, open);
    socket.on("close", () => open--);
    socket.on("error", () => {}); // this connection ends; the others go on
    // Each whole line goes back as the bytes that came, never decoded, as every side's server.
    let held = null; // the bytes of a line not yet whole
    socket.on("data", (chunk) => {
      const data = held ? Buffer.concat([held, chunk]) : chunk;
      const whole = data.lastIndexOf(10) + 1; // 10: "\n"
      for (let at = data.indexOf(10); at >= 0 && at < whole; at = data.indexOf(10, at + 1)) {
        echoed++;
      }
      if (whole > 0) {
        socket.write(data.subarray(0, whole));
      }
      held = whole < data.length ? data.subarray(whole) : null;
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: ECHO_HOST, port: 0, backlog: ECHO_BACKLOG }, resolve);
  });
  const { port } = server.address();
  process.stdout.write(JSON.stringify({ workload: "echo-serve", port }) + "\n");
  process.stdin.resume(); // read to the end, or 'end' never comes
  await new Promise((resolve) => process.stdin.once("end", resolve));
  await new Promise((resolve) => server.close(resolve)); // once every connection has closed
  // maxRSS: KiB, as Linux's ru_maxrss
  return { peak_connections: peak, echoed, peak_rss_mib: process.resourceUsage().maxRSS / 1024 };
}

// One client connection: an `ask(text)` that sends a line and resolves with the line that comes
// back, rejecting if the connection fails, ends or stays silent past the read timeout.
function connectEcho(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: ECHO_HOST, port });
    const waiting = [];
    let failure = null;
    const fail = (error) => {
      failure ??= error;
      waiting.splice(0).forEach((w) => w.reject(failure));
    };
    socket.setTimeout(ECHO_READ_TIMEOUT_MS, () =>
      socket.destroy(new Error(`no echo within ${ECHO_READ_TIMEOUT_MS / 1000} s (read timeout)`)),
    );
    socket.once("connect", () =>
      resolve({
        ask(text) {
          return new Promise((resolve, reject) => {
            if (failure) {
              reject(failure);
              return;
            }
            waiting.push({ resolve, reject });
            socket.write(text + "\n", "utf8");
          });
        },
        close: () => socket.end(),
      }),
    );
    socket.on("error", (error) => {
      fail(error);
      reject(error);
    });
    socket.on("end", () => fail(new Error("the server closed the connection")));
    onLines(socket, (line) => waiting.shift()?.resolve(line));
  });
}

// The clients: every connection at once; on each, one echo, then (once every connection has had
// its first) the other messages, one at a time. Returns [seconds, seconds until all open].
async function echoClients(port, connections, messages) {
  const start = performance.now();
  let opened = 0;
  let openAt = 0;
  let allOpen;
  const everyoneOpen = new Promise((resolve) => (allOpen = resolve));
  async function roundTrip(client, connection, number) {
    const message = echoMessage(connection, number);
    const echo = await client.ask(message);
    if (echo !== message) {
      throw new Error(`sent ${JSON.stringify(message)} but got ${JSON.stringify(echo)} back`);
    }
  }
  async function conversation(connection) {
    const client = await connectEcho(port);
    try {
      await roundTrip(client, connection, 0);
      if (++opened === connections) {
        openAt = performance.now();
        allOpen();
      }
      await everyoneOpen;
      for (let number = 1; number < messages; number++) {
        await roundTrip(client, connection, number);
      }
    } finally {
      client.close();
    }
  }
  // The first failure ends the run (the caller exits the process).
  await Promise.all(Array.from({ length: connections }, (_, i) => conversation(i)));
  return [(performance.now() - start) / 1e3, (openAt - start) / 1e3];
}

// Reads the next line of the child's standard output as JSON.
function nextJsonLine(child) {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk) => {
      text += chunk;
      const end = text.indexOf("\n");
      if (end >= 0) {
        child.stdout.off("data", onData);
        child.stdout.off("end", onEnd);
        child.stdout.pause();
        child.stdout.unshift(text.slice(end + 1));
        resolve(JSON.parse(text.slice(0, end)));
      }
    };
    const onEnd = () => reject(new Error("the echo server ended early"));
    child.stdout.on("data", onData);
    child.stdout.once("end", onEnd);
    child.stdout.resume();
  });
}

// Starts the server as a child process, runs the clients, and reports both sides' figures.
async function echo(connections, messages) {
  const server = spawn(process.execPath, [fileURLToPath(import.meta.url), "echo-serve"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  server.stdout.setEncoding("utf8");
  try {
    const { port } = await nextJsonLine(server);
    const [seconds, openS] = await echoClients(port, connections, messages);
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.stdin.end(); // the server stops, then reports
    const served = await nextJsonLine(server);
    const code = await exited;
    if (code !== 0) {
      throw new Error(`the echo server exited with code ${code}`);
    }
    return {
      seconds,
      open_s: openS,
      connections,
      messages,
      echoes: connections * messages,
      connections_per_s: connections / seconds,
      server_peak_connections: served.peak_connections,
      server_echoed: served.echoed,
      server_peak_rss_mib: served.peak_rss_mib,
    };
  } finally {
    server.kill(); // a no-op once it has exited
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const WORKLOADS = { pool, sleeps, fanout, echo, "echo-serve": echoServe };
const SIZES = { pool: 3, sleeps: 1, fanout: 4, echo: 2, "echo-serve": 0 };

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
