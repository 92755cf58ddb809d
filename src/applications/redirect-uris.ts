// Redirect URI rules (RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §2.1) and plain web URL checks, applied on every write.
import { ApiError, type FieldError } from '../errors/api-error.js';

export const MAX_REDIRECT_URIS = 10;
export const MAX_URL_LENGTH = 2048;

/** Loopback hosts where plain http is allowed (RFC 8252 §7.3; `localhost` as most providers accept it). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** A private-use scheme is a reverse domain name such as `com.example.app` (RFC 8252 §7.1). */
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/i;

/** Rules every URL shares: bounded length, no whitespace or control characters, no wildcard, no fragment. */
function commonProblem(uri: string): string | null {
  if (uri.length === 0) return 'must not be empty';
  if (uri.length > MAX_URL_LENGTH) return `must be at most ${MAX_URL_LENGTH} characters`;
  if (/[\s\x00-\x1f\x7f]/.test(uri)) return 'must not contain whitespace or control characters';
  if (uri.includes('*')) return 'must not contain a wildcard (*)';
  if (uri.includes('#')) return 'must not contain a fragment (#)';
  return null;
}

function parse(uri: string): URL | null {
  try {
    return new URL(uri);
  } catch {
    return null;
  }
}

/** Why a redirect URI is refused, or null when it is acceptable. */
export function redirectUriProblem(uri: string): string | null {
  const common = commonProblem(uri);
  if (common) return common;
  const url = parse(uri);
  if (!url) return 'must be an absolute URI';
  if (url.username || url.password) return 'must not contain user information (user:password@)';
  if (url.protocol === 'https:' || url.protocol === 'http:') {
    if (!/^https?:\/\//i.test(uri)) return 'must be an absolute URI';
    if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
      return 'must use https; http is allowed only on loopback hosts (127.0.0.1, [::1], localhost)';
    }
    return null;
  }
  const scheme = url.protocol.slice(0, -1);
  if (!PRIVATE_USE_SCHEME.test(scheme)) {
    return 'must use https, http on a loopback host, or a private-use reverse-DNS scheme such as com.example.app:/callback';
  }
  if (uri.length === scheme.length + 1) return 'must have a path after the scheme, such as com.example.app:/callback';
  return null;
}

/** Checks a whole list: each URI's rules, the count and duplicates. Throws INVALID_FORM_BODY naming every bad entry. */
export function validateRedirectUris(uris: readonly string[], field = 'redirect_uris'): string[] {
  if (uris.length > MAX_REDIRECT_URIS) throw ApiError.invalidField(field, `must have at most ${MAX_REDIRECT_URIS} entries`);
  const errors: FieldError[] = [];
  uris.forEach((uri, index) => {
    const problem = redirectUriProblem(uri);
    const first = uris.indexOf(uri);
    if (problem) errors.push({ field: `${field}.${index}`, message: problem });
    else if (first !== index) errors.push({ field: `${field}.${index}`, message: `duplicates ${field}.${first}` });
  });
  if (errors.length > 0) throw ApiError.invalidFields(errors);
  return [...uris];
}

/** Why a web page URL (terms of service, privacy policy) is refused, or null. */
export function webUrlProblem(value: string): string | null {
  const common = commonProblem(value);
  if (common) return common;
  const url = parse(value);
  if (!url || !/^https?:\/\//i.test(value) || !['http:', 'https:'].includes(url.protocol)) return 'must be an absolute http(s) URL';
  if (url.username || url.password) return 'must not contain user information (user:password@)';
  return null;
}

/** Checks an optional web URL field; null and undefined pass through. */
export function validateWebUrl<T extends string | null | undefined>(value: T, field: string): T {
  const problem = typeof value === 'string' ? webUrlProblem(value) : null;
  if (problem) throw ApiError.invalidField(field, problem);
  return value;
}
