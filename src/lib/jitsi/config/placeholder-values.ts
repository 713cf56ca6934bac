// Recognises values that were never filled in: `<app_id>`, Go's `<no value>` for an unset template variable,
// `your-secret-here`, `xxxxx`, `changeme`. Only the shape of the value counts; real secrets never look like these.

import { isTemplateValue } from './template-text';

// `<…>` holding no markup: a documentation placeholder or a redaction (`<removed>`, `<請產生一段長亂數>`).
const ANGLE_PLACEHOLDER = /^<[^<>\s][^<>]{0,80}>$/u;
// Runs of x standing for hidden text: `xxxxx`, `xxx.xxxx.xxxx`, `XXXX-XXXX`.
const CROSSED_OUT = /^(?:x{3,}[.\-_]?)+$/i;
// Instructions in place of a value: `your-secret-here`, `YOUR_APP_ID`, `put_secret_here`, `changeme`. Not `my_…`:
// `my_jitsi_app_id` is a real (if plain) app id.
const INSTRUCTION =
  /^(?:(?:your|put|insert|enter)[-_ ]?[a-z_ -]{0,30}(?:secret|key|id|domain|token|password|here)(?:[-_ ]?here)?|change[-_ ]?me|replace[-_ ]?me|todo|tbd|fixme|redacted|\*{3,}|\.{3}|…)$/i;

/**
 * True when the value is an unreplaced placeholder rather than a real setting. A template expression
 * (`<%= @secret %>`) is not one: the template fills it in, and the template-text remark already says so.
 */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v === '' || isTemplateValue(v)) return false;
  return ANGLE_PLACEHOLDER.test(v) || CROSSED_OUT.test(v) || INSTRUCTION.test(v);
}
