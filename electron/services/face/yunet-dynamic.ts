import { decodeMessage, encodeMessage, stringOf, type Field } from './onnx-protobuf.js';

/**
 * YuNet-s at the frame's own aspect ratio. The shipped file (face_detection_yunet_2023mar.onnx,
 * byte-identical to OpenCV Zoo's, sha256-checked at load) declares a fixed 1×3×640×640 input, so a
 * 640×480 frame paid for a 640×640 tensor with a zero band (about 2.3 ms of the frame on this
 * machine). This edits, in memory and after the sha256 check, only the graph's declared shapes:
 *   - input `input` [1,3,640,640] → [1,3,"height","width"];
 *   - the 12 outputs [1,N,k] → [1,"cells_<stride>",k];
 *   - the graph's value_info (intermediate shapes inferred at export for 640×640) is dropped;
 *     onnxruntime infers them again for each input size.
 * No weight and no node changes. It is valid because every shape-dependent node of this graph is
 * size-agnostic: both Resize nodes use scales [1,1,2,2] (not sizes) and the 12 Reshapes use
 * [1,-1,k] (checked by `assertSizeAgnostic`, and by the golden tests: at 640×640 the outputs equal
 * the fixed graph's exactly). H and W must be multiples of 32 (native-models/yunet/MODEL.md).
 */
const GRAPH = 7, GRAPH_INPUT = 11, GRAPH_OUTPUT = 12, GRAPH_VALUE_INFO = 13;
const VI_TYPE = 2, TYPE_TENSOR = 1, TENSOR_SHAPE = 2, SHAPE_DIM = 1, DIM_PARAM = 2;

/** Replaces a ValueInfoProto's shape dims: `names[i]` makes dim i symbolic, undefined keeps it. */
function withSymbolicDims(valueInfo: Buffer, names: ReadonlyArray<string | undefined>): Buffer {
  const vi = decodeMessage(valueInfo);
  return encodeMessage(
    vi.map((f) => {
      if (f.field !== VI_TYPE) return f;
      const type = decodeMessage(f.value as Buffer).map((t) => {
        if (t.field !== TYPE_TENSOR) return t;
        const tensor = decodeMessage(t.value as Buffer).map((s) => {
          if (s.field !== TENSOR_SHAPE) return s;
          let i = 0;
          const shape = decodeMessage(s.value as Buffer).map((d) => {
            if (d.field !== SHAPE_DIM) return d;
            const name = names[i++];
            return name === undefined ? d : { ...d, value: encodeMessage([{ field: DIM_PARAM, wire: 2, value: Buffer.from(name, 'utf8') }]) };
          });
          return { ...s, value: encodeMessage(shape) };
        });
        return { ...t, value: encodeMessage(tensor) };
      });
      return { ...f, value: encodeMessage(type) };
    }),
  );
}

export function makeDynamicYunet(fixed: Uint8Array): Uint8Array {
  assertSizeAgnostic(fixed);
  const model = decodeMessage(Buffer.from(fixed.buffer, fixed.byteOffset, fixed.byteLength));
  const out: Field[] = model.map((f) => {
    if (f.field !== GRAPH) return f;
    const graph = decodeMessage(f.value as Buffer)
      .filter((g) => g.field !== GRAPH_VALUE_INFO)
      .map((g) => {
        if (g.field === GRAPH_INPUT) {
          const name = stringOf(decodeMessage(g.value as Buffer), 1);
          if (name !== 'input') return g; // (initialisers listed as inputs by old exporters: none here)
          return { ...g, value: withSymbolicDims(g.value as Buffer, [undefined, undefined, 'height', 'width']) };
        }
        if (g.field === GRAPH_OUTPUT) {
          const name = stringOf(decodeMessage(g.value as Buffer), 1) ?? '';
          const stride = /_(\d+)$/.exec(name)?.[1];
          if (!stride) throw new Error(`unexpected output ${name}`);
          return { ...g, value: withSymbolicDims(g.value as Buffer, [undefined, `cells_${stride}`, undefined]) };
        }
        return g;
      });
    return { ...f, value: encodeMessage(graph) };
  });
  return encodeMessage(out);
}


const NODE = 1, NODE_INPUT = 1, NODE_OP = 4, INITIALIZER = 5, TENSOR_DIMS = 1, TENSOR_NAME = 8, TENSOR_RAW = 9;

/**
 * Refuses a detector graph whose shape-dependent nodes would not follow a new input size: every
 * Reshape must take a constant [1,-1,k] and every Resize must scale (no `sizes` input).
 */
export function assertSizeAgnostic(model: Uint8Array): void {
  const graph = decodeMessage(decodeMessage(Buffer.from(model.buffer, model.byteOffset, model.byteLength)).find((f) => f.field === GRAPH)!.value as Buffer);
  const initialisers = new Map<string, Field[]>();
  for (const f of graph) {
    if (f.field !== INITIALIZER) continue;
    const t = decodeMessage(f.value as Buffer);
    initialisers.set(stringOf(t, TENSOR_NAME) ?? '', t);
  }
  for (const f of graph) {
    if (f.field !== NODE) continue;
    const node = decodeMessage(f.value as Buffer);
    const op = stringOf(node, NODE_OP);
    const inputs = node.filter((x) => x.field === NODE_INPUT).map((x) => (x.value as Buffer).toString('utf8'));
    if (op === 'Resize' && inputs.length > 3 && inputs[3] !== '') throw new Error('YuNet graph: a Resize node has fixed output sizes');
    if (op === 'Reshape') {
      const shape = initialisers.get(inputs[1] ?? '');
      const raw = shape?.find((x) => x.field === TENSOR_RAW)?.value as Buffer | undefined;
      const dims = shape?.filter((x) => x.field === TENSOR_DIMS).map((x) => Number(x.value));
      const values = raw && dims?.[0] === 3 ? [raw.readBigInt64LE(0), raw.readBigInt64LE(8), raw.readBigInt64LE(16)] : null;
      if (!values || values[0] !== 1n || values[1] !== -1n) throw new Error(`YuNet graph: Reshape to ${inputs[1]} is not [1,-1,k]`);
    }
  }
}
