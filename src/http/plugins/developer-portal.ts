// Shared by the developer portal's application pages: the section's path, and the application an `/:id` page names.
import type { FastifyRequest } from 'fastify';
import type { ApplicationWithBot } from '../../applications/ownership.js';
import type { AppContext } from '../context.js';
import type { PortalContext } from './page-guard.js';

export const DEVELOPERS_SECTION = '/developers/applications';

/** The application of an `/:id` page, if the signed-in user owns it (404 UNKNOWN_APPLICATION otherwise, as in the API). */
export function ownedApplication(ctx: AppContext, portal: PortalContext, request: FastifyRequest): Promise<ApplicationWithBot> {
  return ctx.services.applications.get(portal.principal.user.id, (request.params as { id: string }).id);
}
