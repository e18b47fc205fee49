// Public entry of the Slack export parser.
export { parseSlackExport } from "./parse-slack-export";
export {
  openSlackExport,
  parseDayFilePath,
  SLACK_METADATA_FILES,
  type SlackExportReader,
} from "./export-reader";
export {
  messageEvents,
  slackMessageSchema,
  slackTsToDate,
  validateSlackMessage,
  type SlackChannelRef,
} from "./messages";
export { slackUserIdentity, slackUserSchema, isSlackBotUser, SLACKBOT_USER_ID } from "./users";
export { findGithubHandle } from "./github-handle";
