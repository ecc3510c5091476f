/**
 * Log files: rotation by size with a fixed number kept, levels, and redaction as it lands on
 * disk — no face template (typed array, long number list, base64, stringified), no image, no
 * full phone number, no token or secret, however a caller passes them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../electron/core/logger.js';
import { createAppLogger, createRotatingFileSink, listLogFiles } from '../../electron/services/ops/log-files.js';
import { scrubLogLine } from '../../electron/services/ops/support-bundle.js';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kiosk-logs-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const PHONE = '13812345678';
const TOKEN = 'mk_live_7d1f0c2b9e8a4d3c5b6a7f8e9d0c1b2a';
const template = Array.from({ length: 128 }, (_, i) => Math.sin(i) * 0.1);
const templateBase64 = Buffer.from(new Float32Array(template).buffer).toString('base64');
const jpegDataUrl = `data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD${'A'.repeat(400)}`;

/** Every way a careless caller could hand sensitive data to the logger. */
function logEverything(log: ReturnType<typeof createLogger>) {
  log.info('face.enrolled', { memberId: 'm-1', template, embedding: new Float32Array(template) });
  log.info('face.debug', { values: template, nested: { deeper: [template] } });
  log.info('face.frame', { frame: Buffer.from('jpegbytes'), image: jpegDataUrl, note: `captured ${jpegDataUrl}` });
  log.info('face.blob', { payload: templateBase64, stringified: JSON.stringify(template) });
  log.info('member.created', { phone: PHONE, mobileNumber: '+86 138 1234 5678', message: `member ${PHONE} joined`, other: 'call 138-1234-5678' });
  log.warn('sync.auth', { token: TOKEN, deviceSecret: TOKEN, authorization: `Bearer ${TOKEN}`, detail: `sent Authorization: Bearer ${TOKEN}`, pin: '1234', password: 'hunter2' });
  log.error('sync.failed', { error: new Error(`HQ refused member ${PHONE}`) });
}

function assertClean(text: string) {
  expect(text).not.toContain(PHONE);
  expect(text).not.toContain('1234 5678');
  expect(text).not.toContain('1234-5678');
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain('hunter2');
  expect(text).not.toContain('"1234"');
  expect(text).not.toContain('/9j/4AAQ');
  expect(text).not.toContain(templateBase64.slice(0, 40));
  expect(text).not.toContain(String(template[5]));
  expect(text).not.toContain('jpegbytes');
}

describe('log redaction on disk', () => {
  it('no template, image, full phone number or token reaches the log file', () => {
    const dir = tmp();
    const log = createAppLogger(dir, { level: 'debug', toStderr: false });
    logEverything(log);
    const text = fs.readFileSync(path.join(dir, 'logs', 'kiosk.log'), 'utf8');
    assertClean(text);
    // …while what is useful stays: masked phone, ids, event names.
    expect(text).toContain('138****5678');
    expect(text).toContain('"memberId":"m-1"');
    expect(text).toContain('face.enrolled');
    expect(text.split('\n').filter(Boolean)).toHaveLength(7);
    for (const line of text.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('the redaction is not a no-op: the raw values would have leaked', () => {
    const raw = JSON.stringify({ template, phone: PHONE, token: TOKEN });
    expect(raw).toContain(PHONE);
    expect(JSON.stringify(redact({ template, phone: PHONE, token: TOKEN }))).not.toContain(PHONE);
  });

  it('the support bundle scrubs again lines written without redaction (older builds, plain text)', () => {
    const unsafe = JSON.stringify({ event: 'x', phone: PHONE, note: `Bearer ${TOKEN}`, vector: template });
    assertClean(scrubLogLine(unsafe));
    assertClean(scrubLogLine(`plain text ${PHONE} Bearer ${TOKEN} ${jpegDataUrl} ${template.join(',')}`));
  });
});

describe('log files', () => {
  it('respects the level', () => {
    const dir = tmp();
    const log = createAppLogger(dir, { level: 'warn', toStderr: false });
    log.debug('a.debug');
    log.info('a.info');
    log.warn('a.warn');
    log.error('a.error');
    const text = fs.readFileSync(path.join(dir, 'logs', 'kiosk.log'), 'utf8');
    expect(text).not.toContain('a.debug');
    expect(text).not.toContain('a.info');
    expect(text).toContain('a.warn');
    expect(text).toContain('a.error');
  });

  it('takes the level from the data folder config', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ log: { level: 'error' } }));
    const log = createAppLogger(dir, { toStderr: false });
    log.warn('cfg.warn');
    log.error('cfg.error');
    const text = fs.readFileSync(path.join(dir, 'logs', 'kiosk.log'), 'utf8');
    expect(text).not.toContain('cfg.warn');
    expect(text).toContain('cfg.error');
  });

  it('rotates by size and keeps a fixed number of files, newest first', () => {
    const dir = tmp();
    const sink = createRotatingFileSink({ dir, maxBytes: 1000, keep: 3 });
    const log = createLogger({ level: 'debug', sink });
    for (let i = 0; i < 200; i++) log.info('tick', { i, pad: 'x'.repeat(50) });
    const files = fs.readdirSync(dir).sort();
    expect(files).toEqual(['kiosk.1.log', 'kiosk.2.log', 'kiosk.3.log', 'kiosk.log']);
    for (const f of files) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(1000);
    const current = fs.readFileSync(path.join(dir, 'kiosk.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(current.at(-1)!).i).toBe(199);
    const previous = fs.readFileSync(path.join(dir, 'kiosk.1.log'), 'utf8').trim().split('\n');
    expect(JSON.parse(previous.at(-1)!).i).toBe(JSON.parse(current[0]!).i - 1);
  });

  it('a log folder that cannot be written falls back instead of throwing into the caller', () => {
    const dir = tmp();
    const blocker = path.join(dir, 'logs');
    fs.writeFileSync(blocker, 'a file where the folder should be');
    const fallback: string[] = [];
    const sink = createRotatingFileSink({ dir: blocker, fallback: (l) => fallback.push(l) });
    expect(() => sink('{"event":"x"}')).not.toThrow();
    expect(fallback.some((l) => l.includes('log.file_write_failed'))).toBe(true);
    expect(fallback).toContain('{"event":"x"}');
  });

  it('listLogFiles orders current then rotated files', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'logs'));
    for (const f of ['kiosk.2.log', 'kiosk.log', 'kiosk.10.log', 'kiosk.1.log', 'other.txt']) fs.writeFileSync(path.join(dir, 'logs', f), '');
    expect(listLogFiles(dir).map((f) => path.basename(f))).toEqual(['kiosk.log', 'kiosk.1.log', 'kiosk.2.log', 'kiosk.10.log']);
  });
});
