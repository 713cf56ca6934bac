// Whether the first screen is done: false until it (and the verdict of a token the page opened on) is painted and
// the page is idle (./startup.ts). The parts a first look does not need (the key and configuration fields, the
// decoded token and findings, the tools) render once it is true, so the first frames hold the verdict sooner.
import { afterFirstScreen } from './startup';

export const firstScreen = $state({ isSettled: false });

void afterFirstScreen().then(() => {
  firstScreen.isSettled = true;
});
