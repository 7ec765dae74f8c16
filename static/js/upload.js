// Upload forms show a progress bar and cannot be sent twice. Without JavaScript they post normally.
// A file over the limit is refused here, before a byte is sent, with the server's own message.
function tooLarge(form) {
  for (const input of form.querySelectorAll("input[type=file][data-max-bytes]")) {
    const file = input.files[0];
    const feedbackId = input.id + "-too-large";
    const old = document.getElementById(feedbackId);
    if (old) old.remove();
    input.classList.remove("is-invalid");
    if (!file || file.size <= Number(input.dataset.maxBytes)) continue;
    const lang = document.documentElement.lang || undefined;
    const megabytes = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const feedback = document.createElement("div");
    feedback.id = feedbackId;
    feedback.className = "invalid-feedback d-block";
    feedback.setAttribute("role", "alert");
    feedback.textContent = input.dataset.tooLarge
      .replace("{size}", megabytes.format(file.size / 1048576))
      .replace("{bytes}", new Intl.NumberFormat(lang).format(file.size));
    input.classList.add("is-invalid");
    const described = new Set((input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
    described.add(feedbackId);
    input.setAttribute("aria-describedby", Array.from(described).join(" "));
    input.insertAdjacentElement("afterend", feedback);
    input.focus();
    return true;
  }
  return false;
}

document.querySelectorAll("form[data-upload-progress]").forEach((form) => {
  let sending = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (sending || tooLarge(form)) return;
    sending = true;
    const buttons = form.querySelectorAll("button[type=submit]");
    const data = new FormData(form);
    if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
    buttons.forEach((b) => { b.disabled = true; });
    const progress = form.querySelector("[data-progress]");
    const bar = progress && progress.querySelector(".progress-bar");
    const hasFile = Array.from(form.querySelectorAll("input[type=file]")).some((i) => i.files.length);
    if (progress && hasFile) progress.classList.remove("d-none");
    const xhr = new XMLHttpRequest();
    // getAttribute: a field named "action" would shadow form.action.
    xhr.open("POST", form.getAttribute("action") || window.location.href);
    xhr.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable || !bar) return;
      const percent = Math.round((e.loaded / e.total) * 100);
      bar.style.width = percent + "%";
      bar.textContent = percent + "%";
      progress.setAttribute("aria-valuenow", String(percent));
    });
    xhr.addEventListener("load", () => {
      // Show the page the server answered with (it carries the one-time confirmation message),
      // at the address it came from, so that a reload does not post again.
      const target = xhr.responseURL || window.location.href;
      document.open();
      document.write(xhr.responseText);
      document.close();
      if (target !== window.location.href) window.history.replaceState(null, "", target);
    });
    xhr.addEventListener("error", () => {
      sending = false;
      buttons.forEach((b) => { b.disabled = false; });
      if (progress) progress.classList.add("d-none");
      alert(form.dataset.networkError || "The connection was lost while sending. Nothing was saved; please try again.");
    });
    xhr.send(data);
  });
});
