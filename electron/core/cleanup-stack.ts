/**
 * What has to be undone, in the reverse order it was set up. Start-up pushes one step per resource
 * as soon as the resource exists, so a failure at any later point undoes exactly what was done;
 * shutdown is the same unwinding. A failing step never stops the steps after it: a printer that
 * will not close must not keep the database open.
 */
export interface CleanupFailure {
  step: string;
  error: unknown;
}

export class CleanupStack {
  private readonly steps: Array<{ step: string; undo: () => void | Promise<void> }> = [];
  private unwinding: Promise<CleanupFailure[]> | null = null;

  /** Registers how to undo something that now exists. */
  defer(step: string, undo: () => void | Promise<void>): void {
    // Nothing may be set up once unwinding has begun: it would never be undone.
    if (this.unwinding) throw new Error(`Cannot defer "${step}": clean-up has already started`);
    this.steps.push({ step, undo });
  }

  get size(): number {
    return this.steps.length;
  }

  /**
   * Undoes every step, last first, each exactly once; resolves with the steps that failed (never
   * rejects). Calling it again, even while it runs, returns the same result.
   */
  unwind(): Promise<CleanupFailure[]> {
    this.unwinding ??= (async () => {
      const failures: CleanupFailure[] = [];
      for (const { step, undo } of this.steps.reverse()) {
        try {
          await undo();
        } catch (error) {
          failures.push({ step, error });
        }
      }
      return failures;
    })();
    return this.unwinding;
  }
}
