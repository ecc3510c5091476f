import type { EventName, EventPayload } from '../contract/index.js';

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

/** Services emit contract events here; every transport subscribes and forwards them to its clients. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private readonly last = new Map<EventName, unknown>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.last.set(name, payload);
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // A broken subscriber (e.g. a closed socket) must not stop the others; transports drop their own dead clients.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The latest payload of each event, so a client that connects late starts with the current state. */
  snapshot(): Array<[EventName, unknown]> {
    return [...this.last.entries()];
  }
}
