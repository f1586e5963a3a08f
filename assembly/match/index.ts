// Exports of assembly/match (filled in by its modules).
export const match_version: u32 = 1;
export {
  patterns_reserve, patterns_load, patterns_match,
  pattern_matches_ptr, pattern_matches_count, pattern_count, set_max_pattern_matches,
} from "./pattern";
// Helper functions of the rule language (regex, versions, CIDR, conversions),
// exported under host names for the differential tests; the rule VM imports
// the *At functions from their modules.
export { regexTestAt as regex_test } from "./regex";
export {
  versionCompareAt as version_compare,
  debianVersionCompareAt as debian_version_compare,
  rpmVersionCompareAt as rpm_version_compare,
} from "./version";
export { cidrContainsAt as cidr_contains, isPrivateIpAt as is_private_ip } from "./cidr";
export { toBoolAt as to_bool, secondsAt as parse_seconds, bytesSizeAt as parse_bytes_size } from "./convert";
