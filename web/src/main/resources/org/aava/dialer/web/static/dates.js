// Dates for people: the operator's locale or ISO 8601 (the "Dates" switch), always with the zone.
import { state } from './state.js';

/** A date in the operator's locale or ISO 8601, always with its zone. */
export function fmtTime(date, zone) {
  if (!(date instanceof Date) || isNaN(date)) return '';
  zone = zone || 'UTC';
  try {
    if (state.dateFormat === 'iso') {
      const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit',
        day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'longOffset' }).formatToParts(date).map(x => [x.type, x.value]));
      const off = (p.timeZoneName || 'GMT').replace('GMT', '') || '+00:00';
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}${off === '+00:00' ? 'Z' : off} ${zone}`;
    }
    return new Intl.DateTimeFormat(undefined, { timeZone: zone, dateStyle: 'medium', timeStyle: 'medium' }).format(date) + ' ' + zoneLabel(date, zone);
  } catch (e) { return date.toISOString(); }
}

function zoneLabel(date, zone) {
  try {
    const p = new Intl.DateTimeFormat(undefined, { timeZone: zone, timeZoneName: 'short' }).formatToParts(date).find(x => x.type === 'timeZoneName');
    return p ? p.value : zone;
  } catch (e) { return zone; }
}

/** Java's ZonedDateTime text ("2026-11-24T09:00-05:00[America/New_York]") or an ISO instant, for people. */
export function fmtZoned(text, fallbackZone) {
  if (!text) return '';
  const m = String(text).match(/^([^[]+)(?:\[(.+)\])?$/);
  const d = new Date(m ? m[1] : text);
  return isNaN(d) ? String(text) : fmtTime(d, (m && m[2]) || fallbackZone);
}

export function fmtUtc(text, zone) { return text ? fmtTime(new Date(text), zone || (state.selected && state.selected.timezone) || 'UTC') : ''; }
