import type { counterCalls } from '../../contract/counter.js';
import type { DomainHandlers, ServiceContext } from '../../core/service-context.js';

/** Relays the cashier's order to the customer display (an event every window of this store receives). Nothing is stored. */
export function createCounterHandlers(ctx: ServiceContext): DomainHandlers<keyof typeof counterCalls> {
  return {
    'counter.showOrder': (a) => {
      ctx.events.emit('counter.order', { ...a, at: ctx.clock.now().toISOString() });
      return { shown: true };
    },
  };
}
