// Exports of assembly/rules (filled in by its modules).
export const rules_version: u32 = 1;
