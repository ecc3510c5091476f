import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Runs a piece of the real code as an unprivileged user, for the tests that root would pass
 * without proving anything (root ignores file permissions, and CI runs as root). The code is
 * bundled into a folder everyone can read, and Node is the test's own binary when everyone can
 * execute it where it lies (otherwise a copy beside the bundle), so it works from any checkout.
 */
export const isRoot = (): boolean => process.getuid?.() === 0;

export interface UnprivilegedUser {
  name: string;
  uid: number;
  gid: number;
}

export function nobody(): UnprivilegedUser {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  return { name: 'nobody', uid: id('-u'), gid: id('-g') };
}

/** Can a user who is neither owner nor group member execute `file` (every folder above it searchable)? */
function othersCanExecute(file: string): boolean {
  let current = fs.realpathSync(file);
  if ((fs.statSync(current).mode & 0o005) !== 0o005) return false;
  for (;;) {
    const parent = path.dirname(current);
    if (parent === current) return true;
    if ((fs.statSync(parent).mode & 0o001) === 0) return false;
    current = parent;
  }
}

export interface BundledScript {
  /** Runs the bundle as `user` (setpriv, no supplementary groups, a minimal environment). */
  runAs(user: UnprivilegedUser, args: string[]): { status: number | null; stdout: string; stderr: string };
  /** Runs the bundle as the current user. */
  run(args: string[]): { status: number | null; stdout: string; stderr: string };
}

/**
 * Bundles `entry` into `workDir` (made world-readable). Native modules named in `stubbed` are
 * replaced by a module that throws if called: only for code paths the script does not take.
 */
export async function bundleForOtherUsers(entry: string, workDir: string, stubbed: string[] = []): Promise<BundledScript> {
  fs.chmodSync(workDir, 0o755);
  const outfile = path.join(workDir, `${path.basename(entry, '.ts')}.mjs`);
  const filter = new RegExp(`^(${stubbed.map((m) => m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)'})$`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [
      {
        name: 'stub-native',
        setup(b) {
          b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'stub-native' }));
          b.onLoad({ filter: /.*/, namespace: 'stub-native' }, (args) => ({
            contents: `export default function unavailable() { throw new Error(${JSON.stringify(`${args.path} is not loaded in this unprivileged test process`)}); }`,
            loader: 'js',
          }));
        },
      },
    ],
  });
  fs.chmodSync(outfile, 0o644);
  let node = process.execPath;
  if (!othersCanExecute(node)) {
    node = path.join(workDir, 'node');
    fs.copyFileSync(process.execPath, node);
    fs.chmodSync(node, 0o755);
  }
  const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', HOME: '/nonexistent' };
  const spawnIt = (argv: string[]) => {
    const r = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8', timeout: 60_000 });
    if (r.error) throw r.error;
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return {
    runAs: (user, args) => spawnIt(['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', node, outfile, ...args]),
    run: (args) => spawnIt([node, outfile, ...args]),
  };
}
