// Exports of assembly/flatten (filled in by its modules).
export const flatten_version: u32 = 1;
