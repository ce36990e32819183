/**
 * Runs in the browser, only under the web host: provides `window.keyAdmin` over HTTP, the way the Electron
 * preload provides it over IPC. Built from the same contract, so the renderer cannot tell the hosts apart.
 * The per-launch token travels as an HttpOnly cookie that this script never sees.
 */
import { buildKeyAdminApi, type Transport } from '../../shared/ipc-contract.js';
import { buildKeyAdminEvents } from '../../shared/events.js';

const transport: Transport = async (channel, payload) => {
  try {
    const response = await fetch(`./ipc/${channel}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ payload }),
    });
    if (!response.ok) {
      return {
        ok: false,
        error: { code: 'internal', message: 'The web host refused the request. Reopen the address it printed.' },
      };
    }
    return (await response.json()) as unknown;
  } catch {
    return { ok: false, error: { code: 'internal', message: 'The web host is not running any more. Start it again.' } };
  }
};

(window as unknown as { keyAdmin: unknown }).keyAdmin = buildKeyAdminApi(transport);

// Main's event stream arrives as server-sent events; one connection serves every subscriber, and the browser
// reconnects by itself after the host restarts.
let source: EventSource | null = null;
const deliveries = new Set<(raw: unknown) => void>();
(window as unknown as { keyAdminEvents: unknown }).keyAdminEvents = buildKeyAdminEvents((deliver) => {
  deliveries.add(deliver);
  if (!source) {
    source = new EventSource('./events', { withCredentials: true });
    source.addEventListener('message', (message: MessageEvent<string>) => {
      let raw: unknown;
      try {
        raw = JSON.parse(message.data);
      } catch {
        return;
      }
      for (const each of deliveries) each(raw);
    });
  }
  return () => {
    deliveries.delete(deliver);
  };
});
