/**
 * How many calls one Janus carries: N concurrent calls (N = 1, 5, 10, 20 by default), each from
 * its own agent's phone page in one headless Chromium (a WebAudio oscillator as its microphone:
 * Chromium's fake capture device fails beyond about 16 pages) through one Janus and kamailio to a
 * baresip far end of its own. For each N, over a steady window: Janus's CPU (share of one core,
 * from /proc/<pid>/stat) and resident memory (/proc/<pid>/status), per call; the loss, jitter and
 * MOS estimate each end sees (call-stats.ts). A step whose calls do not all connect ends the run:
 * that N is past what this machine holds.
 * Alone: node --import ./scripts/ts-register.mjs bench/capacity.ts [N ...]
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Page } from 'playwright-core';
import { startCustomerPhone, type CustomerPhone } from '@patchbay/devservers';
import { currentSeq, labIssuer, startPhoneSession, waitForStatus, type PhoneSession } from '../tests/e2e/phone-page/session.js';
import { isEntryPoint } from './alone.js';
import { agentQuality, farEndQuality, pageCounters, type EndQuality, type PageCounters } from './call-stats.js';
import { median } from './stats.js';

export const DEFAULT_STEPS: readonly number[] = [1, 5, 10, 20];
const WARM_UP_MS = 3000;
const WINDOW_MS = 10_000;
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Replaces the page's microphone with an oscillator (a tone at `hz`), before any script of the page runs. */
function oscillatorMicrophone(hz: number): void {
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    if (!constraints?.audio) return original(constraints);
    const context = new AudioContext();
    const oscillator = context.createOscillator();
    oscillator.frequency.value = hz;
    const destination = context.createMediaStreamDestination();
    oscillator.connect(destination);
    oscillator.start();
    return destination.stream;
  };
}

function cpuSeconds(pid: number): number {
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** The whole machine's CPU time so far, busy and total (all cores, /proc/stat's first line). */
function machineCpu(): { busy: number; total: number } {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  // idle and iowait are the 4th and 5th.
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
}

function residentMb(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

interface Line {
  page: Page;
  farEnd: CustomerPhone;
}

export async function benchCapacity(steps: readonly number[] = DEFAULT_STEPS): Promise<void> {
  const session: PhoneSession = await startPhoneSession();
  const lines: Line[] = [];
  try {
    const { janus, registrar } = session.lab;
    const pid = janus.pid();
    if (pid === undefined) throw new Error('Janus is not running');
    await session.browser.context.addInitScript(oscillatorMicrophone, 523);
    const idleMb = residentMb(pid);
    console.log(`one Janus (pid ${pid}), ${steps.join(', ')} concurrent calls; each agent a page in one Chromium, each far end a baresip; ${WINDOW_MS / 1000} s window after ${WARM_UP_MS / 1000} s`);
    console.log(`Janus idle: ${idleMb.toFixed(1)} MB resident`);
    for (const calls of steps) {
      while (lines.length < calls) {
        const n = lines.length + 1;
        const farEnd = await startCustomerPhone({ registrar, user: `far${n}` });
        const page = await session.openPhone({ username: registrar.uri(`agent${n}`) }, labIssuer(session.lab, { user: `agent${n}` }));
        lines.push({ page, farEnd });
      }
      const active = lines.slice(0, calls);
      const seqs = await Promise.all(active.map(({ page }) => currentSeq(page)));
      const connected = await Promise.allSettled(
        active.map(async ({ page }, i) => {
          await page.evaluate((to) => window.harness.phone().dial(to), `far${i + 1}`);
          await waitForStatus(page, 'connected', seqs[i]!);
        }),
      );
      const failed = connected.filter((c) => c.status === 'rejected').length;
      if (failed === 0) {
        await new Promise((r) => setTimeout(r, WARM_UP_MS));
        const read = (): Promise<Array<[PageCounters, number]>> => Promise.all(active.map(async ({ page, farEnd }) => Promise.all([pageCounters(page), farEnd.packetsReceived().then((n) => n ?? 0)])));
        const before = await read();
        const cpuFrom = cpuSeconds(pid);
        const machineFrom = machineCpu();
        const from = performance.now();
        await new Promise((r) => setTimeout(r, WINDOW_MS));
        const core = (cpuSeconds(pid) - cpuFrom) / ((performance.now() - from) / 1000);
        const rss = residentMb(pid);
        const machineTo = machineCpu();
        const machineBusy = (machineTo.busy - machineFrom.busy) / Math.max(1, machineTo.total - machineFrom.total);
        const after = await read();
        const ends = after.map(([counters, received], i): [ReturnType<typeof agentQuality>, EndQuality] => {
          const [startCounters, startReceived] = before[i]!;
          return [agentQuality(startCounters, counters), farEndQuality(received - startReceived, counters.sent - startCounters.sent, null, counters.roundTripTime)];
        });
        const agents = ends.map(([agent]) => agent);
        const farEnds = ends.map(([, far]) => far);
        const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
        console.log(
          `\nN=${String(calls).padStart(2)}  Janus CPU ${pct(core)} of a core (${pct(core / calls)} per call)  ` +
            `RSS ${rss.toFixed(1)} MB (${((rss - idleMb) / calls).toFixed(2)} MB per call over idle)`,
        );
        console.log(`      machine (${availableParallelism()} cores, shared): ${pct(machineBusy)} busy, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`);
        console.log(
          `      agent hears:   loss max ${pct(Math.max(...agents.map((q) => q.packetLoss)))}  ` +
            `jitter median ${(median(agents.map((q) => q.jitter ?? 0)) * 1000).toFixed(0)} ms, max ${(Math.max(...agents.map((q) => q.jitter ?? 0)) * 1000).toFixed(0)} ms  ` +
            `MOS min ${Math.min(...agents.map((q) => q.mos)).toFixed(2)}, median ${median(agents.map((q) => q.mos)).toFixed(2)}  ` +
            `concealed max ${pct(Math.max(...ends.map(([agent]) => agent.concealed)))}`,
        );
        console.log(`      far end hears: loss max ${pct(Math.max(...farEnds.map((q) => q.packetLoss)))}  MOS min ${Math.min(...farEnds.map((q) => q.mos)).toFixed(2)} (loss only)`);
      }
      for (const [i, { page }] of active.entries()) {
        await page.evaluate(() => window.harness.phone().hangup()).catch(() => undefined);
        await waitForStatus(page, 'ended', seqs[i]!).catch(() => undefined);
      }
      if (failed > 0) {
        console.log(`\nN=${calls}: ${failed} of ${calls} calls did not connect; this machine holds fewer (stopping here)`);
        break;
      }
    }
  } finally {
    for (const { farEnd } of lines) await farEnd.stop();
    await session.stop();
  }
}

if (isEntryPoint(import.meta.url)) {
  const steps = process.argv.slice(2).map(Number);
  await benchCapacity(steps.length > 0 ? steps : DEFAULT_STEPS);
}
