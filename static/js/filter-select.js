// A long <select multiple data-filterable> gets a box above it that narrows the options as one types.
document.querySelectorAll("select[data-filterable]").forEach((select) => {
  const input = document.createElement("input");
  input.type = "search";
  input.className = "form-control form-control-sm mb-1";
  input.placeholder = select.dataset.filterable;
  input.setAttribute("aria-label", select.dataset.filterable);
  input.setAttribute("aria-controls", select.id);
  select.parentNode.insertBefore(input, select);
  const status = document.createElement("div");
  status.className = "form-text";
  status.setAttribute("aria-live", "polite");
  select.parentNode.insertBefore(status, select.nextSibling);
  const showChosen = () => {
    const chosen = Array.from(select.selectedOptions).map((o) => o.text);
    status.textContent = chosen.length ? `${select.dataset.chosenLabel || "Chosen:"} ${chosen.join(", ")}` : "";
  };
  input.addEventListener("input", () => {
    const needle = input.value.trim().toLocaleLowerCase();
    Array.from(select.options).forEach((option) => {
      option.hidden = needle !== "" && !option.text.toLocaleLowerCase().includes(needle);
    });
  });
  select.addEventListener("change", showChosen);
  showChosen();
});
