/**
 * Signs a release's installers for the kiosk's updater (electron/main/update-signature.ts).
 *
 *   npm run sign-release -- keygen --out /safe/place/kiosk-release.key   new Ed25519 key pair (private key 0600,
 *                                                                          public key beside it as .pub); prints what to embed
 *   npm run sign-release -- sign --key /safe/place/kiosk-release.key [--dir dist]
 *   KIOSK_RELEASE_KEY="$(cat kiosk-release.key)" npm run sign-release -- sign [--dir dist]      (key from a CI secret)
 *   npm run sign-release -- verify [--dir dist] [--public-key FILE …]   checks every .sig, by default against the keys
 *                                                                          this build trusts (electron/main/update-trusted-keys.ts)
 *
 * `sign` reads each channel file in the folder (latest.yml, latest-linux.yml …) with electron-updater's
 * own parser, checks that every installer it lists is there with the sha512 it states, and writes
 * `<installer>.sig` beside it. Upload the .sig files to HQ's feed with the installers and channel
 * files. Staged roll-out (`stagingPercentage` in the channel file) can change later without
 * signing again: the signature covers the installer's version and bytes, not the channel file.
 *
 * Exit codes: 0 ok, 1 a signature does not verify, 2 usage, missing file or sha512 mismatch.
 */
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseUpdateInfo } from 'electron-updater/out/providers/Provider.js';
import {
  generateReleaseKeyPair,
  keyIdOf,
  parseSignatureFile,
  parseTrustedKeys,
  sha512Base64,
  signInstaller,
  UpdateSignatureError,
  verifyInstallerSignature,
  type SignatureVerdict,
} from '../electron/main/update-signature.js';
import { TRUSTED_UPDATE_KEYS } from '../electron/main/update-trusted-keys.js';

class UsageError extends Error {}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    key: { type: 'string' },
    dir: { type: 'string', default: 'dist' },
    'public-key': { type: 'string', multiple: true },
  },
});

interface ChannelEntry {
  channelFile: string;
  version: string;
  installer: string;
  sha512: string;
}

/** Every installer the channel files in `dir` list, with the version and sha512 they state. */
function channelEntries(dir: string): ChannelEntry[] {
  if (!fs.existsSync(dir)) throw new UsageError(`${dir} does not exist (run npm run dist first)`);
  const entries: ChannelEntry[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.yml')).sort()) {
    const info = parseUpdateInfo(fs.readFileSync(path.join(dir, name), 'utf8'), name, new URL(`file:///${name}`));
    // builder-debug.yml and the like are not channel files.
    if (typeof info?.version !== 'string' || !Array.isArray(info.files)) continue;
    for (const file of info.files) {
      if (!file.sha512) throw new UsageError(`${name}: ${file.url} has no sha512`);
      if (file.url !== path.basename(file.url) || file.url.startsWith('.')) throw new UsageError(`${name}: ${file.url} is not a file in the feed folder`);
      entries.push({ channelFile: name, version: info.version, installer: file.url, sha512: file.sha512 });
    }
  }
  if (entries.length === 0) throw new UsageError(`no channel file (latest*.yml) listing installers in ${dir}`);
  return entries;
}

function keygen(): void {
  const out = values.out;
  if (!out) throw new UsageError('keygen needs --out FILE for the private key');
  if (fs.existsSync(out)) throw new UsageError(`${out} exists; refusing to overwrite a key`);
  const pair = generateReleaseKeyPair();
  fs.writeFileSync(out, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  fs.writeFileSync(`${out}.pub`, pair.publicKeyPem, { flag: 'wx' });
  process.stdout.write(
    [
      `Private key: ${out} (0600). Keep it offline or in the CI secret store; never commit it.`,
      `Public key:  ${out}.pub   key id ${pair.keyId}`,
      '',
      'Embed the public key in electron/main/update-trusted-keys.ts and ship a build with it:',
      '',
      'export const TRUSTED_UPDATE_KEYS: readonly string[] = [',
      `  \`${pair.publicKeyPem.trim()}\`,`,
      '];',
      '',
    ].join('\n'),
  );
}

async function sign(): Promise<void> {
  const pem = values.key ? fs.readFileSync(values.key, 'utf8') : process.env.KIOSK_RELEASE_KEY;
  if (!pem) throw new UsageError('sign needs --key FILE or the KIOSK_RELEASE_KEY environment variable');
  const keyId = keyIdOf(createPrivateKey(pem));
  for (const entry of channelEntries(values.dir)) {
    const file = path.join(values.dir, entry.installer);
    if (!fs.existsSync(file)) throw new UsageError(`${entry.channelFile} lists ${entry.installer}, which is not in ${values.dir}`);
    const sha512 = await sha512Base64(file);
    if (sha512 !== entry.sha512) throw new UsageError(`${entry.installer} does not match the sha512 in ${entry.channelFile}: not signing it`);
    const signature = signInstaller({ file: entry.installer, version: entry.version, sha512, privateKeyPem: pem });
    fs.writeFileSync(`${file}.sig`, `${JSON.stringify(signature, null, 2)}\n`);
    process.stdout.write(`signed ${entry.installer} ${entry.version} (key ${keyId}) → ${entry.installer}.sig\n`);
  }
  if (!parseTrustedKeys(TRUSTED_UPDATE_KEYS).has(keyId)) {
    process.stderr.write(`warning: key ${keyId} is not in electron/main/update-trusted-keys.ts; installed kiosks refuse updates signed with it\n`);
  }
}

async function verifyFile(file: string, version: string, trustedKeys: ReturnType<typeof parseTrustedKeys>): Promise<SignatureVerdict> {
  if (!fs.existsSync(`${file}.sig`)) return { ok: false, reason: 'no .sig file' };
  try {
    const signature = parseSignatureFile(fs.readFileSync(`${file}.sig`));
    return verifyInstallerSignature({ signature, version, sha512: await sha512Base64(file), trustedKeys });
  } catch (error) {
    if (error instanceof UpdateSignatureError) return { ok: false, reason: error.message };
    throw error;
  }
}

async function verify(): Promise<boolean> {
  const publicKeys = values['public-key']?.map((f) => fs.readFileSync(f, 'utf8')) ?? [...TRUSTED_UPDATE_KEYS];
  const trustedKeys = parseTrustedKeys(publicKeys);
  if (trustedKeys.size === 0) throw new UsageError('no public key to verify with (--public-key FILE, or embed one in electron/main/update-trusted-keys.ts)');
  let allGood = true;
  for (const entry of channelEntries(values.dir)) {
    const file = path.join(values.dir, entry.installer);
    if (!fs.existsSync(file)) throw new UsageError(`${entry.channelFile} lists ${entry.installer}, which is not in ${values.dir}`);
    const verdict = await verifyFile(file, entry.version, trustedKeys);
    process.stdout.write(verdict.ok ? `ok       ${entry.installer} ${entry.version} (key ${verdict.keyId})\n` : `REFUSED  ${entry.installer} ${entry.version}: ${verdict.reason}\n`);
    allGood &&= verdict.ok;
  }
  return allGood;
}

try {
  const command = positionals[0];
  if (command === 'keygen') keygen();
  else if (command === 'sign') await sign();
  else if (command === 'verify') process.exitCode = (await verify()) ? 0 : 1;
  else throw new UsageError('usage: sign-release keygen --out FILE | sign (--key FILE | $KIOSK_RELEASE_KEY) [--dir dist] | verify [--dir dist] [--public-key FILE …]');
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
