// Exit codes of every command.

/** Nothing at or above the failure threshold; every rule example behaved. */
export const EXIT_OK = 0;
/** Findings at or above the failure threshold, or a rule example that did not behave as declared. */
export const EXIT_FINDINGS = 1;
/** Usage or input error: unknown option, bad value, missing path, malformed rule pack, unwritable output. */
export const EXIT_USAGE = 2;
