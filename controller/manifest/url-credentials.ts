/**
 * The parts of a secret URL that are credentials on their own: a Slack incoming-webhook URL is
 * its path (`/services/T…/B…/<token>`), and a webhook URL kept as a secret may carry a token in
 * its path or query. A receiver or proxy that echoes only the path would otherwise leak it past
 * a redaction that knows the URL only as a whole. Short paths (`/hook`) are no credential, and
 * redacting them would blank ordinary words in messages.
 */
export function urlCredentialParts(value: string): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  const rest = `${url.pathname}${url.search}`;
  const parts = [rest, url.pathname, url.search.slice(1), ...url.pathname.split('/'), ...[...url.searchParams.values()]];
  if (url.password) parts.push(decodeURIComponent(url.password));
  return [...new Set(parts.filter((p) => p.length >= 12))];
}
