// Concurrent HTTP clients on their own thread, so the load they make does not share the service's event loop;
// what they see during the warm-up (connections opening, code not yet optimized) is not counted.
import { parentPort, workerData } from 'node:worker_threads';

const { url, headers, clients, seconds, warmUpSeconds } = workerData;
const latencies = [];
let errors = 0;
const measuredFrom = Date.now() + warmUpSeconds * 1000;
const until = measuredFrom + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (Date.now() < until) {
      const measured = Date.now() >= measuredFrom;
      const started = performance.now();
      try {
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (!response.ok && measured) errors++;
      } catch {
        if (measured) errors++;
      }
      if (measured) latencies.push(performance.now() - started);
    }
  }),
);
parentPort.postMessage({ latencies, errors });
