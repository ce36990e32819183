/**
 * The host-independent half of IPC: one handler per contract entry, every payload parsed with its strict zod
 * schema before anything runs, every outcome a Result with a code from the closed set (design.md, conventions
 * 3-4). Electron's ipcMain and the web host's HTTP bridge both call `dispatch` after their own sender checks.
 */
import { contractEntry, type Channel, type IpcContract, type Namespace } from '../../shared/ipc-contract.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { z } from 'zod';
import type { Logger } from '../ports.js';
import { AppFailure, SiteError } from '../services/site-error.js';

type Handler<E> = E extends { input: infer I extends z.ZodType; output: infer O extends z.ZodType }
  ? (input: z.output<I>) => Promise<z.input<O>> | z.input<O>
  : never;

/** Main's implementation of the contract: the compiler checks every entry has its handler. */
export type Handlers = { readonly [N in Namespace]: { readonly [M in keyof IpcContract[N]]: Handler<IpcContract[N][M]> } };

export type Dispatch = (channel: string, payload: unknown) => Promise<Result<unknown>>;

export function createDispatcher(handlers: Handlers, logger: Logger): Dispatch {
  return async (channel, payload) => {
    const entry = contractEntry(channel);
    if (!entry) return fail('validation', 'Unknown request.');
    const parsed = entry.input.safeParse(payload);
    if (!parsed.success) {
      logger.warn('ipc.invalid-input', { channel });
      return fail('validation', 'The request was not valid and was not carried out.');
    }
    const [ns, method] = channel.split('.') as [Namespace, string];
    const handler = (handlers[ns] as Record<string, (input: unknown) => unknown>)[method];
    if (!handler) return fail('internal', 'This request is not available.');
    try {
      return ok(await handler(parsed.data));
    } catch (error) {
      return failureResult(channel as Channel, error, logger);
    }
  };
}

function failureResult(channel: Channel, error: unknown, logger: Logger): Result<never> {
  if (error instanceof SiteError) {
    logger.warn('site.error', {
      channel,
      code: error.code,
      status: error.details.status,
      method: error.details.method,
      path: error.details.path,
      requestId: error.details.requestId,
    });
    return fail(error.code, error.message);
  }
  if (error instanceof AppFailure) {
    logger.info('ipc.refused', { channel, code: error.code });
    return fail(error.code, error.message);
  }
  // An unexpected exception may carry anything (even a key in a message): log only its type.
  logger.error('ipc.unexpected', { channel, type: error instanceof Error ? error.name : typeof error });
  return fail('internal', 'Something went wrong inside the app. The action was not completed; try again.');
}
