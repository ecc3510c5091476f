import { spawn } from 'node:child_process';

/**
 * Starts a child process (`node script …args`), waits for it to print READY and then for
 * `killPoint` (its condition and seeded delay), then SIGKILLs it. Every other stdout line goes to
 * `onLine`. Bounded: a child that never gets there, exits by itself or outlives the kill fails with
 * `where` (the run, its plan and the seed) and the tail of its stderr. Shared by the fault suites
 * that kill a process at chosen instants (sigkill-store, backup-kill).
 */
export function runAndKill(script: string, args: string[], onLine: (line: string) => void, killPoint: () => Promise<void>, where: string, limitMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    let killing = false;
    const fail = (message: string) => {
      clearTimeout(limit);
      child.kill('SIGKILL');
      reject(new Error(`${where}: ${message}${stderr ? `\nchild stderr: ${stderr.slice(-800)}` : ''}`));
    };
    const limit = setTimeout(() => fail(`not killed within ${limitMs} ms (${killing ? 'the kill point was reached but the process did not die' : 'never reached READY'})`), limitMs + 5_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line === 'READY' && !killing) {
          killing = true;
          killPoint().then(
            () => child.kill('SIGKILL'),
            (error: Error) => fail(error.message),
          );
        } else onLine(line);
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (error) => fail(error.message));
    child.on('exit', (code, signal) => {
      clearTimeout(limit);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`${where}: child exited by itself (code ${code}): ${stderr.slice(-800)}`));
    });
  });
}
