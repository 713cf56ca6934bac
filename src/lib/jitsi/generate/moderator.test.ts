// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../jwt/json-types';
import { MODERATOR_PLACES, moderatorPlaces, type ModeratorEffectCode } from './moderator';
import { setModerator } from './moderator-claims';

const user = (fields: JsonObject): JsonObject => ({ context: { user: fields } });

describe('MODERATOR_PLACES', () => {
  it('is frozen and names the plugin each place needs', () => {
    expect(Object.isFrozen(MODERATOR_PLACES)).toBe(true);
    expect(Object.isFrozen(MODERATOR_PLACES['context-user-moderator'])).toBe(true);
    expect(MODERATOR_PLACES['top-level-moderator'].readBy).toContain(
      'Stock Jitsi and mod_token_affiliation ignore it',
    );
    expect(MODERATOR_PLACES['context-user-moderator'].needs).toContain('mod_token_affiliation');
    expect(MODERATOR_PLACES['context-user-affiliation'].needs).toContain(
      'mod_muc_allowners makes every participant owner',
    );
  });
});

describe('moderatorPlaces', () => {
  it.each<[string, JsonObject, ModeratorEffectCode]>([
    ['no claim', { sub: 'x' }, 'no-moderator-claim'],
    ['context.user.moderator true', user({ moderator: true }), 'moderator-with-token-affiliation'],
    ['context.user.moderator "true"', user({ moderator: 'true' }), 'moderator-with-token-affiliation'],
    ['affiliation owner', user({ affiliation: 'owner' }), 'moderator-with-token-affiliation'],
    ['affiliation moderator', user({ affiliation: 'moderator' }), 'moderator-with-token-affiliation'],
    ['affiliation teacher', user({ affiliation: 'teacher' }), 'moderator-with-token-affiliation'],
    [
      'moderator false, affiliation owner',
      user({ moderator: false, affiliation: 'owner' }),
      'moderator-with-token-affiliation',
    ],
    ['moderator false', user({ moderator: false }), 'member-with-token-affiliation'],
    ['affiliation member', user({ affiliation: 'member' }), 'member-with-token-affiliation'],
    ['moderator "True"', user({ moderator: 'True' }), 'unrecognised-value'],
    ['moderator 1', user({ moderator: 1 }), 'unrecognised-value'],
    ['affiliation "Owner"', user({ affiliation: 'Owner' }), 'unrecognised-value'],
    ['top-level true only', { moderator: true }, 'top-level-only'],
    ['top-level "true" only', { moderator: 'true' }, 'top-level-only'],
  ])('%s → %s', (_name, payload, code) => {
    expect(moderatorPlaces(payload).effect.code).toBe(code);
  });

  it('lists every place with its JSON type, effect and needs', () => {
    const report = moderatorPlaces({
      moderator: true,
      context: { user: { moderator: 'true', affiliation: 'owner' } },
    });
    expect(report.places.map((p) => [p.id, p.jsonType, p.isGranting])).toEqual([
      ['top-level-moderator', 'boolean', true],
      ['context-user-moderator', 'string', true],
      ['context-user-affiliation', 'string', true],
    ]);
    expect(report.places[0]?.effect).toBe(
      'No effect on stock Jitsi. Moderator only with the community token_moderation plugin.',
    );
    expect(report.places[1]?.effect).toBe(
      'Moderator (owner) with mod_token_affiliation; no effect without it.',
    );
    expect(report.places[1]?.needs).toBe(MODERATOR_PLACES['context-user-moderator'].needs);
    expect(report.effect.message).toContain('Moderator with mod_token_affiliation');
    expect(report.effect.message).toContain('top-level "moderator" claim is ignored');
  });

  it('explains that the top-level claim has no effect on stock Jitsi', () => {
    expect(moderatorPlaces({ moderator: true }).effect.message).toMatch(/^No effect on stock Jitsi/);
  });

  it('explains an unrecognised value', () => {
    const [place] = moderatorPlaces(user({ moderator: 'yes' })).places;
    expect(place).toMatchObject({ isGranting: false, isUnrecognised: true, jsonType: 'string' });
    expect(place?.effect).toContain('accepts only true or "true"');
  });

  it('ignores a context.user that is not an object', () => {
    expect(moderatorPlaces({ context: { user: 'bob' } }).places).toEqual([]);
  });

  it.each<[JsonValue, string]>([
    [null, 'null'],
    [[1], 'array'],
    [{}, 'object'],
    [1, 'number'],
    ['x', 'string'],
    [false, 'boolean'],
  ])('reports %j as a %s', (value, name) => {
    expect(moderatorPlaces(user({ moderator: value })).places[0]?.jsonType).toBe(name);
  });
});

describe('setModerator', () => {
  it('writes context.user.moderator as a JSON boolean by default, without touching the input', () => {
    const payload: JsonObject = { room: '*', context: { user: { name: 'Ann' }, group: 'g' } };
    const next = setModerator(payload, true);
    expect(next).toEqual({ room: '*', context: { user: { name: 'Ann', moderator: true }, group: 'g' } });
    expect(payload).toEqual({ room: '*', context: { user: { name: 'Ann' }, group: 'g' } });
    expect(moderatorPlaces(next).effect.code).toBe('moderator-with-token-affiliation');
  });

  it('writes the JaaS strings on request', () => {
    expect(setModerator({}, true, ['context-user-moderator'], { valueStyle: 'string' })).toEqual(
      user({ moderator: 'true' }),
    );
    expect(setModerator({}, false, ['context-user-moderator'], { valueStyle: 'string' })).toEqual(
      user({ moderator: 'false' }),
    );
  });

  it('keeps an existing string style when no style is asked for', () => {
    expect(setModerator(user({ moderator: 'true' }), false)).toEqual(user({ moderator: 'false' }));
  });

  it('writes every place asked for', () => {
    const next = setModerator({}, true, [
      'top-level-moderator',
      'context-user-moderator',
      'context-user-affiliation',
    ]);
    expect(next).toEqual({ moderator: true, context: { user: { moderator: true, affiliation: 'owner' } } });
  });

  it('brings places already present into line, so the token does not contradict itself', () => {
    const next = setModerator({ moderator: true, context: { user: { affiliation: 'owner' } } }, false);
    expect(next).toEqual({
      moderator: false,
      context: { user: { affiliation: 'member', moderator: false } },
    });
    expect(moderatorPlaces(next).effect.code).toBe('member-with-token-affiliation');
  });

  it('creates context and user when they are missing or not objects', () => {
    expect(setModerator({ context: 'x' }, true)).toEqual(user({ moderator: true }));
    expect(setModerator({ context: { user: null } }, true)).toEqual(user({ moderator: true }));
  });

  it('can write only the top level', () => {
    expect(setModerator({}, true, ['top-level-moderator'])).toEqual({ moderator: true });
  });
});
