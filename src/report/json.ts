// The report for programs: the CheckReport itself (src/check/finding.ts documents
// every field), as indented JSON. Fields are only ever added, so a reader that
// ignores unknown fields keeps working across releases.

import type { CheckReport } from '../check/finding.js';

/** Renders `report` as JSON, two-space indented, ending with a newline. */
export function renderJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
