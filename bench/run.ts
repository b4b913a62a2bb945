/**
 * `npm run bench` runs every benchmark in turn and prints each one's figures under a heading;
 * `npm run bench -- widgets bus-rtt` runs the named ones. Figures only: a slow number never fails
 * the run, but a benchmark that could not run (no build, a server that did not start) does, after
 * the others have run.
 */
import { benchBusRtt } from './bus-rtt.js';
import { benchBusRttBrowser } from './bus-rtt-browser.js';
import { benchCallSetup } from './call-setup.js';
import { benchCapacity } from './capacity.js';
import { benchNetwork } from './network.js';
import { benchSignIn } from './sign-in.js';
import { benchWidgets } from './widgets.js';

interface Benchmark {
  readonly name: string;
  readonly title: string;
  run(): Promise<void>;
}

const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'widgets',
    title: 'first load in the Salesforce console: gzipped bytes by part, and each step to widgets mounted, bus connected and SIP registered (issues 2, 14; measures dist/)',
    run: () => benchWidgets(),
  },
  { name: 'bus-rtt', title: 'bus round trip through the client beside the bare WebSocket floors, and rate, from Node (issues 3, 14)', run: benchBusRtt },
  { name: 'bus-rtt-browser', title: 'bus round trip through the client beside the bare WebSocket floors, and rate, from Chromium (issues 3, 14)', run: benchBusRttBrowser },
  { name: 'call-setup', title: 'call set-up through Janus, kamailio and baresip (issue 5)', run: () => benchCallSetup() },
  { name: 'capacity', title: "concurrent calls through one Janus: its CPU and memory per call, both ends' loss, jitter, MOS (issue 12)", run: () => benchCapacity() },
  { name: 'network', title: 'call quality over a bad network: 1% loss + 30 ms jitter, 5% loss (issue 12)', run: () => benchNetwork() },
  { name: 'sign-in', title: 'credential exchange (issue 9)', run: () => benchSignIn() },
];

class UnknownBenchmarkError extends Error {
  override readonly name = 'UnknownBenchmarkError';
  constructor(readonly requested: readonly string[]) {
    super(`unknown benchmark ${requested.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
  }
}

function chosen(names: readonly string[]): readonly Benchmark[] {
  if (names.length === 0) return BENCHMARKS;
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) throw new UnknownBenchmarkError(unknown);
  return BENCHMARKS.filter((b) => names.includes(b.name));
}

let selected: readonly Benchmark[];
try {
  selected = chosen(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UnknownBenchmarkError)) throw error;
  console.error(error.message);
  process.exit(2);
}
console.log(`patchbay bench: ${selected.map((b) => b.name).join(', ')} (figures only; a shared, loaded machine makes them noisy)`);
const failed: string[] = [];
for (const bench of selected) {
  console.log(`\n== ${bench.name}: ${bench.title} ==`);
  const started = performance.now();
  try {
    await bench.run();
  } catch (error) {
    failed.push(bench.name);
    console.error(`${bench.name} could not run:`, error);
  }
  console.log(`(${bench.name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
if (failed.length > 0) {
  console.error(`\nnot measured: ${failed.join(', ')}`);
  process.exitCode = 1;
}
