import { afterAll, describe, expect, it } from 'vitest';
import { GalleryIndex } from './gallery-index.js';

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
function unitVector(r: () => number, dim = 128): Float32Array {
  const v = new Float32Array(dim);
  let n = 0;
  for (let i = 0; i < dim; i++) {
    // Sum of uniforms ≈ Gaussian: random directions like real embeddings.
    v[i] = r() + r() + r() - 1.5;
    n += v[i]! * v[i]!;
  }
  for (let i = 0; i < dim; i++) v[i] = v[i]! / Math.sqrt(n);
  return v;
}
function dot(a: Float32Array, b: Float32Array) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
function noisy(v: Float32Array, r: () => number, amount: number): Float32Array {
  const out = new Float32Array(v.length);
  const noise = unitVector(r, v.length);
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    out[i] = v[i]! + amount * noise[i]!;
    n += out[i]! * out[i]!;
  }
  for (let i = 0; i < v.length; i++) out[i] = out[i]! / Math.sqrt(n);
  return out;
}

const indexes: GalleryIndex[] = [];
afterAll(async () => {
  for (const i of indexes) await i.dispose();
});

describe('GalleryIndex', () => {
  it('returns the best score per member, matching exact cosine within quantisation error', async () => {
    const r = rng(1);
    const index = new GalleryIndex();
    indexes.push(index);
    const members = Array.from({ length: 50 }, () => unitVector(r));
    members.forEach((m, i) => {
      index.add(i * 2, `m${i}`, m);
      index.add(i * 2 + 1, `m${i}`, noisy(m, r, 0.5));
    });
    const probe = noisy(members[7]!, r, 0.4);
    const [best, second] = await index.search(probe, 2);
    expect(best!.memberId).toBe('m7');
    const exact = Math.max(dot(probe, members[7]!), dot(probe, noisy(members[7]!, rng(999), 0)));
    expect(Math.abs(best!.score - exact)).toBeLessThan(0.05);
    expect(second!.memberId).not.toBe('m7');
    expect(second!.score).toBeLessThan(best!.score);
  });

  it('gives the same answer on the onnxruntime int8 path as on the JS path', async () => {
    const r = rng(2);
    const js = new GalleryIndex({ ortMinRows: 1_000_000 });
    const onnx = new GalleryIndex({ ortMinRows: 0 });
    const onnxParallel = new GalleryIndex({ ortMinRows: 0, parallelRows: 0 });
    indexes.push(js, onnx, onnxParallel);
    const vectors = Array.from({ length: 3000 }, () => unitVector(r));
    vectors.forEach((v, i) => {
      js.add(i, `m${i % 1000}`, v);
      onnx.add(i, `m${i % 1000}`, v);
      onnxParallel.add(i, `m${i % 1000}`, v);
    });
    for (let k = 0; k < 5; k++) {
      const probe = noisy(vectors[k * 97]!, r, 0.6);
      const a = await js.search(probe, 3);
      const b = await onnx.search(probe, 3);
      expect(b[0]!.memberId).toBe(a[0]!.memberId);
      expect(b[0]!.score).toBeCloseTo(a[0]!.score, 5);
      expect((await onnxParallel.search(probe, 3))[0]).toEqual(b[0]);
      expect(Math.abs(a[0]!.score - dot(probe, vectors[a[0]!.templateId]!))).toBeLessThan(0.01);
    }
  });

  it('finds the same members when the onnxruntime pass runs in blocks, a short last block included', async () => {
    const r = rng(21);
    const whole = new GalleryIndex({ ortMinRows: 0 });
    // 3,000 rows in blocks of 990: three full blocks and a last one of 30 rows, fewer than the
    // 64 candidates a block returns. Probes land in the first, a middle and that last block.
    const blocked = new GalleryIndex({ ortMinRows: 0, blockRows: 990 });
    indexes.push(whole, blocked);
    const vectors = Array.from({ length: 3000 }, () => unitVector(r));
    vectors.forEach((v, i) => {
      whole.add(i, `m${i}`, v);
      blocked.add(i, `m${i}`, v);
    });
    for (const row of [5, 1500, 2985, 2999]) {
      const probe = noisy(vectors[row]!, r, 0.5);
      const a = await whole.search(probe, 3);
      const b = await blocked.search(probe, 3);
      expect(b[0]!.memberId).toBe(`m${row}`);
      expect(b).toEqual(a);
    }
  });

  it('removes a member everywhere, keeping the other rows searchable (swap-remove)', async () => {
    const r = rng(3);
    const index = new GalleryIndex();
    indexes.push(index);
    const vs = Array.from({ length: 10 }, () => unitVector(r));
    vs.forEach((v, i) => index.add(100 + i, i < 3 ? 'gone' : `keep${i}`, v));
    expect(index.memberCount).toBe(8);
    expect(index.removeMember('gone')).toBe(3);
    expect(index.size).toBe(7);
    expect(index.hasMember('gone')).toBe(false);
    for (let i = 3; i < 10; i++) {
      const [best] = await index.search(vs[i]!, 1);
      expect(best!.memberId).toBe(`keep${i}`);
      expect(best!.templateId).toBe(100 + i);
      expect(best!.score).toBeGreaterThan(0.99);
    }
    const [afterErase] = await index.search(vs[0]!, 1);
    expect(afterErase!.memberId).not.toBe('gone');
  });

  it('answers an empty gallery with no candidates and refuses a wrong dimension', async () => {
    const index = new GalleryIndex();
    indexes.push(index);
    expect(await index.search(new Float32Array(128), 2)).toEqual([]);
    expect(() => index.add(1, 'm', new Float32Array(64))).toThrow(/dimensions/);
  });

  // ---- issue 16: typed-array bookkeeping (member ids as bytes, templateId → row hash) ----

  it('returns UUID, plain and non-ASCII member ids exactly as given', async () => {
    const r = rng(4);
    const index = new GalleryIndex();
    indexes.push(index);
    const ids = ['3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f', 'lfw-12', '会员-王芳', '3F2A9C1E-7B4D-4E8A-9C0F-1A2B3C4D5E6F', ''];
    const vs = ids.map(() => unitVector(r));
    ids.forEach((id, i) => index.add(i + 1, id, vs[i]!));
    expect(index.memberCount).toBe(ids.length);
    for (const [i, id] of ids.entries()) {
      expect(index.hasMember(id)).toBe(true);
      expect((await index.search(vs[i]!, 1))[0]!.memberId).toBe(id);
    }
    expect(index.hasMember('3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e60')).toBe(false);
  });

  it('stays consistent with a plain reference model through 3,000 random adds and removals', async () => {
    const r = rng(5);
    const index = new GalleryIndex();
    indexes.push(index);
    const reference = new Map<number, { member: string; v: Float32Array }>();
    let nextId = 1;
    for (let step = 0; step < 3000; step++) {
      const roll = r();
      if (roll < 0.6 || reference.size === 0) {
        const member = `m${Math.floor(r() * 400)}`;
        const v = unitVector(r);
        index.add(nextId, member, v);
        reference.set(nextId++, { member, v });
      } else if (roll < 0.9) {
        const ids = [...reference.keys()];
        const id = ids[Math.floor(r() * ids.length)]!;
        expect(index.removeTemplate(id)).toBe(true);
        reference.delete(id);
      } else {
        const member = `m${Math.floor(r() * 400)}`;
        const expected = [...reference.values()].filter((t) => t.member === member).length;
        expect(index.removeMember(member)).toBe(expected);
        for (const [id, t] of reference) if (t.member === member) reference.delete(id);
      }
    }
    expect(index.removeTemplate(nextId + 5)).toBe(false);
    expect(index.size).toBe(reference.size);
    const members = new Set([...reference.values()].map((t) => t.member));
    expect(index.memberCount).toBe(members.size);
    for (let m = 0; m < 400; m++) expect(index.hasMember(`m${m}`)).toBe(members.has(`m${m}`));
    for (const [id, t] of [...reference.entries()].slice(0, 60)) {
      const [best] = await index.search(t.v, 1);
      expect(best!.templateId).toBe(id);
      expect(best!.memberId).toBe(t.member);
    }
  });
});

describe('GalleryIndex memory (issue 16)', () => {
  it('holds 20k one-template UUID members in about 180 bytes each, nearly all of it the int8 codes', () => {
    const index = new GalleryIndex();
    indexes.push(index);
    const n = 20_000;
    index.reserve(n);
    index.reserveMembers(n);
    const r = rng(6);
    const hex = () => Math.floor(r() * 0x10000).toString(16).padStart(4, '0');
    for (let i = 0; i < n; i++) index.add(i, `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`, unitVector(r));
    expect(index.memberCount).toBe(n);
    const perMember = index.heldBytes / n;
    expect(perMember).toBeGreaterThan(128); // the codes alone
    expect(perMember).toBeLessThan(200);
  });
});
