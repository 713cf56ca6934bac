// What the web client knows of JaaS (8x8): the tenant prefix that marks a JaaS meeting and the fixed aud/iss it
// requires of a JaaS token. The jaas/ rules import these from here so the two never drift apart.

/** The prefix of the first path segment that makes a meeting a JaaS (8x8) meeting; every JaaS AppID starts with it. */
export const JAAS_TENANT_PREFIX = 'vpaas-magic-cookie-';
/** The `aud` the web client requires of a JaaS token, and JaaS documents as hard-coded (S1:149-173). */
export const JAAS_AUDIENCE = 'jitsi';
/** The `iss` the web client requires of a JaaS token, and JaaS documents as hard-coded (S1:149-173). */
export const JAAS_ISSUER = 'chat';
