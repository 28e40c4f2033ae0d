// UI strings through Django's JavaScriptCatalog (`/jsi18n/`, loaded by base.html before any
// module): the source strings are Chinese, `locale/en/LC_MESSAGES/djangojs.po` holds the English,
// and the catalog follows the language Django picked (its LANGUAGE cookie / set_language), so one
// .po pair holds every string. Write `gettext("中文 {n}", { n })` so `makemessages -d djangojs`
// finds the literal; `{name}` placeholders are filled from `values`.
const catalog = globalThis.django;

export const LANG = document.documentElement.lang || "zh-hans";
export const isEnglish = LANG.toLowerCase().startsWith("en");
/** The locale Intl formatters use for LANG. */
export const LOCALE = isEnglish ? "en-GB" : "zh-CN";

function fill(text, values) {
  return values ? text.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "") : text;
}

/** The string `msgid` in the page's language, with `{name}` placeholders filled from `values`. */
export function gettext(msgid, values) {
  return fill(catalog ? catalog.gettext(msgid) : msgid, values);
}

/** The singular or plural of a counted string; `{n}` is `n` unless `values` says otherwise. */
export function ngettext(singular, plural, n, values) {
  const text = catalog ? catalog.ngettext(singular, plural, n) : n === 1 ? singular : plural;
  return fill(text, { n, ...values });
}

/** Marks a string for `makemessages` where it is translated later (by `gettext(variable)`). */
export function gettext_noop(msgid) {
  return msgid;
}

/** The label of a model choice: the server sends its Chinese label, the catalog its English. */
export function choiceLabel(value, serverLabel) {
  return gettext(serverLabel ?? String(value));
}
