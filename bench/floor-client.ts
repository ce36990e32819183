/**
 * The floor: the app's paged GETs (devices with keys, device status, users with keys, the current user), made by a
 * bare client (fetch, JSON.parse, nothing else) in a process of its own, started by bench/run.ts with fork() and
 * `--expose-gc`. Each `run` message makes them once and answers the wall and CPU time they took here, and the bytes
 * on the wire. A `memory` message answers this process's idle RSS (before its first run) and its peak RSS so far:
 * what fetching and parsing the inventory costs a client that keeps none of it, beside main's growth.
 */
import { performance } from 'node:perf_hooks';

const PAGE = 250;

type Request = { readonly type: 'run'; readonly baseUrl: string; readonly secret: string } | { readonly type: 'memory' };

let idleRss: number | null = null;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

async function pagedGets(baseUrl: string, secret: string): Promise<{ items: number; bytes: number }> {
  const headers = { Authorization: `Bearer ${secret}`, 'X-Accept-Feature': 'pagination' };
  let items = 0;
  let bytes = 0;
  const get = async (path: string): Promise<unknown> => {
    const body = Buffer.from(await (await fetch(`${baseUrl}/api${path}`, { headers })).arrayBuffer());
    bytes += body.byteLength;
    return JSON.parse(body.toString('utf8')) as unknown;
  };
  const pages = async (path: string): Promise<void> => {
    let after: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ join_keys: 'true', limit: String(PAGE), ...(after ? { after_id: after } : {}) });
      const { results } = (await get(`${path}?${query}`)) as { results: Array<{ _id: string }> };
      items += results.length;
      if (results.length < PAGE) return;
      after = results[results.length - 1]!._id;
    }
  };
  await Promise.all([pages('/devices'), get('/devices/status'), pages('/users'), get('/users/self')]);
  return { items, bytes };
}

process.on('message', (message: Request) => {
  if (message.type === 'memory') {
    process.send?.({ type: 'memory', idleRss: idleRss ?? 0, peakRss: process.resourceUsage().maxRSS * 1024 });
    return;
  }
  void (async () => {
    if (idleRss === null) {
      // Idle as main's is measured: after a full collection and a pause, before any request.
      gc();
      await new Promise((resolve) => setTimeout(resolve, 200));
      idleRss = process.memoryUsage.rss();
    }
    const cpu = process.cpuUsage();
    const start = performance.now();
    const { items, bytes } = await pagedGets(message.baseUrl, message.secret);
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    process.send?.({ type: 'ran', wallMs, cpuMs: (used.user + used.system) / 1000, items, bytes });
  })().catch((error: unknown) => process.send?.({ type: 'failed', message: String(error) }));
});
