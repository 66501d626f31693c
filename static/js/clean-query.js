// A filter form leaves its empty fields out of the address, so a shared link says only what it
// filters on: the empty fields are disabled just before the browser builds the query string.
document.querySelectorAll("form[data-clean-query]").forEach((form) => {
  form.addEventListener("submit", () => {
    form.querySelectorAll("input, select, textarea").forEach((field) => {
      if (field.name && !field.disabled && field.value === "" && field.type !== "submit") {
        field.disabled = true;
        window.setTimeout(() => { field.disabled = false; }, 0);
      }
    });
  });
});
