import { describe, expect, it } from "vitest";
import { gitIdentityRecord, isGitBotAuthor } from "./git-identity";

describe("git authors", () => {
  it.each([
    ["dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", true],
    ["GitHub Actions", "41898282+github-actions[bot]@users.noreply.github.com", true],
    ["copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com", true],
    // seen in octokit/rest.js and vuejs/core
    ["Renovate Bot", "bot@renovateapp.com", true],
    ["vue-bot", "bot@vuejs.org", true],
    ["Octokit Bot", "security+octokitbot@github.com", true],
    ["Someone", "release-bot@example.org", true],
    ["Travis CI User", "travis@example.org", true],
    ["Create or Update Pull Request Action", "create-or-update-pull-request@users.noreply.github.com", true],
    ["Copilot", "198982749+Copilot@users.noreply.github.com", true],
    ["Gustavo Botti", "bottidev@gmail.com", false],
    ["Henry Abbott", "hwabbott@users.noreply.github.com", false],
    ["Brandon Keepers", "bkeepers@github.com", false],
    ["Travis", "godxiaoji@163.com", false],
    ["Ada Lovelace", "12+ada@users.noreply.github.com", false],
    ["Ada Lovelace", "ada@example.org", false],
  ])("%s <%s> is a bot: %s", (name, email, bot) => {
    expect(isGitBotAuthor(email.toLowerCase(), name)).toBe(bot);
    expect(gitIdentityRecord(email.toLowerCase(), email, name).isBot).toBe(bot);
  });

  it("a noreply address names the GitHub account; a bot's does not link", () => {
    expect(
      gitIdentityRecord("12+ada@users.noreply.github.com", "12+ada@users.noreply.github.com", "Ada")
        .linkedHandles,
    ).toEqual([{ source: "github", handle: "ada" }]);
    expect(
      gitIdentityRecord("x", "49699333+dependabot[bot]@users.noreply.github.com", "dependabot[bot]")
        .linkedHandles,
    ).toBeUndefined();
  });
});
