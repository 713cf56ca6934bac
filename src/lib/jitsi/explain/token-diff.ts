// Claim-by-claim comparison of two tokens ("why does this one work and that one not?"). Owns the diff only:
// decoding is token-codec.ts, and judging either token is the checker's job.

import type { DecodedToken } from '../../jwt/token-codec';
import {
  isJsonObject,
  jsonEqual,
  jsonTypeOf,
  type JsonObject,
  type JsonTypeName,
  type JsonValue,
} from '../../jwt/json-types';

/** How a claim differs between token A and token B. */
export type ClaimChangeKind = 'added' | 'removed' | 'changed' | 'type-changed';

/** One difference, at a JSON path of object keys; `before`/`after` are undefined where the claim is absent. */
export interface ClaimChange {
  kind: ClaimChangeKind;
  path: readonly string[];
  before: JsonValue | undefined;
  after: JsonValue | undefined;
  beforeType: JsonTypeName | null;
  afterType: JsonTypeName | null;
}

/** A segment that could not be compared because one side does not decode to an object. */
export interface UncomparedSegment {
  side: 'a' | 'b';
  segment: 'header' | 'payload';
  message: string;
}

/** The differences between two decoded tokens. */
export interface TokenDiff {
  /** Header changes first, then payload; paths start with `header` or `payload`. */
  changes: ClaimChange[];
  uncompared: UncomparedSegment[];
  /** True when both signature segments are the same text. */
  isSignatureEqual: boolean;
}

// Deeper objects are compared as whole values, so a hostile token cannot exhaust the stack.
const MAX_DEPTH = 64;

/**
 * Compares two claim sets key by key, descending into objects (`context.user`) and comparing arrays as values.
 * Order: A's keys in A's order (nested changes in place), then keys only B has, in B's order.
 */
export function diffClaims(a: JsonObject, b: JsonObject, prefix: readonly string[] = []): ClaimChange[] {
  const changes: ClaimChange[] = [];
  diffInto(a, b, [...prefix], changes, 0);
  return changes;
}

function diffInto(a: JsonObject, b: JsonObject, path: string[], out: ClaimChange[], depth: number): void {
  // Object.hasOwn, not `in`: JSON.parse makes "__proto__" an own key, and inherited names are not claims.
  for (const key of Object.keys(a)) {
    const before = a[key] as JsonValue;
    const keyPath = [...path, key];
    if (!Object.hasOwn(b, key)) {
      out.push(change('removed', keyPath, before, undefined));
      continue;
    }
    const after = b[key] as JsonValue;
    const beforeType = jsonTypeOf(before);
    const afterType = jsonTypeOf(after);
    if (beforeType !== afterType) {
      out.push(change('type-changed', keyPath, before, after));
    } else if (isJsonObject(before) && isJsonObject(after) && depth < MAX_DEPTH) {
      diffInto(before, after, keyPath, out, depth + 1);
    } else if (!jsonEqual(before, after)) {
      out.push(change('changed', keyPath, before, after));
    }
  }
  for (const key of Object.keys(b)) {
    if (!Object.hasOwn(a, key)) out.push(change('added', [...path, key], undefined, b[key] as JsonValue));
  }
}

function change(
  kind: ClaimChangeKind,
  path: readonly string[],
  before: JsonValue | undefined,
  after: JsonValue | undefined,
): ClaimChange {
  return {
    kind,
    path,
    before,
    after,
    beforeType: before === undefined ? null : jsonTypeOf(before),
    afterType: after === undefined ? null : jsonTypeOf(after),
  };
}

/** Diffs the headers and payloads of two decoded tokens; a segment that does not decode on a side is reported. */
export function diffTokens(a: DecodedToken, b: DecodedToken): TokenDiff {
  const changes: ClaimChange[] = [];
  const uncompared: UncomparedSegment[] = [];
  for (const segment of ['header', 'payload'] as const) {
    const left = a[segment];
    const right = b[segment];
    if (!left.ok) uncompared.push({ side: 'a', segment, message: left.problem.message });
    if (!right.ok) uncompared.push({ side: 'b', segment, message: right.problem.message });
    if (left.ok && right.ok) changes.push(...diffClaims(left.value, right.value, [segment]));
  }
  return { changes, uncompared, isSignatureEqual: (a.segments[2] ?? '') === (b.segments[2] ?? '') };
}
