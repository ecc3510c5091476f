import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { buildOnnxModel, OnnxType } from './onnx-graph-builder.js';

describe('buildOnnxModel', () => {
  it('writes integer attributes, a negative one included, that onnxruntime reads as written', async () => {
    // Cast needs its `to`; TopK's axis −1 is an int64 written as two's complement (a plain varint of −1 would not load).
    const session = await ort.InferenceSession.create(
      buildOnnxModel({
        nodes: [
          { opType: 'Cast', inputs: ['x'], outputs: ['xf'], attributes: { to: OnnxType.FLOAT } },
          { opType: 'TopK', inputs: ['xf', 'k'], outputs: ['best', 'at'], attributes: { axis: -1 } },
        ],
        inputs: [
          { name: 'x', elemType: OnnxType.INT32, dims: [1, 'n'] },
          { name: 'k', elemType: OnnxType.INT64, dims: [1] },
        ],
        outputs: [
          { name: 'best', elemType: OnnxType.FLOAT, dims: [1, 'k'] },
          { name: 'at', elemType: OnnxType.INT64, dims: [1, 'k'] },
        ],
      }),
    );
    try {
      const out = await session.run({ x: new ort.Tensor('int32', Int32Array.of(3, -7, 12, 5), [1, 4]), k: new ort.Tensor('int64', BigInt64Array.of(2n), [1]) });
      expect([...(out.best!.data as Float32Array)]).toEqual([12, 5]);
      expect([...(out.at!.data as BigInt64Array)]).toEqual([2n, 3n]);
    } finally {
      await session.release();
    }
  });
});
