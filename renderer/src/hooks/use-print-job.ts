import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventPayload } from '../../../electron/contract/index.js';
import { useEvent } from './use-call.js';

export type PrintJob = EventPayload<'printing.jobUpdated'>;

/** Jobs remembered from events, so a job that changed before its request was answered is not missed. */
const RECENT_JOBS = 20;

/**
 * The newest known state of one job: `candidate` is what a call returned (its state when queued),
 * `seen` what a printing.jobUpdated event said about the same job since; the event is newer.
 */
export function newestJob(candidate: PrintJob, seen: PrintJob | undefined): PrintJob {
  return seen && seen.id === candidate.id ? seen : candidate;
}

/** Follows one print job (the receipt just asked for, then its reprint) through printing.jobUpdated. */
export function usePrintJob(): { job: PrintJob | null; track(job: PrintJob): void } {
  const update = useEvent('printing.jobUpdated');
  const recent = useRef(new Map<string, PrintJob>());
  const [job, setJob] = useState<PrintJob | null>(null);
  useEffect(() => {
    if (!update) return;
    recent.current.delete(update.id);
    recent.current.set(update.id, update);
    if (recent.current.size > RECENT_JOBS) recent.current.delete(recent.current.keys().next().value as string);
    setJob((current) => (current && current.id === update.id ? update : current));
  }, [update]);
  const track = useCallback((next: PrintJob) => setJob(newestJob(next, recent.current.get(next.id))), []);
  return { job, track };
}
