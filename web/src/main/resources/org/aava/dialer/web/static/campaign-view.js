// What the views inside a campaign (leads, attempts, imports, the edit form) ask of the campaign view, without
// importing it: the campaign view imports them, so it hands its functions over here when it loads and the
// modules form a tree, not a loop.
const view = {};

/** Called once by campaigns.js with its refreshSelected, updateTiles, loadCampaigns and selectCampaign. */
export function provideCampaignView(functions) { Object.assign(view, functions); }

/** Reloads the selected campaign's card (and, when full, its tables). */
export function refreshSelected(full = true) { return view.refreshSelected(full); }

/** Redraws the campaign's tiles from fresh stats. */
export function updateTiles(c, stats) { return view.updateTiles(c, stats); }

/** Reloads the campaign list and selects one campaign. */
export async function showCampaign(id) { await view.loadCampaigns(); await view.selectCampaign(id); }
