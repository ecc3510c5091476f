/**
 * Polls until `check` holds, for tests that wait on something asynchronous (a printer, a worker,
 * an upload, an event). Fails with `what` so the failure says what never happened.
 */
export async function until(check: () => boolean | Promise<boolean>, what: string, limitMs = 8000, stepMs = 25): Promise<void> {
  const end = Date.now() + limitMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`Never happened within ${limitMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
