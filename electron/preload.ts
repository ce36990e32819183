/**
 * The preload: exposes `window.keyAdmin`, built from the shared contract, and nothing else. The renderer
 * never sees ipcRenderer (design.md, convention 2). Bundled to CommonJS because sandboxed preloads cannot
 * load ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildKeyAdminApi, type KeyAdminApi } from '../shared/ipc-contract.js';
import { buildKeyAdminEvents, EVENT_CHANNEL, type KeyAdminEvents } from '../shared/events.js';

const keyAdmin = buildKeyAdminApi((channel, payload) => ipcRenderer.invoke(channel, payload)) satisfies KeyAdminApi;

contextBridge.exposeInMainWorld('keyAdmin', keyAdmin);

// Main's event stream: the renderer subscribes with a listener and gets an unsubscribe function back; it never
// sees ipcRenderer or the event object (design.md, convention 2).
const keyAdminEvents = buildKeyAdminEvents((deliver) => {
  const handler = (_event: unknown, raw: unknown) => deliver(raw);
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  };
}) satisfies KeyAdminEvents;

contextBridge.exposeInMainWorld('keyAdminEvents', keyAdminEvents);
