import * as ort from 'onnxruntime-node';
import { buildOnnxModel, OnnxType } from './onnx-graph-builder.js';
import { MemberIdTable } from './member-id-table.js';
import { TemplateRowMap } from './template-row-map.js';

export interface MemberScore {
  memberId: string;
  score: number;
  templateId: number;
}

export interface GalleryIndexOptions {
  dim?: number;
  /** Candidates re-scored precisely after the coarse int8 pass. */
  rerank?: number;
  /** Below this many rows the coarse pass runs in JS (no ORT call overhead). */
  ortMinRows?: number;
  /** Threads of the ORT int8 matrix-vector session for large galleries. */
  threads?: number;
  /** From this many rows on, the product runs on `threads` threads (below, on one). */
  parallelRows?: number;
  /** Rows per onnxruntime run of the coarse pass: bounds its buffers (a few MB) at any gallery size. */
  blockRows?: number;
}

/**
 * The in-memory 1:N index. Each template is stored as int8 codes with a per-row scale
 * (128 bytes + 4 per template: 100k templates ≈ 13 MB). A search runs a coarse pass in
 * onnxruntime (int8 matrix-vector product times each row's scale, then TopK) over blocks of rows,
 * keeps the best `rerank` rows, re-scores them with the float query against the de-quantised
 * codes, and returns the best score per member. Cosine error from quantisation is ≈ 0.002.
 * All bookkeeping is in typed arrays (issue 16): member ids interned as bytes (MemberIdTable),
 * templateId → row in an Int32 hash (TemplateRowMap), a template count per member; no JS object
 * per member or template, so 1M one-template members cost about 172 MiB, mostly the codes.
 */
export class GalleryIndex {
  readonly dim: number;
  private readonly rerank: number;
  private readonly ortMinRows: number;
  private readonly threads: number;
  private codes: Uint8Array;
  private invScales: Float32Array;
  private rowTemplate: Int32Array;
  private rowMember: Int32Array;
  private count = 0;
  private readonly rowOfTemplate = new TemplateRowMap((row) => this.rowTemplate[row]!);
  private readonly members = new MemberIdTable();
  /** Templates per member index (a member with 0 is not in the gallery). */
  private memberRowCount = new Uint16Array(1024);
  private membersWithRows = 0;
  /** One thread below `parallelRows` (steadier on a shared 2-core PC), two threads without spinning above. */
  private readonly sessions = new Map<number, Promise<ort.InferenceSession>>();
  private readonly parallelRows: number;
  private readonly blockRows: number;

  constructor(options: GalleryIndexOptions = {}) {
    this.dim = options.dim ?? 128;
    this.rerank = options.rerank ?? 64;
    this.ortMinRows = options.ortMinRows ?? 4096;
    this.threads = options.threads ?? 2;
    this.parallelRows = options.parallelRows ?? 250_000;
    this.blockRows = options.blockRows ?? 262_144;
    this.codes = new Uint8Array(1024 * this.dim);
    this.invScales = new Float32Array(1024);
    this.rowTemplate = new Int32Array(1024);
    this.rowMember = new Int32Array(1024);
  }

  get size(): number {
    return this.count;
  }

  get memberCount(): number {
    return this.membersWithRows;
  }

  /** Bytes held by the index's arrays (the bench prints it beside the RSS it measures). */
  get heldBytes(): number {
    return this.codes.byteLength + this.invScales.byteLength + this.rowTemplate.byteLength + this.rowMember.byteLength + this.memberRowCount.byteLength + this.rowOfTemplate.heldBytes + this.members.heldBytes;
  }

  hasMember(memberId: string): boolean {
    const m = this.members.find(memberId);
    return m >= 0 && this.memberRowCount[m]! > 0;
  }

  /** Reserve room for `rows` templates (start-up load of a known gallery size). */
  reserve(rows: number): void {
    if (rows <= this.invScales.length) return;
    const grow = <T extends Uint8Array | Float32Array | Int32Array>(old: T, make: (n: number) => T, per: number): T => {
      const next = make(rows * per);
      next.set(old.subarray(0, this.count * per) as never);
      return next;
    };
    this.codes = grow(this.codes, (n) => new Uint8Array(n), this.dim);
    this.invScales = grow(this.invScales, (n) => new Float32Array(n), 1);
    this.rowTemplate = grow(this.rowTemplate, (n) => new Int32Array(n), 1);
    this.rowMember = grow(this.rowMember, (n) => new Int32Array(n), 1);
    this.rowOfTemplate.reserve(rows);
  }

  /** Room for `members` member ids (start-up load; one template each is the common case). */
  reserveMembers(members: number): void {
    this.members.reserve(members);
    if (members > this.memberRowCount.length) {
      const next = new Uint16Array(members);
      next.set(this.memberRowCount);
      this.memberRowCount = next;
    }
  }

  add(templateId: number, memberId: string, vector: ArrayLike<number>): void {
    if (vector.length !== this.dim) throw new Error(`template has ${vector.length} dimensions, expected ${this.dim}`);
    if (this.rowOfTemplate.has(templateId)) return;
    if (this.count === this.invScales.length) this.reserve(Math.max(1024, this.count * 2));
    const memberIdx = this.members.intern(memberId);
    if (memberIdx >= this.memberRowCount.length) this.reserveMembers(Math.max(1024, memberIdx * 2));
    if (this.memberRowCount[memberIdx] === 0xffff) throw new Error('too many templates for one member');
    const row = this.count++;
    let maxAbs = 0;
    for (let i = 0; i < this.dim; i++) maxAbs = Math.max(maxAbs, Math.abs(vector[i]!));
    const scale = maxAbs > 0 ? 127 / maxAbs : 1;
    const base = row * this.dim;
    // uint8 code = int8 value + 128: MLAS's fastest integer kernel is uint8 × int8.
    for (let i = 0; i < this.dim; i++) this.codes[base + i] = Math.round(vector[i]! * scale) + 128;
    this.invScales[row] = 1 / scale;
    this.rowTemplate[row] = templateId;
    this.rowMember[row] = memberIdx;
    this.rowOfTemplate.set(templateId, row);
    if (this.memberRowCount[memberIdx]!++ === 0) this.membersWithRows++;
  }

  removeTemplate(templateId: number): boolean {
    const row = this.rowOfTemplate.get(templateId);
    if (row === undefined) return false;
    const last = this.count - 1;
    const memberIdx = this.rowMember[row]!;
    if (--this.memberRowCount[memberIdx]! === 0) this.membersWithRows--;
    this.rowOfTemplate.delete(templateId);
    if (row !== last) {
      // Swap the last row into the hole so rows stay contiguous for the matrix product. The map
      // finds the moved template through its row, so it is re-pointed before the row is overwritten.
      const movedTemplate = this.rowTemplate[last]!;
      this.rowOfTemplate.set(movedTemplate, row);
      this.codes.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      this.invScales[row] = this.invScales[last]!;
      this.rowTemplate[row] = movedTemplate;
      this.rowMember[row] = this.rowMember[last]!;
    }
    this.count = last;
    return true;
  }

  removeMember(memberId: string): number {
    const memberIdx = this.members.find(memberId);
    if (memberIdx < 0 || this.memberRowCount[memberIdx] === 0) return 0;
    // Erasure is rare: one scan of the row→member array instead of a row list per member.
    const templates: number[] = [];
    for (let r = 0; r < this.count; r++) if (this.rowMember[r] === memberIdx) templates.push(this.rowTemplate[r]!);
    for (const t of templates) this.removeTemplate(t);
    return templates.length;
  }

  /** Best score per member, highest first, at most `limit` members. */
  async search(query: Float32Array, limit = 2): Promise<MemberScore[]> {
    if (this.count === 0) return [];
    const rows = this.count <= this.ortMinRows ? this.coarseJs(query) : await this.coarseOrt(query);
    return this.collect(query, rows, limit);
  }

  private quantiseQuery(query: Float32Array): Int8Array {
    let maxAbs = 0;
    for (let i = 0; i < this.dim; i++) maxAbs = Math.max(maxAbs, Math.abs(query[i]!));
    // The query's own scale is the same for every row, so the ranking does not need it.
    const scale = maxAbs > 0 ? 127 / maxAbs : 1;
    const q = new Int8Array(this.dim);
    for (let i = 0; i < this.dim; i++) q[i] = Math.round(query[i]! * scale);
    return q;
  }

  private coarseJs(query: Float32Array): Int32Array {
    // Small gallery: score every row precisely; the "coarse" pass is exact here.
    const scores = new Float32Array(this.count);
    for (let r = 0; r < this.count; r++) scores[r] = this.rowScore(query, r);
    return topRows(scores, Math.min(this.count, this.rerank));
  }

  private async coarseOrt(query: Float32Array): Promise<Int32Array> {
    const session = await this.ortSession(this.count >= this.parallelRows ? this.threads : 1);
    const q = new ort.Tensor('int8', this.quantiseQuery(query), [this.dim, 1]);
    const k = Math.min(this.count, this.rerank);
    const blocks = Math.ceil(this.count / this.blockRows);
    // Each block returns its best k rows with their coarse scores; the best k of those are the best k overall.
    const candidates = new Int32Array(blocks * k);
    const candidateScores = new Float32Array(blocks * k).fill(-Infinity);
    for (let b = 0; b < blocks; b++) {
      const start = b * this.blockRows;
      const n = Math.min(this.blockRows, this.count - start);
      const kb = Math.min(n, k);
      const out = await session.run({
        g: new ort.Tensor('uint8', this.codes.subarray(start * this.dim, (start + n) * this.dim), [n, this.dim]),
        q,
        g_zero: CODE_ZERO_POINT,
        s: new ort.Tensor('float32', this.invScales.subarray(start, start + n), [n, 1]),
        k: new ort.Tensor('int64', BigInt64Array.of(BigInt(kb)), [1]),
      });
      const rows = out.rows!.data as BigInt64Array;
      const best = out.best!.data as Float32Array;
      for (let i = 0; i < kb; i++) {
        candidates[b * k + i] = start + Number(rows[i]!);
        candidateScores[b * k + i] = best[i]!;
      }
    }
    if (blocks === 1) return candidates.subarray(0, k);
    const top = topRows(candidateScores, k);
    return top.map((i) => candidates[i]!);
  }

  private rowScore(query: Float32Array, row: number): number {
    const base = row * this.dim;
    let dot = 0;
    for (let i = 0; i < this.dim; i++) dot += query[i]! * (this.codes[base + i]! - 128);
    return dot * this.invScales[row]!;
  }

  private collect(query: Float32Array, rows: Int32Array, limit: number): MemberScore[] {
    const best = new Map<number, MemberScore>();
    for (const row of rows) {
      const score = this.rowScore(query, row);
      const memberIdx = this.rowMember[row]!;
      const prev = best.get(memberIdx);
      if (!prev || score > prev.score) best.set(memberIdx, { memberId: '', score, templateId: this.rowTemplate[row]! });
    }
    // Ids are decoded from their bytes only for the members returned.
    const top = [...best.entries()].sort((a, b) => b[1].score - a[1].score).slice(0, limit);
    return top.map(([memberIdx, m]) => ({ ...m, memberId: this.members.idOf(memberIdx) }));
  }

  private ortSession(threads: number): Promise<ort.InferenceSession> {
    let session = this.sessions.get(threads);
    if (!session) {
      session = ort.InferenceSession.create(coarseSearchModel(this.dim), {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        // Spinning threads steal the other core from the UI and the worker on a shared 2-core PC.
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      });
      this.sessions.set(threads, session);
    }
    return session;
  }

  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await (await s).release();
  }
}

/** The codes are int8 values stored as uint8 + 128; MatMulInteger subtracts this zero point. */
const CODE_ZERO_POINT = new ort.Tensor('uint8', Uint8Array.of(128), []);

/**
 * The coarse pass as one onnxruntime graph: int8 products of every row with the query, each times
 * its row's scale, and the best k rows (unordered). Only k row numbers come back to JavaScript: no
 * per-row score array crosses into JS, so a search at 1M rows allocates kilobytes, not 8 MB, and
 * the process's RSS stays flat over many searches.
 */
function coarseSearchModel(dim: number): Uint8Array {
  return buildOnnxModel({
    nodes: [
      { opType: 'MatMulInteger', inputs: ['g', 'q', 'g_zero'], outputs: ['products'] },
      { opType: 'Cast', inputs: ['products'], outputs: ['products_f'], attributes: { to: OnnxType.FLOAT } },
      { opType: 'Mul', inputs: ['products_f', 's'], outputs: ['scores'] },
      { opType: 'TopK', inputs: ['scores', 'k'], outputs: ['best', 'rows'], attributes: { axis: 0, sorted: 0 } },
    ],
    inputs: [
      { name: 'g', elemType: OnnxType.UINT8, dims: ['n', dim] },
      { name: 'q', elemType: OnnxType.INT8, dims: [dim, 1] },
      { name: 'g_zero', elemType: OnnxType.UINT8, dims: [] },
      { name: 's', elemType: OnnxType.FLOAT, dims: ['n', 1] },
      { name: 'k', elemType: OnnxType.INT64, dims: [1] },
    ],
    outputs: [
      { name: 'best', elemType: OnnxType.FLOAT, dims: ['k', 1] },
      { name: 'rows', elemType: OnnxType.INT64, dims: ['k', 1] },
    ],
  });
}

/** Indices of the k highest scores (unordered beyond "top k"). */
function topRows(scores: Float32Array, k: number): Int32Array {
  if (k >= scores.length) return Int32Array.from(scores.keys());
  const idx = new Int32Array(k);
  const val = new Float32Array(k).fill(-Infinity);
  let minPos = 0;
  for (let r = 0; r < scores.length; r++) {
    const s = scores[r]!;
    if (s <= val[minPos]!) continue;
    val[minPos] = s;
    idx[minPos] = r;
    minPos = 0;
    for (let j = 1; j < k; j++) if (val[j]! < val[minPos]!) minPos = j;
  }
  return idx;
}
