/**
 * Builds tiny ONNX graphs in memory (a few protobuf fields written by hand), so the 1:N search
 * can run its coarse pass (int8 products, row scales, TopK) inside onnxruntime's optimised kernels
 * instead of a JavaScript loop. No weights are involved: every operand is a graph input.
 */

type Bytes = number[];

function varint(value: number | bigint, out: Bytes): void {
  let v = BigInt.asUintN(64, BigInt(value)); // int64 fields: negatives as two's complement
  while (v >= 0x80n) {
    out.push(Number((v & 0x7fn) | 0x80n));
    v >>= 7n;
  }
  out.push(Number(v));
}

function key(field: number, wireType: number, out: Bytes): void {
  varint((field << 3) | wireType, out);
}

function intField(field: number, value: number, out: Bytes): void {
  key(field, 0, out);
  varint(value, out);
}

function bytesField(field: number, payload: Bytes | Uint8Array, out: Bytes): void {
  key(field, 2, out);
  varint(payload.length, out);
  for (const b of payload) out.push(b);
}

function stringField(field: number, value: string, out: Bytes): void {
  bytesField(field, [...Buffer.from(value, 'utf8')], out);
}

/** ONNX TensorProto.DataType values used here. */
export const OnnxType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;

export interface ValueSpec {
  name: string;
  elemType: number;
  /** A number is a fixed dimension; a string is a symbolic (dynamic) one. */
  dims: Array<number | string>;
}

export interface NodeSpec {
  opType: string;
  inputs: string[];
  outputs: string[];
  /** Integer attributes (Cast's `to`, TopK's `axis`, …). */
  attributes?: Record<string, number>;
}

const ATTRIBUTE_TYPE_INT = 2;

function intAttribute(name: string, value: number): Bytes {
  const out: Bytes = [];
  stringField(1, name, out);
  intField(20, ATTRIBUTE_TYPE_INT, out);
  intField(3, value, out);
  return out;
}

function valueInfo(spec: ValueSpec): Bytes {
  const shape: Bytes = [];
  for (const d of spec.dims) {
    const dim: Bytes = [];
    if (typeof d === 'number') intField(1, d, dim);
    else stringField(2, d, dim);
    bytesField(1, dim, shape);
  }
  const tensor: Bytes = [];
  intField(1, spec.elemType, tensor);
  bytesField(2, shape, tensor);
  const type: Bytes = [];
  bytesField(1, tensor, type);
  const out: Bytes = [];
  stringField(1, spec.name, out);
  bytesField(2, type, out);
  return out;
}

export function buildOnnxModel(options: { nodes: NodeSpec[]; inputs: ValueSpec[]; outputs: ValueSpec[]; opset?: number }): Uint8Array {
  const graph: Bytes = [];
  options.nodes.forEach((n, i) => {
    const node: Bytes = [];
    for (const input of n.inputs) stringField(1, input, node);
    for (const output of n.outputs) stringField(2, output, node);
    stringField(3, `${n.opType.toLowerCase()}_${i}`, node);
    stringField(4, n.opType, node);
    for (const [name, value] of Object.entries(n.attributes ?? {})) bytesField(5, intAttribute(name, value), node);
    bytesField(1, node, graph);
  });
  stringField(2, 'member_kiosk_graph', graph);
  for (const input of options.inputs) bytesField(11, valueInfo(input), graph);
  for (const output of options.outputs) bytesField(12, valueInfo(output), graph);

  const opset: Bytes = [];
  stringField(1, '', opset);
  intField(2, options.opset ?? 13, opset);

  const model: Bytes = [];
  intField(1, 7, model); // ir_version 7 (ONNX 1.8), accepted by every ORT 1.x
  stringField(2, 'member-kiosk', model);
  bytesField(7, graph, model);
  bytesField(8, opset, model);
  return Uint8Array.from(model);
}
