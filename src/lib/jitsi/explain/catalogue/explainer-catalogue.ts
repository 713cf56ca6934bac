// The explainer's whole catalogue, in the order the tables are searched: server stages first, then the client's
// texts, then the catch-alls. A data table assembled from one module per stage.

import type { CatalogueEntry } from './catalogue-entry';
import { CLIENT_MESSAGES } from './client-messages';
import { GENERIC_MESSAGES } from './generic-messages';
import { PROSODY_AUTH_MESSAGES } from './prosody-auth-messages';
import { PROSODY_MUC_MESSAGES } from './prosody-muc-messages';
import { PROSODY_SERVER_MESSAGES } from './prosody-server-messages';
import { PROSODY_SETUP_MESSAGES } from './prosody-setup-messages';

/**
 * Every message the explainer recognises: prosody's reasons and errors (rules §9, old wordings, §11, §12), the
 * prosody log lines around them, and the web client's texts (client rules §2-§3).
 */
export const EXPLAINER_CATALOGUE: readonly CatalogueEntry[] = Object.freeze([
  ...PROSODY_AUTH_MESSAGES,
  ...PROSODY_MUC_MESSAGES,
  ...PROSODY_SETUP_MESSAGES,
  ...PROSODY_SERVER_MESSAGES,
  ...CLIENT_MESSAGES,
  ...GENERIC_MESSAGES,
]);
