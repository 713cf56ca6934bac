// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../jwt/json-types';
import {
  FEATURES_EXPLANATION,
  featureFindings,
  isKnownFeature,
  KNOWN_FEATURE_KEYS,
  removeFeature,
  setFeature,
} from './features';

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

describe('KNOWN_FEATURE_KEYS', () => {
  it('is the union of the client list and the server keys, in the client order', () => {
    expect(KNOWN_FEATURE_KEYS.map((f) => f.key)).toEqual(CLIENT_NAMES);
    for (const name of SERVER_NAMES) expect(isKnownFeature(name)).toBe(true);
    expect(
      KNOWN_FEATURE_KEYS.filter((f) => f.isSeenOnServer)
        .map((f) => f.key)
        .sort(),
    ).toEqual([...SERVER_NAMES].sort());
    expect(KNOWN_FEATURE_KEYS.every((f) => f.isKnownToClient && f.description.length > 0)).toBe(true);
  });

  it('is frozen, rows included', () => {
    expect(Object.isFrozen(KNOWN_FEATURE_KEYS)).toBe(true);
    expect(KNOWN_FEATURE_KEYS.every((f) => Object.isFrozen(f))).toBe(true);
  });

  it('matches names exactly', () => {
    expect(isKnownFeature('Recording')).toBe(false);
    expect(isKnownFeature('sip_outbound_call')).toBe(false);
  });

  it('explains that enableFeaturesBasedOnToken no longer exists', () => {
    expect(FEATURES_EXPLANATION).toContain('no enableFeaturesBasedOnToken');
    expect(FEATURES_EXPLANATION).toContain('stale comments');
  });
});

describe('setFeature / removeFeature', () => {
  it('creates context and features and writes a JSON boolean, without touching the input', () => {
    const payload: JsonObject = { room: '*' };
    const next = setFeature(payload, 'recording', true);
    expect(next).toEqual({ room: '*', context: { features: { recording: true } } });
    expect(payload).toEqual({ room: '*' });
  });

  it('keeps the rest of context and replaces a string value with a boolean', () => {
    const payload: JsonObject = {
      context: { user: { name: 'A' }, features: { recording: 'true', flip: true } },
    };
    const next = setFeature(payload, 'recording', false);
    expect(next).toEqual({ context: { user: { name: 'A' }, features: { recording: false, flip: true } } });
    expect(payload['context']).toEqual({ user: { name: 'A' }, features: { recording: 'true', flip: true } });
  });

  it.each([null, 'on', ['x'], 3])('replaces a features value of %j with an object', (bad) => {
    expect(setFeature(withFeatures(bad), 'flip', true)).toEqual(withFeatures({ flip: true }));
  });

  it('replaces a context that is not an object', () => {
    expect(setFeature({ context: 'x' }, 'flip', false)).toEqual({ context: { features: { flip: false } } });
  });

  it('removes a key so the client default applies', () => {
    expect(removeFeature(withFeatures({ flip: true, recording: false }), 'flip')).toEqual(
      withFeatures({ recording: false }),
    );
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

  it.each(['true', 'false'])('notes that the string %j works but is fragile', (value) => {
    const [finding] = featureFindings(withFeatures({ recording: value }));
    expect(finding).toMatchObject({ ruleId: 'feature-value-string', severity: 'info' });
    expect(finding?.message).toContain('is_feature_allowed');
    expect(finding?.message).toContain('String(value)');
    expect(finding?.message).toContain('fragile');
  });

  it.each([[null], [1], [0], ['TRUE'], ['yes'], [{}], [[true]]])('warns that %j counts as off', (value) => {
    const [finding] = featureFindings(withFeatures({ recording: value }));
    expect(finding).toMatchObject({ ruleId: 'feature-value-invalid', severity: 'warning' });
    expect(finding?.message).toContain('treat it as off');
    expect(finding?.message).toContain('"Invalid value for feature: recording."');
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

  it('reports each key in order', () => {
    const ids = featureFindings(withFeatures({ a: true, recording: 'true', flip: 1, lobby: false })).map(
      (f) => f.ruleId,
    );
    expect(ids).toEqual(['feature-unknown', 'feature-value-string', 'feature-value-invalid']);
  });
});
