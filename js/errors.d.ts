import type { ValidationIssue } from "./app_admin_wasm.js";

/** Input or options break a rule; nothing was sent. */
export declare class ValidationError extends Error {
  /** Always `"ValidationError"`, so the class survives serialization and logs. */
  readonly name: "ValidationError";
  /** Every problem found, each with a JSON Pointer (`path`), a stable `code` and a `message`. */
  readonly issues: ValidationIssue[];
}

/** The server answered with a non-2xx status, or a 2xx body that is not the expected JSON. */
export declare class ApiError extends Error {
  /** Always `"ApiError"`, so the class survives serialization and logs. */
  readonly name: "ApiError";
  /** The HTTP status (0 when a browser hid a redirect). */
  readonly status: number;
  /** What the server said: Meraki's `errors`, Symphony's `message`, or a description of the status. */
  readonly messages: string[];
  /** The response body: parsed JSON when it was JSON, else the text. */
  readonly body: unknown;
  /** How long the server asked to wait (`Retry-After`), in milliseconds, when it said. */
  readonly retryAfterMs?: number;
  /** The API's operationId, e.g. `updateOrganizationSecureConnectPrivateApplication`. */
  readonly operation: string;
  /** How many requests were sent. */
  readonly attempts: number;
}

/** The request could not be completed (connection refused, reset, DNS, CORS). */
export declare class NetworkError extends Error {
  /** Always `"NetworkError"`, so the class survives serialization and logs. */
  readonly name: "NetworkError";
  /** The API's operationId. */
  readonly operation: string;
  /** How many requests were sent. */
  readonly attempts: number;
}

/** An attempt ran past `timeoutMs` and no retry was left. */
export declare class TimeoutError extends Error {
  /** Always `"TimeoutError"`, so the class survives serialization and logs. */
  readonly name: "TimeoutError";
  /** The API's operationId. */
  readonly operation: string;
  /** How many requests were sent. */
  readonly attempts: number;
}

/** The caller's `signal` fired. */
export declare class AbortError extends Error {
  /** Always `"AbortError"`, so the class survives serialization and logs. */
  readonly name: "AbortError";
  /** The API's operationId. */
  readonly operation: string;
  /** How many requests were sent (0 when it fired before the first). */
  readonly attempts: number;
}
