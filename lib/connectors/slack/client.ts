// The official Slack Web API client, pointed at SLACK_API_URL (a local server in tests). It waits
// out 429s for their Retry-After itself; 5xx and network failures back off exponentially.
import { WebClient, LogLevel, type RetryOptions } from "@slack/web-api";
import { ConnectorError } from "../types";

export const SLACK_RETRY: RetryOptions = {
  retries: 6,
  factor: 2,
  minTimeout: 500,
  maxTimeout: 60_000,
  randomize: true,
};

export function slackClient(
  token: string,
  apiUrl: string,
  retryConfig: RetryOptions = SLACK_RETRY,
): WebClient {
  // ERROR only: the client's debug lines would include request bodies.
  return new WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig,
    logLevel: LogLevel.ERROR,
    rejectRateLimitedCalls: false,
    timeout: 60_000,
  });
}

const AUTH_ERRORS = new Set([
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "account_inactive",
  "no_permission",
]);

/** Slack's error codes in plain words; anything else keeps Slack's code so it can be looked up. */
export function slackErrorMessage(error: unknown): ConnectorError | null {
  const data = (error as { data?: { error?: string; needed?: string } }).data;
  const code = data?.error;
  if (!code) return null;
  if (code === "missing_scope")
    return new ConnectorError(
      `Slack: the bot token lacks the ${data?.needed ?? "needed"} scope; add it to the app and reinstall it`,
      "auth",
    );
  if (AUTH_ERRORS.has(code))
    return new ConnectorError(
      `Slack refused the token (${code}): connect Slack again with a valid bot token`,
      "auth",
    );
  if (code === "channel_not_found" || code === "not_in_channel")
    return new ConnectorError(
      `Slack: ${code.replaceAll("_", " ")}; invite the bot to the channel`,
      "not_found",
    );
  return new ConnectorError(`Slack answered ${code}`, "remote");
}
