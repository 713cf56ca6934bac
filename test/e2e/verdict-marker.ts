// The "verdict on screen" marker that the browser tests and scripts/bench.mjs wait for, and that the bench's
// reference page (bench/reference/) renders too: the `role="status"` element with `data-testid="verdict"`, inside
// (or itself) an element whose `data-state` is `ok` or `refused`, holding text.

/** True when the page shows a verdict. Runs in the page (pass it to `waitForFunction` or inline its source). */
export function verdictShown(): boolean {
  const status = document.querySelector('[role=status][data-testid=verdict]');
  const state = status?.closest('[data-state]')?.getAttribute('data-state');
  return (state === 'ok' || state === 'refused') && (status?.textContent ?? '').trim() !== '';
}
