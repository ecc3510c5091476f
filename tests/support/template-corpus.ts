import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { analyzeOptionsFor } from '../../electron/services/face/face-engine.js';
import { defaultFaceConfig } from '../../electron/contract/face-config.js';
import { FacePipeline } from '../../electron/services/face/face-pipeline.js';
import { FIXTURES, MODELS_DIR } from '../../electron/services/face/face-test-support.js';

/**
 * Issue 12's shared corpus: ways a face template could be smuggled through free text, each made
 * from a REAL template (the face engine's embedding of a fixture photo), and ordinary notes and
 * preferences that must pass. Used at the outbox and in the logger (tests/integration/
 * template-tripwire.test.ts) and at HQ (tests/fault/hostile-device.test.ts).
 *
 * Each entry says where it goes: `text` fits a note (≤ 2000 chars), `list` the tags (≤ 20 × 20
 * chars), `record` the preferences (≤ 30 × 200 chars), so the strict schemas let it through and
 * only the tripwire can stop it.
 */
export type CorpusEntry = { name: string } & ({ text: string } | { list: string[] } | { record: Record<string, string> });

/** The embedding of a real fixture photo (128 float32, L2-normalised). */
export async function realTemplate(photo = 'barack-obama__portrait-2012.jpg'): Promise<Float32Array> {
  const pipeline = await FacePipeline.load(MODELS_DIR, { threads: 1 });
  try {
    const analysis = await pipeline.analyze(new Uint8Array(fs.readFileSync(path.join(FIXTURES, photo))), analyzeOptionsFor(defaultFaceConfig(), 'photo'));
    if (!analysis.embedding) throw new Error(`the face engine found no face to embed in ${photo}`);
    return analysis.embedding;
  } finally {
    await pipeline.dispose();
  }
}

const wrap = (s: string, width: number, sep = '\n') => (s.match(new RegExp(`.{1,${width}}`, 'g')) ?? []).join(sep);

export function templateLikeCorpus(t: Float32Array): CorpusEntry[] {
  const bytes = Buffer.from(t.buffer, t.byteOffset, t.byteLength);
  const b64 = bytes.toString('base64');
  const hex = bytes.toString('hex');
  const f = (digits: number) => Array.from(t, (v) => v.toFixed(digits));
  const half = Buffer.from(t.buffer, t.byteOffset, t.byteLength / 2);
  const int8 = Array.from(t, (v) => String(Math.round(v * 127)));
  return [
    { name: 'base64, one line', text: b64 },
    { name: 'base64 wrapped at 76 (MIME)', text: wrap(b64, 76) },
    { name: 'base64 wrapped at 64 (PEM)', text: wrap(b64, 64) },
    { name: 'base64 in 16-char chunks with spaces', text: wrap(b64, 16, ' ') },
    { name: 'base64url', text: bytes.toString('base64url') },
    { name: 'base64 of the first half only, in a sentence', text: `会员备注：${half.toString('base64')} 请勿删除` },
    { name: 'hex', text: hex.slice(0, 2000) },
    { name: 'hex wrapped at 32', text: wrap(hex.slice(0, 1900), 32) },
    { name: 'comma-joined floats', text: f(5).join(',') },
    { name: 'pipe-joined floats', text: f(5).join('|') },
    { name: 'space-joined floats', text: f(5).join(' ') },
    { name: 'newline-joined floats', text: f(5).join('\n') },
    { name: 'tab-joined floats', text: f(5).join('\t') },
    { name: 'semicolon-joined floats', text: f(5).join(';') },
    { name: 'full-width-comma-joined floats', text: f(4).join('，') },
    { name: 'JSON array text', text: JSON.stringify(Array.from(t, (v) => Number(v.toFixed(6)))) },
    { name: 'scientific notation', text: Array.from(t, (v) => v.toExponential(3)).join(', ') },
    { name: 'first 48 values only', text: f(6).slice(0, 48).join(', ') },
    { name: 'int8-quantised, space-joined', text: int8.join(' ') },
    { name: 'util.inspect(Buffer)', text: inspect(bytes) },
    { name: 'util.inspect(Float32Array)', text: inspect(t).slice(0, 2000) },
    { name: 'data: URL', text: `data:application/octet-stream;base64,${b64}` },
    { name: 'latin1 bytes', text: bytes.toString('latin1') },
    { name: 'floats split across list items', list: f(4).slice(0, 20) },
    { name: 'base64 split across list items', list: (b64.match(/.{1,20}/g) ?? []).slice(0, 20) },
    { name: 'floats split across record values', record: Object.fromEntries(f(5).slice(0, 30).map((v, i) => [`d${i}`, v])) },
    { name: 'float lists spread over record values', record: Object.fromEntries([0, 1, 2, 3].map((i) => [`part${i}`, f(4).slice(i * 32, i * 32 + 32).join(' ').slice(0, 200)])) },
  ];
}

/** Ordinary notes, tags and preferences staff write: each must pass the tripwire and the logger unchanged. */
export const ordinaryCorpus: CorpusEntry[] = [
  { name: 'note', text: '喜欢靠窗的位置，对花生过敏。周三下午常来，点拿铁少糖。' },
  { name: 'long note', text: '这位顾客是老会员，2019 年开卡，每月来 4 到 6 次。喜欢燕麦奶拿铁（大杯，少冰），偶尔买可颂。生日在 3 月，去年生日送过一张 20 元券。'.repeat(4) },
  { name: 'prices and dates', text: '11-20 买了 2 杯拿铁 32.00 元，11-22 退 1 杯 16.00 元；积分 1,280 → 1,248。下次提醒：12-01 活动。' },
  { name: 'an order list', text: '拿铁 32, 美式 28, 卡布 30, 摩卡 34, 馥芮白 36, 可颂 18, 贝果 16, 芝士蛋糕 38' },
  { name: 'english note', text: 'Prefers oat milk, extra hot. Allergic to hazelnuts. Usually comes in around 8:15 before work; ask about the loyalty upgrade next time.' },
  { name: 'receipt and order numbers', text: 'RCPT-2026-000123, ORD-20261120-0042, 会员号 M0012345, 发票抬头：上海某某有限公司 税号 91310000MA1FL1234X' },
  { name: 'address', text: '上海市徐汇区漕溪北路 88 号 12 楼 1203 室（近地铁 1 号线）' },
  { name: 'url', text: '点单小程序：https://example.com/menu/store-12/items?id=12345&ref=wechat' },
  { name: 'phone-like and times', text: '联系人手机 138-0013-8000，工作日 09:00-18:00，周末 10:00-16:00' },
  { name: 'a few measurements', text: '杯型 350ml / 480ml / 600ml，温度 65℃，糖 0 / 3 / 5 / 7 分' },
  { name: 'tags', list: ['VIP', '常客', '素食', '燕麦奶', '早高峰', '2026-11', '生日月'] },
  { name: 'preferences', record: { milk: '燕麦奶', sugar: '少糖', size: '大杯', temperature: '去冰', seat: '靠窗', payment: '微信', visits: '12' } },
];
