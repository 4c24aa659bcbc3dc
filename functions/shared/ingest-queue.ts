// The ingest queue's delivery settings, shared by the CDK app and the local cloud.

/** Receives before a message goes to the dead-letter queue. */
export const INGEST_MAX_RECEIVES = 5;
/** In AWS: six times the ingest function's 5-minute timeout, as Lambda's SQS guidance asks. */
export const INGEST_VISIBILITY_TIMEOUT_SECONDS = 30 * 60;
/** Locally a failed upload is retried after this (seconds) rather than after the half-hour visibility timeout. */
export const LOCAL_INGEST_RETRY_DELAY_SECONDS = 10;
