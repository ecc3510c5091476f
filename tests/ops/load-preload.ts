import vm from 'node:vm';
import { eventNames, methodNames } from '../../electron/contract/index.js';
import type { KioskClient } from '../../electron/contract/client.js';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { bundlePreload } from '../../scripts/bundle-preload.mjs';
import type { FakeElectron } from './fake-electron.js';

let bundled: Promise<string> | null = null;

/** The preload exactly as it ships: bundled by scripts/bundle-preload.mjs with the contract's names. */
export function preloadBundle(): Promise<string> {
  bundled ??= (bundlePreload as (o: object) => Promise<{ code: string }>)({ methodNames, eventNames, write: false, outFile: '/tmp/kiosk-preload-test.cjs' }).then((r) => r.code);
  return bundled;
}

/**
 * Runs the bundled preload as a sandboxed preload runs: CommonJS, with a `require` that knows
 * only 'electron' (a sandboxed preload cannot load anything else). Returns what it exposed.
 */
export async function runPreload(renderer: ReturnType<FakeElectron['createRenderer']>): Promise<{ exposed: Record<string, unknown>; client: KioskClient; required: string[] }> {
  const code = await preloadBundle();
  const required: string[] = [];
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return { ipcRenderer: renderer.ipcRenderer, contextBridge: renderer.contextBridge };
    throw new Error(`module not found: ${id} (sandboxed preloads can only require electron)`);
  };
  const module = { exports: {} };
  const wrapper = new vm.Script(`(function (exports, require, module) {${code}\n})`, { filename: 'preload.cjs' }).runInThisContext() as (
    e: unknown,
    r: unknown,
    m: unknown,
  ) => void;
  wrapper(module.exports, sandboxRequire, module);
  return { exposed: renderer.exposed, client: renderer.exposed.kiosk as KioskClient, required };
}
