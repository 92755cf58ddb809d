// Application events: the owner's webhook settings (saved only after a signed PING succeeds), the outbox and the delivery log.
import { toIso, type Clock } from '../clock.js';
import { ApiError } from '../errors/api-error.js';
import { newId } from '../ids.js';
import type { EventDeliveryRecord, EventSettingsRecord, EventWebhookStatus, Store, Tx } from '../storage/types.js';
import { eventBody, pingBody, type EventData, type EventType } from './event-types.js';
import type { PostResult, WebhookSender } from './signed-post.js';
import { generateSigningKeyPair } from './signing.js';
import { webhookUrlProblem } from './webhook-url.js';

export interface SettingsPatch {
  /** null removes the URL (and disables delivery). */
  url?: string | null;
  types?: EventType[];
  status?: EventWebhookStatus;
}

export const DELIVERY_LOG_LIMIT = 50;

/** Whether events of `type` go out under these settings. */
export function subscribes(settings: EventSettingsRecord | null, type: string): settings is EventSettingsRecord & { url: string } {
  return settings !== null && settings.status === 'enabled' && settings.url !== null && settings.types.includes(type);
}

/** Only what the owner may learn: answered N, unreachable, timed out or not allowed. */
function unreachable(result: PostResult): ApiError {
  const why = result.status === null ? result.error : `answered ${result.status}`;
  return new ApiError(400, 'EVENT_WEBHOOK_UNREACHABLE', `The event webhook URL must answer a PING with 2xx: ${why}`);
}

export class EventsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sender: WebhookSender,
  ) {}

  /** The settings of an application the caller owns; its signing key pair is made on first use. */
  async getSettings(callerId: string, applicationId: string): Promise<EventSettingsRecord> {
    await this.ownedApplication(callerId, applicationId);
    return (await this.store.events.findSettings(applicationId)) ?? (await this.store.events.insertSettingsIfAbsent(this.initialSettings(applicationId)));
  }

  /** Applies the patch; a new URL is saved only once it answers a signed PING with 2xx. */
  async updateSettings(callerId: string, applicationId: string, patch: SettingsPatch): Promise<EventSettingsRecord> {
    return this.saveSettings(await this.prepareSettings(callerId, applicationId, patch));
  }

  /** The settings the patch makes, checked and a new URL PINGed, not yet saved (saveSettings saves them). */
  async prepareSettings(callerId: string, applicationId: string, patch: SettingsPatch): Promise<EventSettingsRecord> {
    await this.ownedApplication(callerId, applicationId);
    if (typeof patch.url === 'string') {
      const problem = webhookUrlProblem(patch.url, this.sender.settings.allowPrivate);
      if (problem) throw ApiError.invalidField('event_webhooks_url', problem);
    }
    const current = (await this.store.events.findSettings(applicationId)) ?? this.initialSettings(applicationId);
    const next: EventSettingsRecord = {
      ...current,
      url: patch.url === undefined ? current.url : patch.url,
      types: patch.types ?? current.types,
      status: patch.status ?? current.status,
    };
    if (next.url === null) {
      if (patch.status === 'enabled') {
        throw new ApiError(400, 'EVENT_WEBHOOK_URL_REQUIRED', 'Set event_webhooks_url before enabling event webhooks');
      }
      next.status = 'disabled';
    }
    if (typeof patch.url === 'string') {
      const ping = await this.sender.post(patch.url, pingBody(applicationId), next.signingKey, this.clock.now());
      if (!ping.ok) throw unreachable(ping);
    }
    return next;
  }

  async saveSettings(settings: EventSettingsRecord): Promise<EventSettingsRecord> {
    return this.store.events.saveSettings(settings);
  }

  async listDeliveries(callerId: string, applicationId: string): Promise<(EventDeliveryRecord & { eventType: string })[]> {
    await this.ownedApplication(callerId, applicationId);
    return this.store.events.listDeliveries(applicationId, DELIVERY_LOG_LIMIT);
  }

  /**
   * Puts an event in the outbox, in the transaction of the change it reports, when the application has an enabled
   * webhook subscribed to `type`. Returns the event id, or null when not sent.
   */
  async enqueue<T extends EventType>(tx: Tx, applicationId: string, type: T, data: EventData[T]): Promise<string | null> {
    if (!subscribes(await tx.events.findSettings(applicationId), type)) return null;
    const id = newId();
    const now = this.clock.now();
    await tx.events.enqueue({
      id,
      applicationId,
      type,
      payload: eventBody(id, applicationId, type, toIso(now), data),
      status: 'pending',
      createdAt: now,
      attempts: 0,
      nextAttemptAt: now,
      deliveredAt: null,
      lastStatus: null,
      lastError: null,
    });
    return id;
  }

  private initialSettings(applicationId: string): EventSettingsRecord {
    return { applicationId, url: null, types: [], status: 'disabled', ...generateSigningKeyPair() };
  }

  /** 404 UNKNOWN_APPLICATION unless the caller owns the application. */
  private async ownedApplication(callerId: string, applicationId: string): Promise<void> {
    const application = await this.store.applications.findById(applicationId);
    if (!application || application.ownerId !== callerId) throw ApiError.notFound('application');
  }
}
