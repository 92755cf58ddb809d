// The "Log in with <provider>" links that sign-in pages show, one per upstream provider that allows guildgate's callback.
import { webLoginProviders } from '../../upstream/web-login.js';
import type { AppContext } from '../context.js';

/** The login page's "Log in with <provider>" links, for providers that allow guildgate's callback. */
export function upstreamLoginLinks(ctx: AppContext, returnTo: string): { label: string; href: string }[] {
  return webLoginProviders(ctx.config.upstream.providers, ctx.config.issuer).map((provider) => ({
    label: provider.label,
    href: `/login/upstream/${provider.name}?${new URLSearchParams({ return_to: returnTo }).toString()}`,
  }));
}
