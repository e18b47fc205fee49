// Public entry of the git history parser.
export { parseGitLog, gitCommitRowSchema, GIT_TSV_HEADER, type ParseGitLogOptions } from "./parse-git-log";
export { gitIdentityKey, gitIdentityRecord } from "./git-identity";
