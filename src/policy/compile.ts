// Compiles rules into one program. Every expression is parsed and checked
// once, and the same AST becomes both a JS closure (host-side and reference
// evaluation) and VM bytecode. Every `match` pattern joins one PatternSet.
// The result serves both evaluators, src/core/evaluate-wasm.ts and
// src/core/reference/evaluate.ts.

import { BulwarkError } from '../core/errors.js';
import { RULE_VARIABLES, type Expr } from './cel/ast.js';
import { validateExpression } from './cel/check.js';
import { compileClosure, type Program } from './cel/closure.js';
import { parseExpression } from './cel/parser.js';
import { ConstantPools, compileExpressionCode, writeProgramImage, type ExpressionCode, type ImageRule } from './bytecode/index.js';
import { compilePatterns, type PatternSet } from './pattern/compile.js';
import { PatternSyntaxError } from './pattern/errors.js';

export interface CompileInput {
  id: string;
  /** Path pattern; the rule runs once per matched node. */
  match: string;
  /** Expression that must hold for every matched node. */
  assert: string;
  /** Expression over the document (`self` = root) that decides whether the rule runs. */
  when?: string;
  /** A document where `match` finds nothing gets one `missing` row. */
  presenceRequired?: boolean;
  /** Declaration site of the rule, and where each expression starts in its file. */
  source?: { file: string; line: number; fields?: FieldPositions };
}

/** 1-based line and column where an expression field's text starts in the rule file. */
export type FieldPositions = Partial<Record<'assert' | 'when' | 'match', { line: number; column: number }>>;

export interface CompiledRule {
  id: string;
  /** Index in the program (the `rule` word of result rows). */
  index: number;
  match: string;
  /** Id of the match pattern in CompiledProgram.patterns. */
  patternId: number;
  assert: Program;
  when?: Program;
  presenceRequired: boolean;
  /** Whether the assert reads `path` (the reference evaluator formats it only then). */
  usesPath: boolean;
  /** Whether the `when` expression reads `path`. */
  whenUsesPath: boolean;
  source?: { file: string; line: number };
}

export interface CompiledProgram {
  rules: CompiledRule[];
  patterns: PatternSet;
  /** Program image for the WASM VM. */
  image: Uint8Array;
}

/** A `match` pattern of a rule is invalid. Code `ERR_RULE_MATCH`. */
export class RuleMatchError extends BulwarkError {
  readonly rule: string;
  readonly field = 'match';
  readonly column: number;

  constructor(rule: string, column: number, reason: string) {
    super('ERR_RULE_MATCH', `rule ${rule}, match column ${column}: ${reason}`);
    this.rule = rule;
    this.column = column;
  }
}

/**
 * Compiles `rules` in order (a rule's index is its position). Raises the
 * first error: CelSyntaxError or CelCompileError for an expression,
 * BytecodeCompileError for a construct the VM cannot run, or RuleMatchError
 * for a pattern. Each names the rule id, the field, the line and the column.
 */
export function compileRules(rules: readonly CompileInput[]): CompiledProgram {
  const pools = new ConstantPools();
  const patternIds = new Map<string, number>();
  const patternTexts: string[] = [];
  const compiled: CompiledRule[] = [];
  const imageRules: ImageRule[] = [];

  rules.forEach((input, index) => {
    let patternId = patternIds.get(input.match);
    if (patternId === undefined) {
      patternId = patternTexts.push(input.match) - 1;
      patternIds.set(input.match, patternId);
    }

    const assert = compileField(input, 'assert', input.assert, pools);
    const when = input.when === undefined || input.when.trim() === '' ? undefined : compileField(input, 'when', input.when, pools);

    compiled.push({
      id: input.id,
      index,
      match: input.match,
      patternId,
      assert: assert.program,
      when: when?.program,
      presenceRequired: input.presenceRequired === true,
      usesPath: assert.code.usesPath,
      whenUsesPath: when?.code.usesPath ?? false,
      source: input.source,
    });
    imageRules.push({ patternId, assert: assert.code, when: when?.code, presenceRequired: input.presenceRequired === true });
  });

  const patterns = compileRulePatterns(patternTexts, rules);
  return { rules: compiled, patterns, image: writeProgramImage(imageRules, patternTexts.length, pools) };
}

function compileField(input: CompileInput, field: 'assert' | 'when', text: string, pools: ConstantPools): { program: Program; code: ExpressionCode } {
  const position = input.source?.fields?.[field];
  const source = position ? { rule: input.id, field, line: position.line, column: position.column } : { rule: input.id, field };
  const ast: Expr = parseExpression(text, source);
  validateExpression(ast, RULE_VARIABLES, source);
  const program = compileClosure(ast);
  const code = compileExpressionCode(ast, pools, source);
  return { program, code };
}

/** Compiles all patterns at once; a syntax error names the first rule that uses the pattern. */
function compileRulePatterns(patterns: string[], rules: readonly CompileInput[]): PatternSet {
  try {
    return compilePatterns(patterns);
  } catch (error) {
    if (error instanceof PatternSyntaxError) {
      const rule = rules.find((r) => r.match === error.pattern);
      throw new RuleMatchError(rule?.id ?? '?', error.column, error.message);
    }
    throw error;
  }
}
