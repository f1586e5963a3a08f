// Report writers: text for people, JSON for programs, SARIF for code scanning, JUnit XML for CI.

export { renderText, toTerminalText, type TextOptions } from './text.js';
export { renderJson } from './json.js';
export {
  renderSarif,
  fingerprint,
  toArtifactLocation,
  FINGERPRINT_KEY,
  SARIF_LEVEL,
  SARIF_SCHEMA_URI,
  SARIF_VERSION,
  SECURITY_SEVERITY,
  SOURCE_ROOT_ID,
  type SarifLevel,
  type SarifOptions,
} from './sarif.js';
export { renderJunit } from './junit.js';
export { escapeXmlAttribute, escapeXmlText } from './xml.js';
export {
  countAtOrAbove,
  formatControls,
  controlTags,
  sortFindings,
  summarize,
  thresholdSeverity,
  PARSE_ERROR_SEVERITY,
  type ReportSummary,
} from './summary.js';
