// The library calls the CLI makes, behind one seam so tests can replace them.

import type * as NodeCheck from '../node/check.js';

export type CliEngine = Pick<typeof NodeCheck, 'runCheck' | 'runRuleTests' | 'loadRulePacks'>;

/** Loads the check engine on first use, so `--help` and usage errors never load the WASM core. */
export async function loadEngine(): Promise<CliEngine> {
  return import('../node/check.js');
}
