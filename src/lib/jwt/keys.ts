// The names the prosody checker imports from here, until its split (issue 14, branch checker-release) lands and its
// new modules import public-key.ts and key-server.ts directly; then this file goes.

export { importPublicKeyPem, type KeyImportResult } from './public-key';
export { keyServerFileName } from './key-server';
