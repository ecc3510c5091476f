import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../contract/result.js';
import { FaceErrorCode } from './face-errors.js';
import { keyIdOf, type TemplateKeyProvider } from './template-crypto.js';

/**
 * The template key in a file only its owner can read (browser-hosted mode and the CLI).
 * Created on first use with 32 random bytes, mode 0600, in a 0700 folder; a key file that
 * others can read is refused rather than used, because it would expose every template.
 */
export function fileKeyProvider(file: string, options: { platform?: NodeJS.Platform } = {}): TemplateKeyProvider {
  const platform = options.platform ?? process.platform;
  const key = readOrCreate(file, platform);
  return { keyId: keyIdOf(key), getKey: () => key };
}

function readOrCreate(file: string, platform: NodeJS.Platform): Buffer {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    throw unavailable(`cannot create ${path.dirname(file)}`, error);
  }
  if (!fs.existsSync(file)) {
    const key = randomBytes(32);
    try {
      // 'wx': never overwrite a key another process created meanwhile (that would orphan its templates).
      fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unavailable(`cannot write ${file}`, error);
    }
  }
  let stat: fs.Stats;
  let text: string;
  try {
    stat = fs.statSync(file);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw unavailable(`cannot read ${file}`, error);
  }
  if (platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new AppError(
      FaceErrorCode.KEY_UNAVAILABLE,
      `The face template key ${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}); run "chmod 600" on it`,
    );
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new AppError(FaceErrorCode.KEY_UNAVAILABLE, `The face template key ${file} is not a 32-byte base64 key`);
  return key;
}

function unavailable(what: string, error: unknown): AppError {
  return new AppError(FaceErrorCode.KEY_UNAVAILABLE, `Face template key unavailable: ${what} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
}
