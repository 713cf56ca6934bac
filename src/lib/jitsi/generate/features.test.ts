// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../jwt/json-types';
import { isKnownFeature, KNOWN_FEATURES } from '../client/client-validate';
import { FEATURE_LIST, FEATURES_EXPLANATION, featureFindings, removeFeature, setFeature } from './features';

// jitsi-client-rules.md §4, in the client's order.
const CLIENT_NAMES = [
  'branding',
  'calendar',
  'create-polls',
  'file-upload',
  'flip',
  'inbound-call',
  'livestreaming',
  'live-translation',
  'lobby',
  'moderation',
  'outbound-call',
  'recording',
  'room',
  'screen-sharing',
  'send-groupchat',
  'send-private-message',
  'list-visitors',
  'sip-inbound-call',
  'sip-outbound-call',
  'transcription',
];
// jitsi-token-rules.md §7.
const SERVER_NAMES = [
  'recording',
  'livestreaming',
  'transcription',
  'sip-outbound-call',
  'sip-inbound-call',
  'create-polls',
  'send-groupchat',
  'file-upload',
  'flip',
  'list-visitors',
];

const withFeatures = (features: JsonValue): JsonObject => ({ context: { features } });

describe('FEATURE_LIST', () => {
  it("is the client's list, in its order, which already holds every server key", () => {
    expect(FEATURE_LIST.map((f) => f.key)).toEqual(CLIENT_NAMES);
    expect(FEATURE_LIST.map((f) => f.key)).toEqual([...KNOWN_FEATURES]);
    for (const name of SERVER_NAMES) expect(isKnownFeature(name)).toBe(true);
    expect(FEATURE_LIST.every((f) => f.description.length > 0)).toBe(true);
    expect(new Set(FEATURE_LIST.map((f) => f.description)).size).toBe(FEATURE_LIST.length);
  });

  it('is frozen, rows included', () => {
    expect(Object.isFrozen(FEATURE_LIST)).toBe(true);
    expect(FEATURE_LIST.every((f) => Object.isFrozen(f))).toBe(true);
  });

  it('explains that enableFeaturesBasedOnToken no longer exists', () => {
    expect(FEATURES_EXPLANATION).toContain('no enableFeaturesBasedOnToken');
    expect(FEATURES_EXPLANATION).toContain('stale comments');
  });
});

describe('setFeature / removeFeature', () => {
  it('writes a JSON boolean without touching the input', () => {
    const features = { flip: true };
    expect(setFeature(features, 'recording', true)).toEqual({ flip: true, recording: true });
    expect(setFeature(features, 'flip', false)).toEqual({ flip: false });
    expect(features).toEqual({ flip: true });
  });

  it('removes a key so the client default applies, without touching the input', () => {
    const features = { flip: true, recording: false };
    const next = removeFeature(features, 'flip');
    expect(next).toEqual({ recording: false });
    expect(Object.hasOwn(next, 'flip')).toBe(false);
    expect(features).toEqual({ flip: true, recording: false });
    expect(removeFeature(features, 'absent')).toEqual(features);
  });

  it('keeps a "__proto__" name as a plain key', () => {
    const next = setFeature({}, '__proto__', true);
    expect(Object.hasOwn(next, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
    expect(Object.hasOwn(removeFeature(next, '__proto__'), '__proto__')).toBe(false);
  });
});

describe('featureFindings', () => {
  it('is quiet for booleans on known names, and for a token without features', () => {
    expect(featureFindings(withFeatures({ recording: true, livestreaming: false }))).toEqual([]);
    expect(featureFindings({ context: { user: {} } })).toEqual([]);
    expect(featureFindings({})).toEqual([]);
  });

  it('warns about an unknown name with the client message and a suggestion', () => {
    const [finding, ...rest] = featureFindings(withFeatures({ sip_outbound_call: true }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'feature-unknown',
      severity: 'warning',
      path: ['payload', 'context', 'features', 'sip_outbound_call'],
    });
    expect(finding?.message).toContain(
      '"Invalid feature: sip_outbound_call, most likely not implemented yet."',
    );
    expect(finding?.hint).toContain('"sip-outbound-call"');
  });

  it.each([
    ['Recording', 'recording'],
    ['createPolls', 'create-polls'],
    ['my-feature', null],
  ])('suggests a fix for %s', (key, suggestion) => {
    const [finding] = featureFindings(withFeatures({ [key]: true }));
    if (suggestion) expect(finding?.hint).toContain(`"${suggestion}"`);
    else expect(finding?.hint).toContain('custom server plugin');
  });

  it.each(['true', 'false', 'TRUE', 'yes'])(
    'leaves the string %j to the prosody checker (feature-value-string)',
    (value) => {
      expect(featureFindings(withFeatures({ recording: value }))).toEqual([]);
    },
  );

  it.each([[null], [1], [0], [{}], [[false]], [['yes']]])('warns that %j counts as off', (value) => {
    const [finding] = featureFindings(withFeatures({ recording: value }));
    expect(finding).toMatchObject({ ruleId: 'feature-value-invalid', severity: 'warning' });
    expect(finding?.message).toContain('Both the client and prosody treat it as off');
    expect(finding?.message).toContain('"Invalid value for feature: recording."');
  });

  it.each([[[true]], [['true']], [[['true']]]])(
    'warns that the client reads %j as on while prosody does not',
    (value) => {
      const [finding] = featureFindings(withFeatures({ recording: value }));
      expect(finding).toMatchObject({ ruleId: 'feature-value-invalid', severity: 'warning' });
      expect(finding?.message).toContain('The web client reads it as on');
      expect(finding?.message).toContain('prosody treats it as off');
      expect(finding?.message).not.toContain('Both the client and prosody');
    },
  );

  it('does not throw on an object whose String() throws in the client', () => {
    const value = JSON.parse('{"toString": 1}') as JsonValue;
    const [finding] = featureFindings(withFeatures({ recording: value }));
    expect(finding?.message).toContain('Both the client and prosody treat it as off');
  });

  it.each([
    [null, 'treats null as no features'],
    ['recording', '"Invalid feature: 0"'],
    [['recording'], '"Invalid feature: 0"'],
    [true, 'finds no names'],
    [5, 'finds no names'],
  ])('warns when features is %j', (features, fragment) => {
    const findings = featureFindings(withFeatures(features));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'features-not-object',
      path: ['payload', 'context', 'features'],
    });
    expect(findings[0]?.message).toContain(fragment);
  });

  it('suggests an object that draws no finding itself, with the flags as strings', () => {
    const hint = featureFindings(withFeatures(5))[0]?.hint ?? '';
    const example = JSON.parse(/\{.*\}/.exec(hint)?.[0] ?? '{}') as JsonObject;
    expect(Object.values(example).every((v) => typeof v === 'string')).toBe(true);
    expect(featureFindings(withFeatures(example))).toEqual([]);
  });

  it('reports each key in order', () => {
    const ids = featureFindings(
      withFeatures({ a: true, recording: 'true', flip: 1, lobby: false, b: 'x', room: null }),
    ).map((f) => f.path?.at(-1));
    expect(ids).toEqual(['a', 'flip', 'b', 'room']);
  });
});
