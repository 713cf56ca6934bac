// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../../jwt/json-types';
import { editedPaths, followTemplate } from './template-sync';

describe('followTemplate', () => {
  const oldT = { iss: 'a', room: 'r1', exp: 10, context: { user: { name: 'Ann' } } };
  const newT = { iss: 'b', room: 'r2', exp: 20, context: { user: { name: 'Bob' } } };

  it('moves untouched claims to the new template', () => {
    expect(followTemplate(oldT, oldT, newT)).toEqual(newT);
  });
  it('keeps claims the user edited and keys the user added', () => {
    const current = { ...oldT, room: 'mine', extra: true, context: { user: { name: 'Ann', email: 'x@y' } } };
    expect(followTemplate(current, oldT, newT)).toEqual({
      iss: 'b',
      room: 'mine',
      exp: 20,
      extra: true,
      context: { user: { name: 'Bob', email: 'x@y' } },
    });
  });
  it('does not resurrect a claim the user deleted, but adds a claim new to the template', () => {
    const { exp: _exp, ...withoutExp } = oldT;
    const result = followTemplate(withoutExp, oldT, { ...newT, nbf: 5 });
    expect('exp' in result).toBe(false);
    expect(result['nbf']).toBe(5);
  });
  it('drops an untouched claim that the new template no longer has', () => {
    const { iss: _iss, ...noIss } = newT;
    expect('iss' in followTemplate(oldT, oldT, noIss)).toBe(false);
  });
});

describe('editedPaths and jsonEqual', () => {
  it('lists leaves that differ, nested with dots', () => {
    expect(editedPaths({ a: 1, b: { c: 2, d: 3 } }, { a: 1, b: { c: 9 } })).toEqual(['b.c', 'b.d']);
  });
  it('compares structurally', () => {
    expect(jsonEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
});
