// The header's language menu submits its form on change (no inline handler: the pages'
// Content-Security-Policy allows scripts from this site only).
for (const select of document.querySelectorAll("select.lang-select")) {
  select.addEventListener("change", () => select.form.submit());
}
