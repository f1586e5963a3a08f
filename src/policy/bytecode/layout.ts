// Numbers of the rule program image and the predicate VM, mirrored from
// assembly/rules/layout.ts (which documents the image layout and the stack
// effect of every instruction). Keep both files in step: the differential
// tests run every program through the VM and the JS closures.

export const PROGRAM_MAGIC = 0x50525742;
export const PROGRAM_VERSION = 1;
export const HEADER_WORDS = 6;

export const Section = {
  Rules: 0,
  PatternIndex: 1,
  PatternRules: 2,
  Code: 3,
  StringIndex: 4,
  StringBytes: 5,
  Fields: 6,
  Doubles: 7,
  Ints: 8,
  RegexIndex: 9,
  RegexWords: 10,
  Literals: 11,
  LiteralItems: 12,
} as const;
export const SECTION_COUNT = 13;

export const RULE_WORDS = 8;
export const RuleFlag = { Presence: 1, HasWhen: 2 } as const;

export const LiteralKind = { List: 0, Map: 1 } as const;

export const ItemTag = {
  Null: 0,
  Bool: 1,
  Int: 2,
  Uint: 3,
  Double: 4,
  String: 5,
  Literal: 6,
} as const;

export const Op = {
  PushNull: 1,
  PushBool: 2,
  PushSmallInt: 3,
  PushInt: 4,
  PushUint: 5,
  PushDouble: 6,
  PushString: 7,
  PushLiteral: 8,
  LoadVar: 9,
  LoadSlot: 10,
  Select: 11,
  Has: 12,
  OptSelect: 13,
  Index: 14,
  OptIndex: 15,
  Jump: 16,
  AndLeft: 17,
  AndRight: 18,
  OrLeft: 19,
  OrRight: 20,
  Cond: 21,
  Not: 22,
  Neg: 23,
  Add: 24,
  Sub: 25,
  Mul: 26,
  Div: 27,
  Mod: 28,
  Eq: 29,
  Ne: 30,
  Lt: 31,
  Le: 32,
  Gt: 33,
  Ge: 34,
  In: 35,
  MakeList: 36,
  MakeMap: 37,
  Call: 38,
  Matches: 39,
  IterInit: 40,
  IterNext: 41,
  AccAnd: 42,
  AccOr: 43,
  AccCount: 44,
  AccOne: 45,
  FilterTest: 46,
  MapCheck: 47,
  IterCollect: 48,
  OrValueLeft: 49,
  OptOrLeft: 50,
  RequireOptional: 51,
} as const;

/** Instructions that carry a second word (a jump target). */
export const TWO_WORD_OPS: ReadonlySet<number> = new Set([Op.Cond, Op.IterInit, Op.IterNext, Op.FilterTest]);

export const Variable = { self: 0, root: 1, parent: 2, key: 3, path: 4, file: 5 } as const;

export const Fn = {
  Size: 0,
  Int: 1,
  Uint: 2,
  Double: 3,
  String: 4,
  Bool: 5,
  StartsWith: 6,
  EndsWith: 7,
  Contains: 8,
  LowerAscii: 9,
  UpperAscii: 10,
  Trim: 11,
  Split: 12,
  VersionCompare: 13,
  CidrContains: 14,
  IsPrivateIp: 15,
  ToBool: 16,
  Seconds: 17,
  BytesSize: 18,
  OrValue: 19,
  HasValue: 20,
  Value: 21,
  OptionalOf: 22,
  OptionalNone: 23,
  OptionalOfNonZero: 24,
  SplitLimit: 25,
  /** String equality that is an error for a non-string (a `^literal$` regex). */
  StringEquals: 26,
} as const;

/** Largest operand of an instruction word (24 bits). */
export const MAX_OPERAND = 0xffffff;
/** Comprehensions one expression may nest (the VM's iteration slots). */
export const MAX_SLOTS = 32;
