/** API paths people paste by mistake: the SDK appends these itself. */
const ENDPOINT_SUFFIXES = ['/chat/completions', '/completions', '/responses', '/messages', '/embeddings', '/models'];

/** Hosted APIs whose root is known: a base URL there must carry this path. */
export const KNOWN_API_ROOTS: Readonly<Record<string, string>> = {
  'api.openai.com': '/v1',
  'api.anthropic.com': '/v1',
  'openrouter.ai': '/api/v1',
  'api.groq.com': '/openai/v1',
  'api.together.xyz': '/v1',
  'api.mistral.ai': '/v1',
  'api.fireworks.ai': '/inference/v1',
  'generativelanguage.googleapis.com': '/v1beta',
};

/**
 * What is wrong with a base URL, as a hint, or undefined when it looks right. Catches the usual
 * mistakes before any call is made: a doubled `/v1/v1`, a full endpoint URL instead of the API root, and
 * a known hosted API given without its version path (every call would then answer 404).
 */
export function baseUrlProblem(baseURL: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return undefined;
  }
  const path = url.pathname.replace(/\/+$/, '');
  const root = `${url.protocol}//${url.host}`;
  if (/\/v\d+(beta)?\/v\d+(beta)?(\/|$)/.test(`${path}/`)) {
    return `the path repeats the API version ("${path}"); use ${root}${path.replace(/(\/v\d+(?:beta)?)+/, '$1')}`;
  }
  const suffix = ENDPOINT_SUFFIXES.find((s) => path.endsWith(s));
  if (suffix || /:(generateContent|streamGenerateContent)$/.test(path)) {
    const apiRoot = suffix ? path.slice(0, -suffix.length) : path.replace(/\/models\/[^/]+:\w+$/, '');
    return `this is a full endpoint URL; give the API root instead, e.g. ${root}${apiRoot}`;
  }
  const expected = KNOWN_API_ROOTS[url.hostname];
  if (expected && path !== expected) return `${url.hostname} serves its API under ${expected}; use ${root}${expected}`;
  return undefined;
}
