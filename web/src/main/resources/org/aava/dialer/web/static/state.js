// The page's shared state: who is signed in, the server's metadata, the selected campaign and the pagers' positions.
export const state = {
  csrf: null, me: null, meta: null, campaigns: [], selected: null, stats: null, leads: [], leadsTotal: 0,
  leadsPage: 1, attemptsPage: 1, dncPage: 1, auditPage: 1, recycleLead: null, serverOffsetMs: 0, refreshTimer: null,
  dateFormat: localStorage.getItem('aava.dateFormat') || 'locale', charts: {}, health: null,
};

export const LIVE_STATES = ['leased', 'dialing', 'amd_pending', 'in_progress'];
export const FINAL_STATES = ['completed', 'failed', 'canceled', 'dnc'];
