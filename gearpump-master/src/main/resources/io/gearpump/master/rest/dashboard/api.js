// Calls the REST API (api/v1 of the server that served this page), answering JSON or throwing an
// ApiError with the API's message. With gearpump.cluster.secret set and reads not open, every call
// needs 'Authorization: Bearer TOKEN' (what `bin/gear token` prints): the token comes from ?token= in
// the page's address or from a prompt after a 401, and stays in this tab's sessionStorage.

const BASE = 'api/v1';
const KEY = 'gearpump.token';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let token = takeTokenFromAddress();
let declined = false; // the user cancelled the prompt: do not ask again on every poll

function takeTokenFromAddress() {
  const params = new URLSearchParams(location.search);
  if (params.has('token')) {
    sessionStorage.setItem(KEY, params.get('token'));
    // keep the token out of the address bar, the history and screenshots
    history.replaceState(null, '', location.pathname + location.hash);
  }
  return sessionStorage.getItem(KEY);
}

function askForToken(status) {
  if (declined) {
    return false;
  }
  const answer = prompt(status === 401 ? 'This cluster needs its API token (bin/gear token):'
    : 'The API token was refused; enter the right one (bin/gear token):');
  if (!answer) {
    declined = true;
    return false;
  }
  token = answer.trim();
  sessionStorage.setItem(KEY, token);
  return true;
}

/** The API's answer to METHOD PATH (e.g. 'GET', '/apps/1'). */
export async function call(method, path) {
  for (let attempt = 0; ; attempt++) {
    const sent = token;
    const response = await fetch(BASE + path, {
      method,
      headers: sent ? { Authorization: 'Bearer ' + sent } : {},
      cache: 'no-store',
    });
    if ((response.status === 401 || response.status === 403) && attempt === 0
        && (token !== sent || askForToken(response.status))) {
      continue; // another call already got a new token, or the user gave one
    }
    const body = await response.json().catch(() => ({ error: response.status + ' ' + response.statusText }));
    if (!response.ok) {
      throw new ApiError(response.status, body.error || response.statusText);
    }
    return body;
  }
}
