// Front door of the rule-language helper functions (Bulwark's CEL
// extensions): regular expressions for `matches`, version comparison, CIDR
// ranges and the conversions configs need. Each has a WASM twin in
// assembly/match/ with the same results; wasm.ts drives those from the host.

export {
  compileRegex,
  regexTest,
  regexTestPattern,
  regexTestUtf8,
  RegexProgramError,
  RegexSyntaxError,
  type RegexProgram,
} from '../regex/index.js';
export { versionCompare } from './version.js';
export { debianVersionCompare } from './debian-version.js';
export { rpmVersionCompare } from './rpm-version.js';
export { cidrContains, isPrivateIp, parseIpRange, rangeContains, type IpRange } from './cidr.js';
export { bytesSize, seconds, toBool, MAX_INT64 } from './convert.js';
export { FunctionArgumentError } from './errors.js';
export { WasmFunctions } from './wasm.js';
