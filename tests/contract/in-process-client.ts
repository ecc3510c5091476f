import type { KioskClient } from '../../electron/contract/client.js';
import type { EventName } from '../../electron/contract/index.js';
import type { RunningServices } from '../../electron/services/start-services.js';

/** A client that calls the dispatcher directly: the reference the transports are compared with. */
export function inProcessClient(services: RunningServices, clientId = 'in-process-test'): KioskClient {
  return {
    invoke: (method, args) => services.dispatcher.invoke(method, args, { clientId, transport: 'in-process' }) as never,
    on: (event, listener) =>
      services.events.subscribe((name: EventName, payload) => {
        if (name === event) (listener as (p: unknown) => void)(payload);
      }),
  };
}
