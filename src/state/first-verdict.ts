// The verdict a page opened on a token shows first, before the app (Svelte, the views, the editors) has arrived:
// the check CheckerState makes, from the same saved settings and by the same rules (./check-request.ts), run by
// the checker's core alone. main.ts fetches this module (with the core) at once, draws what it gives, then hands
// it to the app, whose first render holds the same result.
import type { CheckResult } from '../lib/jitsi/server/check-types';
import type { ReleaseLineId } from '../lib/jitsi/server/release-line-id';
import { restoreSettings, settingsRoomLink } from '../lib/jitsi/generate/claim-template';
import { readAppFragment } from '../lib/share/app-fragment';
import { readShareHash } from '../lib/share/share-link';
import {
  assumptionsOf,
  knownSettingsOf,
  meetingOf,
  restoreServerOptions,
  roomToCheck,
  settingsToCheck,
  tokenPart,
  typedSettings,
  unknownsOf,
} from './check-request';
import {
  assumeUnknownSettings,
  checkToken,
  classifyBoxText,
  readPastedInput,
  withoutUnknownSettings,
} from './checker-kit';
import { loadInitialState, loadTabSecret } from './persistence';

/** The first verdict: the text it was given for (the checker's input), the result and what it assumes. */
export interface FirstVerdict {
  input: string;
  result: CheckResult;
  assumptions: string[];
  release: ReleaseLineId;
}

/**
 * The first verdict for a page opened on `hash`, checked at `now`; null when there is nothing to check or when
 * the app must give it (a JaaS deployment, whose own rules come with the configuration reader).
 */
export async function firstVerdict(hash: string, now: number): Promise<FirstVerdict | null> {
  const opening = readAppFragment(hash);
  const saved = loadInitialState(readShareHash(hash));
  const input = opening.kind === 'check-text' ? opening.text : (saved.checkInput ?? '');
  if (input.trim() === '') return null;
  const settings = restoreSettings(saved.settings);
  if (settings.deployment === 'jaas') return null;
  const server = restoreServerOptions(saved.server);
  const secret = saved.rememberSecret === true ? loadTabSecret() : '';
  const typed = typedSettings(
    { settings, secret, secretIsToken: classifyBoxText(secret).kind === 'token' },
    server,
  );
  const reading = readPastedInput(input);
  const token = reading.token;
  const assumed = assumeUnknownSettings(
    knownSettingsOf(typed, settings, server, false),
    tokenPart(token, 0),
    tokenPart(token, 1),
  );
  const meeting = meetingOf(reading.link, '', settings, settingsRoomLink(settings));
  const checked = await checkToken({
    token,
    settings: settingsToCheck(typed, assumed),
    domain: meeting.domain,
    room: roomToCheck(meeting),
    tenant: meeting.tenant,
    now,
    release: server.release,
    publicKeys: {},
  });
  return {
    input,
    result: withoutUnknownSettings(checked, unknownsOf(assumed, meeting)),
    assumptions: assumptionsOf(assumed, meeting, false, settings),
    release: server.release,
  };
}
