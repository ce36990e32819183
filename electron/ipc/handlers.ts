/** Main's handlers: each contract entry mapped to one service method. */
import type { SitesService } from '../services/sites.service.js';
import type { Handlers } from './dispatcher.js';

export interface HandlerServices {
  readonly sites: SitesService;
}

export function createHandlers(services: HandlerServices): Handlers {
  const { sites } = services;
  return {
    sites: {
      state: () => sites.state(),
      connect: (input) => sites.connect(input),
      activate: ({ id }) => sites.activate(id),
      forget: ({ id }) => sites.forget(id),
      recheck: ({ id }) => sites.recheck(id),
    },
  };
}
