/**
 * The app's side of main, against the floor. Three processes: the key service (started by run.ts), the floor client
 * and the app's main process, each alone. Floor and app run in turn, never together, so neither measures the
 * other; the app's refresh ends only when its snapshot is on disk, so no write spills into the next floor run.
 * One unmeasured round warms both up first.
 */
import { BenchChild } from './child.js';
import type { KeyServiceProcess } from './keyservice-process.js';
import { figure } from './measure.js';
import type { FetchResults } from './report.js';

interface Timed {
  readonly wallMs: number;
  readonly cpuMs: number;
}

export async function benchFetch(service: KeyServiceProcess, runs: number, log: (line: string) => void): Promise<FetchResults> {
  const secret = service.adminKey.split(':').pop()!;
  const floor = new BenchChild('./floor-client.ts', ['--expose-gc']);
  const app = new BenchChild('./app-process.ts', ['--expose-gc']);
  try {
    await app.ask({ type: 'start', adminKey: service.adminKey });
    const floorRuns: Timed[] = [];
    const appRuns: Timed[] = [];
    let keys = 0;
    let wireBytes = 0;
    for (let run = 0; run <= runs; run++) {
      const bare = await floor.ask<Timed & { bytes: number }>({ type: 'run', baseUrl: service.baseUrl, secret });
      const refreshed = await app.ask<Timed & { keys: number; pageMs: number }>({ type: 'refresh' });
      keys = refreshed.keys;
      wireBytes = bare.bytes;
      log(
        `  ${run === 0 ? 'warm-up' : `run ${run}`}: app ${refreshed.wallMs.toFixed(0)} ms (cpu ${refreshed.cpuMs.toFixed(0)}), floor ${bare.wallMs.toFixed(0)} ms (cpu ${bare.cpuMs.toFixed(0)}); then the grid's first page ${refreshed.pageMs.toFixed(0)} ms`,
      );
      if (run === 0) continue;
      floorRuns.push(bare);
      appRuns.push(refreshed);
    }
    const memory = await app.ask<{ idleRss: number; peakRss: number; heldRss: number; heapGrowth: number }>({
      type: 'memory',
    });
    const floorMemory = await floor.ask<{ idleRss: number; peakRss: number }>({ type: 'memory' });
    const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
    log(
      `  main RSS: idle ${mib(memory.idleRss)}, peak ${mib(memory.peakRss)}, held ${mib(memory.heldRss)}; live JS heap held +${mib(memory.heapGrowth)}; JSON on the wire ${mib(wireBytes)}`,
    );
    log(`  floor client RSS: idle ${mib(floorMemory.idleRss)}, peak ${mib(floorMemory.peakRss)}`);
    const longest = { create: [] as number[], 'revoke-legacy': [] as number[] };
    for (let run = 0; run < runs; run++) {
      for (const kind of ['create', 'revoke-legacy'] as const) {
        const action = await app.ask<{ longestTaskMs: number; actionMs: number; phases: Record<string, number> }>({
          type: 'action',
          kind,
        });
        // Each phase's wall time: the action, each question the page asks again, the files written.
        const phases = Object.entries(action.phases)
          .map(([name, ms]) => `${name === 'actionMs' ? 'action' : name === 'writeMs' ? 'files written' : name} ${ms.toFixed(0)} ms`)
          .join(', ');
        log(`  key action ${run + 1} (${kind}): longest main task ${action.longestTaskMs.toFixed(1)} ms (wall: ${phases})`);
        longest[kind].push(action.longestTaskMs);
      }
    }
    await app.ask({ type: 'stop' }).catch(() => undefined);
    return {
      keys,
      appWall: figure(appRuns.map((r) => r.wallMs)),
      appCpu: figure(appRuns.map((r) => r.cpuMs)),
      floorWall: figure(floorRuns.map((r) => r.wallMs)),
      floorCpu: figure(floorRuns.map((r) => r.cpuMs)),
      wireBytes,
      peakRssGrowth: memory.peakRss - memory.idleRss,
      heldRssGrowth: memory.heldRss - memory.idleRss,
      floorPeakRssGrowth: floorMemory.peakRss - floorMemory.idleRss,
      actionLongestTask: figure(longest.create),
      legacyRevokeLongestTask: figure(longest['revoke-legacy']),
    };
  } finally {
    await floor.close();
    await app.close();
  }
}
