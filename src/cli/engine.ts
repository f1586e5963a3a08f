// The library calls the CLI makes, behind one seam so tests can replace them.

import type * as NodeCheck from '../node/check.js';

// `streamCheck` is optional so that test engines which return a finished report still fit; the CLI streams when it is there.
export type CliEngine = Pick<typeof NodeCheck, 'runCheck' | 'runRuleTests' | 'loadRulePacks'> & Partial<Pick<typeof NodeCheck, 'streamCheck'>>;

/** Loads the check engine on first use, so `--help` and usage errors never load the WASM core. */
export async function loadEngine(): Promise<CliEngine> {
  return import('../node/check.js');
}
