import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { announceSkip, isCi } from '../../support/ci-env.js';

/** A virtual null-modem cable: two linked ptys made by socat (apt package `socat`). */
export interface PtyPair {
  hostPath: string;
  devicePath: string;
  close(): Promise<void>;
}

export function hasSocat(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** On a developer machine without socat the serial suites skip, saying so; in CI a missing socat fails them. */
export function skipWithoutSocat(): boolean {
  if (hasSocat() || isCi()) return false;
  announceSkip('serial transport tests', 'socat is not installed (apt-get install socat)');
  return true;
}

export async function openPtyPair(): Promise<PtyPair> {
  const child: ChildProcess = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const paths = await new Promise<string[]>((resolve, reject) => {
    let text = '';
    const found: string[] = [];
    const timer = setTimeout(() => reject(new Error(`socat did not report its ptys: ${text}`)), 10_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      for (const m of text.matchAll(/PTY is (\S+)/g)) if (m[1] && !found.includes(m[1])) found.push(m[1]);
      if (found.length >= 2 && /starting data transfer loop/.test(text)) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`socat could not be started (install it: apt-get install socat): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`socat exited with ${code}: ${text}`));
    });
  });
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  return {
    hostPath: paths[0] as string,
    devicePath: paths[1] as string,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
