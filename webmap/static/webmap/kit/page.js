// What every page's frame does (loaded by base.html, so the markup carries no inline script): the
// language select in the top bar switches the language through Django's set_language.
for (const select of document.querySelectorAll(".lang-select")) {
  select.addEventListener("change", () => select.form.submit());
}
