import type { StoredEvent } from './event-store.port';

/**
 * Upcasting (EVENTS.md, PRODUCT.md §10): stored events are never rewritten; an event stored
 * at an old schema version is raised to the current one as it is read. Both adapters apply
 * an Upcaster to every event they return (except raw stream reads, see ReadStreamOptions).
 */
export type Upcaster = (
  type: string,
  version: number,
  data: Record<string, unknown>,
) => { version: number; data: Record<string, unknown> };

/** Raises one event type from version `from` to `from + 1`. */
export interface UpcastStep {
  type: string;
  from: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

/** An Upcaster applying steps one version at a time until none applies (v1 → v2 → v3 …). */
export function upcasterFrom(steps: UpcastStep[]): Upcaster {
  const byVersion = new Map<string, UpcastStep>();
  for (const step of steps) {
    const key = `${step.type}@${step.from}`;
    if (byVersion.has(key)) throw new Error(`two upcast steps from ${key}`);
    byVersion.set(key, step);
  }
  return (type, version, data) => {
    for (let step = byVersion.get(`${type}@${version}`); step; step = byVersion.get(`${type}@${version}`)) {
      data = step.upcast(data);
      version += 1;
    }
    return { version, data };
  };
}

/** The steps in force: add one here whenever an event type gets a new version. */
export const eventUpcaster: Upcaster = upcasterFrom([]);

export function upcastEvent(event: StoredEvent, upcaster: Upcaster): StoredEvent {
  const { version, data } = upcaster(event.type, event.version, event.data);
  return version === event.version ? event : { ...event, version, data };
}
