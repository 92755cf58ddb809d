// Event webhook URLs: https only (plain http too where private targets are allowed); never userinfo or a fragment.

export const WEBHOOK_URL_MAX = 2048;

/** Why the URL is refused, or null when it is acceptable; where it may point is checked when it is used. */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  if (raw.length > WEBHOOK_URL_MAX) return `must be at most ${WEBHOOK_URL_MAX} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not contain credentials';
  if (raw.includes('#')) return 'must not contain a fragment';
  if (url.protocol === 'https:' || (url.protocol === 'http:' && allowPrivate)) return null;
  return allowPrivate ? 'must use https or http' : 'must use https';
}
