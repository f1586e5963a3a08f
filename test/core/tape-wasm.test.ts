import { describe, expect, it } from 'vitest';

import { NodeKind } from '../../src/core/abi.js';
import { LimitError } from '../../src/core/errors.js';
import { viewCoreTape } from '../../src/core/flatten.js';
import { TapeBuilder } from '../../src/core/tape.js';
import { loadTapeIntoCore } from '../../src/core/tape-wasm.js';
import { createCore } from '../../src/node/wasm.js';

function tapeOf(strings: string[]) {
  const builder = new TapeBuilder(new Uint8Array(0));
  builder.open(NodeKind.Object, undefined, 1, 1);
  strings.forEach((text, i) => builder.scalar(NodeKind.String, `k${i}`, text, i + 1, 1));
  builder.close();
  return builder.finish();
}

describe('loadTapeIntoCore', () => {
  it('copies a host table into the core', async () => {
    const core = await createCore();
    const tape = tapeOf(['a', 'b']);
    loadTapeIntoCore(core, tape);
    expect(viewCoreTape(core).toValue()).toEqual({ k0: 'a', k1: 'b' });
  });

  it('accepts buffers larger than the input limit', async () => {
    // A host-built buffer contains decoded strings beside the source, so it may
    // exceed the limit that the source itself passed.
    const core = await createCore({ maxInputBytes: 64 });
    const tape = tapeOf(['x'.repeat(100)]);
    loadTapeIntoCore(core, tape);
    expect(viewCoreTape(core).toValue()).toEqual({ k0: 'x'.repeat(100) });
    expect(core.exports.input_check(65)).not.toBe(0);
  });

  it('rejects tables over the node limit', async () => {
    const core = await createCore({ maxNodes: 2 });
    expect(() => loadTapeIntoCore(core, tapeOf(['a', 'b', 'c']))).toThrow(LimitError);
    expect(() => loadTapeIntoCore(core, tapeOf(['a', 'b', 'c']))).toThrow(/over the 2-row limit; raise it with --max-nodes/);
  });
});
