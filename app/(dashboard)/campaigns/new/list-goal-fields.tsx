"use client";
// List and goal, kept consistent as the admin chooses: switching the list moves the goal to the
// list's own (at-risk → retention), and only goals that fit the list are offered.
import { useState } from "react";
import { Select } from "@/components/ui";
import {
  CAMPAIGN_GOAL_LABELS,
  CAMPAIGN_LIST_LABELS,
  CAMPAIGN_LISTS,
  DEFAULT_GOAL_FOR_LIST,
  GOALS_FOR_LIST,
  type CampaignGoal,
  type CampaignList,
} from "@/lib/validation/campaigns";

export function ListGoalFields({
  list,
  goal,
  labelClass,
}: {
  list: CampaignList;
  goal: CampaignGoal;
  labelClass: string;
}) {
  const [chosenList, setList] = useState<CampaignList>(list);
  const [chosenGoal, setGoal] = useState<CampaignGoal>(goal);
  return (
    <>
      <label className={labelClass}>
        List
        <Select
          name="sourceList"
          value={chosenList}
          onChange={(e) => {
            const next = e.target.value as CampaignList;
            setList(next);
            if (!GOALS_FOR_LIST[next].includes(chosenGoal)) setGoal(DEFAULT_GOAL_FOR_LIST[next]);
          }}
          options={CAMPAIGN_LISTS.map((l) => ({ value: l, label: CAMPAIGN_LIST_LABELS[l] }))}
        />
      </label>
      <label className={labelClass}>
        Goal
        <Select
          name="goal"
          value={chosenGoal}
          onChange={(e) => setGoal(e.target.value as CampaignGoal)}
          options={GOALS_FOR_LIST[chosenList].map((g) => ({ value: g, label: CAMPAIGN_GOAL_LABELS[g] }))}
        />
      </label>
    </>
  );
}
