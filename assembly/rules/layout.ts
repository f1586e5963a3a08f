// Numbers of the rule program image and of the predicate VM. The compiler in
// src/policy/bytecode/layout.ts writes the same numbers; keep both in step.
//
// Program image (little-endian u32 words unless noted):
//
//   word 0        PROGRAM_MAGIC ("BWRP")
//   word 1        PROGRAM_VERSION
//   word 2        image length in bytes
//   word 3        rule count
//   word 4        pattern count (ids of the PatternSet loaded beside it)
//   word 5        section count (SECTION_COUNT)
//   word 6..      section table: [byte offset, item count] per section
//
// Sections, in this order:
//
//   RULES           RULE_WORDS words per rule (fields RULE_*)
//   PATTERN_INDEX   per pattern: [first entry in PATTERN_RULES, entry count]
//   PATTERN_RULES   rule indexes, ascending within one pattern
//   CODE            instruction words; a rule's assert and when are ranges
//   STRING_INDEX    per string: [byte offset in STRING_BYTES, byte length]
//   STRING_BYTES    UTF-8 bytes
//   FIELDS          per field name: [string index, FNV-1a hash]
//   DOUBLES         f64 values, 8-byte aligned
//   INTS            i64 values (also uint64 bit patterns), 8-byte aligned
//   REGEX_INDEX     per regex: [first word in REGEX_WORDS, word count]
//   REGEX_WORDS     compiled regex programs
//   LITERALS        per literal list or map: [kind, item count, first item]
//   LITERAL_ITEMS   [tag, operand] per item; a map has key, value, key, ...
//
// An instruction word is `opcode | operand << 8` (operand: 24 bits). A few
// instructions take a second word (see OPCODE_WORDS in program.ts).

export const PROGRAM_MAGIC: u32 = 0x50525742;
export const PROGRAM_VERSION: u32 = 1;
export const HEADER_WORDS: u32 = 6;

export const SECTION_RULES: u32 = 0;
export const SECTION_PATTERN_INDEX: u32 = 1;
export const SECTION_PATTERN_RULES: u32 = 2;
export const SECTION_CODE: u32 = 3;
export const SECTION_STRING_INDEX: u32 = 4;
export const SECTION_STRING_BYTES: u32 = 5;
export const SECTION_FIELDS: u32 = 6;
export const SECTION_DOUBLES: u32 = 7;
export const SECTION_INTS: u32 = 8;
export const SECTION_REGEX_INDEX: u32 = 9;
export const SECTION_REGEX_WORDS: u32 = 10;
export const SECTION_LITERALS: u32 = 11;
export const SECTION_LITERAL_ITEMS: u32 = 12;
export const SECTION_COUNT: u32 = 13;

export const RULE_WORDS: u32 = 8;
export const RULE_PATTERN: u32 = 0;
export const RULE_ASSERT_START: u32 = 1;
export const RULE_ASSERT_LENGTH: u32 = 2;
export const RULE_WHEN_START: u32 = 3;
export const RULE_WHEN_LENGTH: u32 = 4;
export const RULE_FLAGS: u32 = 5;
export const RULE_ASSERT_SLOTS: u32 = 6;
export const RULE_WHEN_SLOTS: u32 = 7;

export const RULE_FLAG_PRESENCE: u32 = 1;
export const RULE_FLAG_HAS_WHEN: u32 = 2;

export const LITERAL_LIST: u32 = 0;
export const LITERAL_MAP: u32 = 1;

// Item tags of LITERAL_ITEMS; the operand is the value or a pool index.
export const ITEM_NULL: u32 = 0;
export const ITEM_BOOL: u32 = 1;
export const ITEM_INT: u32 = 2;
export const ITEM_UINT: u32 = 3;
export const ITEM_DOUBLE: u32 = 4;
export const ITEM_STRING: u32 = 5;
export const ITEM_LITERAL: u32 = 6;

// Opcodes. Stack effects are written `before -> after`.
export const OP_PUSH_NULL: u32 = 1;          // -> null
export const OP_PUSH_BOOL: u32 = 2;          // -> bool (operand 0/1)
export const OP_PUSH_SMALL_INT: u32 = 3;     // -> int (operand: signed 24 bits)
export const OP_PUSH_INT: u32 = 4;           // -> int (operand: INTS index)
export const OP_PUSH_UINT: u32 = 5;          // -> uint (operand: INTS index)
export const OP_PUSH_DOUBLE: u32 = 6;        // -> double (operand: DOUBLES index)
export const OP_PUSH_STRING: u32 = 7;        // -> string (operand: STRING index)
export const OP_PUSH_LITERAL: u32 = 8;       // -> list or map (operand: LITERALS index)
export const OP_LOAD_VAR: u32 = 9;           // -> variable (operand: VAR_*)
export const OP_LOAD_SLOT: u32 = 10;         // -> iteration variable (operand: slot)
export const OP_SELECT: u32 = 11;            // map -> value (operand: FIELDS index)
export const OP_HAS: u32 = 12;               // map -> bool (operand: FIELDS index)
export const OP_OPT_SELECT: u32 = 13;        // map -> optional (operand: FIELDS index)
export const OP_INDEX: u32 = 14;             // container, key -> value
export const OP_OPT_INDEX: u32 = 15;         // container, key -> optional
export const OP_JUMP: u32 = 16;              // operand: target
export const OP_AND_LEFT: u32 = 17;          // left -> left; jumps to operand when left is false
export const OP_AND_RIGHT: u32 = 18;         // left, right -> result
export const OP_OR_LEFT: u32 = 19;           // left -> left; jumps to operand when left is true
export const OP_OR_RIGHT: u32 = 20;          // left, right -> result
export const OP_COND: u32 = 21;              // cond -> ; operand: else target, word 2: end target
export const OP_NOT: u32 = 22;
export const OP_NEG: u32 = 23;
export const OP_ADD: u32 = 24;
export const OP_SUB: u32 = 25;
export const OP_MUL: u32 = 26;
export const OP_DIV: u32 = 27;
export const OP_MOD: u32 = 28;
export const OP_EQ: u32 = 29;
export const OP_NE: u32 = 30;
export const OP_LT: u32 = 31;
export const OP_LE: u32 = 32;
export const OP_GT: u32 = 33;
export const OP_GE: u32 = 34;
export const OP_IN: u32 = 35;
export const OP_MAKE_LIST: u32 = 36;         // n values -> list (operand: n)
export const OP_MAKE_MAP: u32 = 37;          // n key/value pairs -> map (operand: n)
export const OP_CALL: u32 = 38;              // args -> result (operand: FN_*)
export const OP_MATCHES: u32 = 39;           // string -> bool (operand: REGEX index)
export const OP_ITER_INIT: u32 = 40;         // range -> ; operand: iterator, word 2: exit target
export const OP_ITER_NEXT: u32 = 41;         // operand: iterator, word 2: done target
export const OP_ACC_AND: u32 = 42;           // acc, p -> acc; operand: exit target
export const OP_ACC_OR: u32 = 43;            // acc, p -> acc; operand: exit target
export const OP_ACC_COUNT: u32 = 44;         // acc, p -> acc; operand: exit target
export const OP_ACC_ONE: u32 = 45;           // count -> count == 1
export const OP_FILTER_TEST: u32 = 46;       // p -> ; operand: iterator, word 2: loop target
export const OP_MAP_CHECK: u32 = 47;         // value -> value; operand: iterator
export const OP_ITER_COLLECT: u32 = 48;      // values since ITER_INIT -> list; operand: iterator
export const OP_OR_VALUE_LEFT: u32 = 49;     // optional -> value; jumps to operand unless it is none
export const OP_OPT_OR_LEFT: u32 = 50;       // optional -> optional; jumps to operand unless it is none
export const OP_REQUIRE_OPTIONAL: u32 = 51;  // value -> value, or an error when it is not an optional
export const OPCODE_LIMIT: u32 = 52;

// Variables of OP_LOAD_VAR.
export const VAR_SELF: u32 = 0;
export const VAR_ROOT: u32 = 1;
export const VAR_PARENT: u32 = 2;
export const VAR_KEY: u32 = 3;
export const VAR_PATH: u32 = 4;
export const VAR_FILE: u32 = 5;
export const VAR_LIMIT: u32 = 6;

// Functions of OP_CALL; a method's receiver is its first argument.
export const FN_SIZE: u32 = 0;
export const FN_INT: u32 = 1;
export const FN_UINT: u32 = 2;
export const FN_DOUBLE: u32 = 3;
export const FN_STRING: u32 = 4;
export const FN_BOOL: u32 = 5;
export const FN_STARTS_WITH: u32 = 6;
export const FN_ENDS_WITH: u32 = 7;
export const FN_CONTAINS: u32 = 8;
export const FN_LOWER_ASCII: u32 = 9;
export const FN_UPPER_ASCII: u32 = 10;
export const FN_TRIM: u32 = 11;
export const FN_SPLIT: u32 = 12;
export const FN_VERSION_COMPARE: u32 = 13;
export const FN_CIDR_CONTAINS: u32 = 14;
export const FN_IS_PRIVATE_IP: u32 = 15;
export const FN_TO_BOOL: u32 = 16;
export const FN_SECONDS: u32 = 17;
export const FN_BYTES_SIZE: u32 = 18;
export const FN_OR_VALUE: u32 = 19;
export const FN_HAS_VALUE: u32 = 20;
export const FN_VALUE: u32 = 21;
export const FN_OPTIONAL_OF: u32 = 22;
export const FN_OPTIONAL_NONE: u32 = 23;
export const FN_OPTIONAL_OF_NON_ZERO: u32 = 24;
export const FN_SPLIT_LIMIT: u32 = 25;
/** String equality that is an error for a non-string receiver (a `^literal$` regex). */
export const FN_STRING_EQUALS: u32 = 26;
export const FN_LIMIT: u32 = 27;

/** Argument count of each FN_*, receiver included. */
export function functionArity(fn: u32): u32 {
  switch (fn) {
    case FN_STARTS_WITH:
    case FN_ENDS_WITH:
    case FN_CONTAINS:
    case FN_STRING_EQUALS:
    case FN_SPLIT:
    case FN_VERSION_COMPARE:
    case FN_CIDR_CONTAINS:
    case FN_OR_VALUE:
      return 2;
    case FN_SPLIT_LIMIT:
      return 3;
    case FN_OPTIONAL_NONE:
      return 0;
    default:
      return 1;
  }
}

// Outcomes of one evaluation (the `outcome` word of a result row).
export const OUTCOME_PASS: u32 = 0;
export const OUTCOME_FAIL: u32 = 1;
export const OUTCOME_ERROR: u32 = 2;
export const OUTCOME_MISSING: u32 = 3;

// Error details (the `detail` word of an error row); CEL errors first, then
// VM limits. src/policy/bytecode/outcome.ts names them for the host; the
// CEL codes map one to one to the closure back end's CelErrorCode.
export const EVAL_NO_SUCH_KEY: u32 = 1;
export const EVAL_NO_MATCHING_OVERLOAD: u32 = 2;
export const EVAL_DIVIDE_BY_ZERO: u32 = 3;
export const EVAL_OVERFLOW: u32 = 4;
export const EVAL_INDEX_OUT_OF_RANGE: u32 = 5;
export const EVAL_INVALID_ARGUMENT: u32 = 6;
export const EVAL_NOT_BOOL: u32 = 7;
export const EVAL_DUPLICATE_KEY: u32 = 9;
export const EVAL_UNBOUND_VARIABLE: u32 = 10;
export const EVAL_INTERNAL: u32 = 11;
export const EVAL_STACK_LIMIT: u32 = 20;
export const EVAL_STEP_LIMIT: u32 = 21;
export const EVAL_SCRATCH_LIMIT: u32 = 22;
export const EVAL_BAD_PROGRAM: u32 = 23;
