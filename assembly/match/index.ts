// Exports of assembly/match (filled in by its modules).
export const match_version: u32 = 1;
