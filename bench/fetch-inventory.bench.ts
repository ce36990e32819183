/**
 * The app's full inventory fetch against the floor: the bare paged GET requests of the same lists
 * (devices with keys, device status, users with keys, the current user), made with plain fetch and no parsing
 * beyond JSON. Target: the app within 1.3 times the floor.
 */
import type { KeyService } from '../keyservice/index.js';
import { createMainHarness } from '../test/support/main-harness.js';
import { measure, type Measurement } from './measure.js';

const PAGE = 250;

async function barePagedGets(service: KeyService, secret: string): Promise<number> {
  const headers = { Authorization: `Bearer ${secret}`, 'X-Accept-Feature': 'pagination' };
  let items = 0;
  const pages = async (path: string): Promise<void> => {
    let after: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ join_keys: 'true', limit: String(PAGE), ...(after ? { after_id: after } : {}) });
      const body = (await (await fetch(`${service.baseUrl}/api${path}?${query}`, { headers })).json()) as {
        results: Array<{ _id: string }>;
      };
      items += body.results.length;
      if (body.results.length < PAGE) return;
      after = body.results[body.results.length - 1]!._id;
    }
  };
  await Promise.all([
    pages('/devices'),
    fetch(`${service.baseUrl}/api/devices/status`, { headers }).then((r) => r.json()),
    pages('/users'),
    fetch(`${service.baseUrl}/api/users/self`, { headers }).then((r) => r.json()),
  ]);
  return items;
}

export async function benchFetch(
  service: KeyService,
  runs: number,
): Promise<{ floor: Measurement; app: Measurement; ratio: number; keys: number }> {
  const adminKey = service.keys!.admin;
  const secret = adminKey.split(':').pop()!;
  const harness = createMainHarness();
  try {
    const connected = await harness.services.dispatch('sites.connect', { keyString: adminKey });
    if (!connected.ok) throw new Error(`connect failed: ${connected.error.code}`);
    let keys = 0;
    // Interleave the two so that warm-up and machine noise fall on both alike.
    const floorTimes: number[] = [];
    const appTimes: number[] = [];
    for (let run = 0; run < runs + 1; run++) {
      const floor = await measure(() => barePagedGets(service, secret));
      const app = await measure(async () => {
        const view = await harness.services.inventory.refresh();
        keys = view.inventory?.keys.length ?? 0;
      });
      if (run > 0) {
        floorTimes.push(floor);
        appTimes.push(app);
      }
    }
    const floor = summarise(floorTimes);
    const app = summarise(appTimes);
    return { floor, app, ratio: app.median / floor.median, keys };
  } finally {
    harness.cleanup();
  }
}

function summarise(times: number[]): Measurement {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    runs: sorted.length,
  };
}
