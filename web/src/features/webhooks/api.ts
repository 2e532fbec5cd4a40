import type {
  CreateWebhookBody,
  UpdateWebhookBody,
  Webhook,
  WebhookDeliveriesResponse,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookSecretResponse,
} from '@advocate-hub/shared';
import { api } from '@/shared/api/client';

export type { Webhook, WebhookDelivery, WebhookDeliveryStatus, WebhookSecretResponse };

/** Outgoing webhooks: endpoints, their secrets (shown once), the delivery log. */
export const webhooksApi = {
  list() {
    return api.get<{ webhooks: Webhook[] }>('/api/admin/webhooks');
  },
  get(id: string) {
    return api.get<{ webhook: Webhook }>(`/api/admin/webhooks/${id}`);
  },
  create(body: CreateWebhookBody) {
    return api.post<WebhookSecretResponse>('/api/admin/webhooks', body);
  },
  update(id: string, body: UpdateWebhookBody) {
    return api.patch<{ webhook: Webhook }>(`/api/admin/webhooks/${id}`, body);
  },
  remove(id: string) {
    return api.delete<{ webhook: Webhook }>(`/api/admin/webhooks/${id}`);
  },
  rotateSecret(id: string) {
    return api.post<WebhookSecretResponse>(`/api/admin/webhooks/${id}/rotate-secret`);
  },
  sendTest(id: string) {
    return api.post<{ delivery: WebhookDelivery }>(`/api/admin/webhooks/${id}/test`);
  },
  deliveries(id: string, params: { cursor?: string | null; limit?: number; status?: WebhookDeliveryStatus | null }) {
    return api.get<WebhookDeliveriesResponse>(`/api/admin/webhooks/${id}/deliveries`, {
      cursor: params.cursor ?? undefined,
      limit: params.limit,
      status: params.status ?? undefined,
    });
  },
  replay(id: string, deliveryId: string) {
    return api.post<{ delivery: WebhookDelivery }>(`/api/admin/webhooks/${id}/deliveries/${deliveryId}/replay`);
  },
};
