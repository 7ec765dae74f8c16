// Upload forms show a progress bar and cannot be sent twice. Without JavaScript they post normally.
document.querySelectorAll("form[data-upload-progress]").forEach((form) => {
  let sending = false;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (sending) return;
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
