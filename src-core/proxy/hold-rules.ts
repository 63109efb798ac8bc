/**
 * Breakpoints for frames: a rule names what to stop (command, destination, a header, text in the
 * body) and which way; every condition it sets must hold. A frame that matches an enabled rule
 * waits in the hold until the user forwards, edits or drops it (see relay-lane.ts).
 */
import { getHeader, type Frame } from '../protocol/frame';
import { compilePattern, PatternError, type TextPattern } from './text-pattern';
import { inScope, type Direction, type DirectionScope } from './proxy-types';

export interface HoldRule {
  readonly id: string;
  readonly enabled?: boolean;
  /** Default both. */
  readonly direction?: DirectionScope;
  /** Commands, exact and upper-case (`SEND`, `MESSAGE`); any when absent or empty. */
  readonly commands?: readonly string[];
  /** The `destination` header: exact, `*` wildcards, or `re:regex`. */
  readonly destination?: string;
  /** A header that must be present; with `value`, matching it (exact, `*`, or `re:`). */
  readonly header?: { readonly name: string; readonly value?: string };
  /** Text the body must contain (`re:regex` for a regular expression). */
  readonly text?: string;
}

export interface CompiledRule {
  readonly rule: HoldRule;
  matches(direction: Direction, frame: Frame): boolean;
}

export class HoldRuleError extends Error {
  constructor(
    readonly ruleId: string,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'HoldRuleError';
  }
}

/** Checks and compiles rules; the first bad one throws a HoldRuleError naming the rule and field. */
export function compileHoldRules(rules: readonly HoldRule[]): CompiledRule[] {
  const ids = new Set<string>();
  return rules.map((rule) => {
    if (ids.has(rule.id)) throw new HoldRuleError(rule.id, 'id', `two hold rules have the id ${JSON.stringify(rule.id)}`);
    ids.add(rule.id);
    return compileRule(rule);
  });
}

function compileRule(rule: HoldRule): CompiledRule {
  const pattern = (field: string, source: string | undefined, kind: 'exact' | 'contains'): TextPattern | null => {
    if (source === undefined || source === '') return null;
    try {
      return compilePattern(source, kind);
    } catch (error) {
      if (error instanceof PatternError) throw new HoldRuleError(rule.id, field, `hold rule ${rule.id}: ${field}: ${error.message}`);
      throw error;
    }
  };
  const commands = rule.commands && rule.commands.length > 0 ? new Set(rule.commands.map((c) => c.trim().toUpperCase())) : null;
  const destination = pattern('destination', rule.destination, 'exact');
  const headerName = rule.header?.name.trim();
  if (rule.header && !headerName) throw new HoldRuleError(rule.id, 'header', `hold rule ${rule.id}: a header condition needs a header name`);
  const headerValue = pattern('header', rule.header?.value, 'exact');
  const text = pattern('text', rule.text, 'contains');
  const enabled = rule.enabled !== false;
  return {
    rule,
    matches(direction, frame) {
      if (!enabled || !inScope(rule.direction, direction)) return false;
      if (commands && !commands.has(frame.command)) return false;
      if (destination) {
        const value = getHeader(frame, 'destination');
        if (value === undefined || !destination.matches(value)) return false;
      }
      if (headerName) {
        const value = getHeader(frame, headerName);
        if (value === undefined || (headerValue && !headerValue.matches(value))) return false;
      }
      // A body that arrived in pieces is joined here, once (a match may straddle two pieces).
      if (text && !text.matchesBytes(frame.body)) return false;
      return true;
    },
  };
}

/** The first enabled rule a frame matches, or null. */
export function firstMatch(rules: readonly CompiledRule[], direction: Direction, frame: Frame): HoldRule | null {
  for (const compiled of rules) if (compiled.matches(direction, frame)) return compiled.rule;
  return null;
}
