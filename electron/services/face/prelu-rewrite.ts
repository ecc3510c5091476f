import { decodeMessage, encodeMessage, stringOf, type Field } from './onnx-protobuf.js';

/**
 * The two MiniFASNets (liveness) spend about 40 % of their time in onnxruntime's PRelu kernel
 * (66 PRelu nodes; measured with the session profiler: 3.2 of 8.2 ms for MiniFASNetV2 on this
 * machine): its per-channel slope goes through the generic broadcasting path, and the node also
 * forces a layout reorder around the NCHWc convolutions. For a slope a ≤ 1,
 *
 *     PRelu(x, a) = x if x ≥ 0 else a·x  =  Max(x, a·x)
 *
 * (x ≥ 0: a·x ≤ x because a ≤ 1; x < 0: a·x ≥ x for the same reason, whatever a's sign), and both
 * sides compute the same product a·x, so the outputs are bit for bit equal (golden test in
 * prelu-rewrite.golden.test.ts). This edits, in memory and after the sha256 check, each PRelu whose
 * slope is a constant initialiser with every value ≤ 1 into Mul + Max; any other PRelu is left alone.
 */
const GRAPH = 7, NODE = 1, INITIALIZER = 5;
const NODE_INPUT = 1, NODE_OUTPUT = 2, NODE_NAME = 3, NODE_OP = 4, NODE_DOMAIN = 7;
const TENSOR_DATA_TYPE = 2, TENSOR_FLOAT_DATA = 4, TENSOR_NAME = 8, TENSOR_RAW = 9;
const FLOAT = 1n;

function str(field: number, value: string): Field {
  return { field, wire: 2, value: Buffer.from(value, 'utf8') };
}

function node(op: string, name: string, inputs: readonly string[], output: string): Buffer {
  return encodeMessage([...inputs.map((i) => str(NODE_INPUT, i)), str(NODE_OUTPUT, output), str(NODE_NAME, name), str(NODE_OP, op)]);
}

/** The largest value of a float initialiser, or null when it is not a plain float tensor. */
function maxOfFloatTensor(tensor: readonly Field[]): number | null {
  const type = tensor.find((f) => f.field === TENSOR_DATA_TYPE)?.value;
  if (type !== FLOAT) return null;
  const raw = tensor.find((f) => f.field === TENSOR_RAW)?.value as Buffer | undefined;
  let max = -Infinity;
  if (raw) {
    for (let i = 0; i + 4 <= raw.length; i += 4) max = Math.max(max, raw.readFloatLE(i));
  } else {
    // float_data is packed (wire 2) in files written by current exporters.
    for (const f of tensor.filter((x) => x.field === TENSOR_FLOAT_DATA && x.wire === 2)) {
      const b = f.value as Buffer;
      for (let i = 0; i + 4 <= b.length; i += 4) max = Math.max(max, b.readFloatLE(i));
    }
  }
  return Number.isFinite(max) ? max : null;
}

export interface PreluRewrite {
  model: Uint8Array;
  /** PRelu nodes turned into Mul + Max, and those left as they were. */
  rewritten: number;
  kept: number;
}

export function rewritePreluAsMax(original: Uint8Array): PreluRewrite {
  const model = decodeMessage(Buffer.from(original.buffer, original.byteOffset, original.byteLength));
  let rewritten = 0;
  let kept = 0;
  const out = model.map((f) => {
    if (f.field !== GRAPH) return f;
    const graph = decodeMessage(f.value as Buffer);
    const slopeMax = new Map<string, number | null>();
    for (const g of graph) {
      if (g.field !== INITIALIZER) continue;
      const t = decodeMessage(g.value as Buffer);
      slopeMax.set(stringOf(t, TENSOR_NAME) ?? '', maxOfFloatTensor(t));
    }
    const edited: Field[] = [];
    for (const g of graph) {
      if (g.field !== NODE) {
        edited.push(g);
        continue;
      }
      const n = decodeMessage(g.value as Buffer);
      const domain = stringOf(n, NODE_DOMAIN) ?? '';
      const inputs = n.filter((x) => x.field === NODE_INPUT).map((x) => (x.value as Buffer).toString('utf8'));
      const outputs = n.filter((x) => x.field === NODE_OUTPUT).map((x) => (x.value as Buffer).toString('utf8'));
      const max = inputs[1] !== undefined ? slopeMax.get(inputs[1]) : undefined;
      if (stringOf(n, NODE_OP) !== 'PRelu' || domain !== '') {
        edited.push(g);
        continue;
      }
      if (max === undefined || max === null || max > 1 || inputs.length !== 2 || outputs.length !== 1) {
        kept++;
        edited.push(g);
        continue;
      }
      const name = stringOf(n, NODE_NAME) ?? `prelu_${rewritten}`;
      const [x, a] = inputs as [string, string];
      const scaled = `${outputs[0]}__times_slope`;
      // Nodes stay in topological order: Mul, then Max, where the PRelu was.
      edited.push({ field: NODE, wire: 2, value: node('Mul', `${name}__mul`, [x, a], scaled) });
      edited.push({ field: NODE, wire: 2, value: node('Max', `${name}__max`, [x, scaled], outputs[0]!) });
      rewritten++;
    }
    return { ...f, value: encodeMessage(edited) };
  });
  return { model: encodeMessage(out), rewritten, kept };
}
