/**
 * Policies whose content became a decision table (issue 13: "parameters that are not decisions stay
 * policies"; these were decisions). Their stored versions stay readable, and a case that pinned one
 * before the table shipped keeps walking it; new cases no longer pin them, the policy list no longer
 * shows them, and the editor saves no new version: the owner edits the table instead (/api/decisions).
 */
export const RETIRED_POLICIES: Record<string, { decision: string }> = {
  'bonus-approval-limits': { decision: 'bonus-approval-chain' },
};

export const isRetiredPolicy = (key: string): boolean => Object.hasOwn(RETIRED_POLICIES, key);
