// The least a page can do to give a verdict on `#token=<jwt>`: decode the payload, compare `exp` with now.
const status = document.querySelector('[data-testid=verdict]');
const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
let text = 'Refused: not a token';
try {
  const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  text =
    typeof payload.exp === 'number' && payload.exp <= Date.now() / 1000 ? 'Refused: expired' : 'Accepted';
} catch {
  // Not three base64url parts with a JSON payload: the default text says so.
}
status.dataset.state = text === 'Accepted' ? 'ok' : 'refused';
status.textContent = text;
