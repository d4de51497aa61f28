// AWS errors in words a person can act on. The SDK has already retried what is
// worth retrying (throttling, 5XX, timeouts) within its retry budget; what arrives
// here is final for this sync, and becomes a gap the next sync fills.

export interface AwsFailure {
  code: string;
  message: string;
  /** The IAM action that is missing, when the error says access was denied. */
  missingPermission: string | null;
}

const DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredToken", "ExpiredTokenException"]);

export function describeAwsError(error: unknown, permission: string): AwsFailure {
  const e = (error ?? {}) as { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.Code ?? e.name ?? "Error";
  const message = (e.message ?? String(error)).replace(/\s+/g, " ").trim().slice(0, 300);
  const denied = DENIED.has(code) || e.$metadata?.httpStatusCode === 403;
  return { code, message, missingPermission: denied ? permission : null };
}

/** One line for a gap or a log: the code, the message, and what to add to the policy when access was denied. */
export function reasonOf(error: unknown, permission: string): string {
  const f = describeAwsError(error, permission);
  return `${f.code}: ${f.message}${f.missingPermission ? ` (allow ${f.missingPermission} in the policy Frugal uses)` : ""}`;
}
