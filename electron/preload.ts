/**
 * The preload: exposes `window.keyAdmin`, built from the shared contract, and nothing else. The renderer
 * never sees ipcRenderer (design.md, convention 2). Bundled to CommonJS because sandboxed preloads cannot
 * load ES modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildKeyAdminApi, type KeyAdminApi } from '../shared/ipc-contract.js';

const keyAdmin = buildKeyAdminApi((channel, payload) => ipcRenderer.invoke(channel, payload)) satisfies KeyAdminApi;

contextBridge.exposeInMainWorld('keyAdmin', keyAdmin);
