"""Integrations with the 12345 hotline and digital city management: an authenticated webhook per
source brings their items in as events (idempotent by the source's id), and each status change of
such an event goes back through the source's outbox, delivered by a periodic job with retries.

Auth: `Authorization: Bearer <IntegrationSource.secret>` on the webhook; our outbox POSTs carry the
same header plus `X-Wangge-Signature: sha256=<hex HMAC-SHA256 of the body, keyed by the secret>`."""
