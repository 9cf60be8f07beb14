// The survey page (spur-survey): keeps progress in localStorage until the answers are sent,
// sends them once, then shows the thank-you. Without this script the form posts normally.
(function () {
  "use strict";
  var form = document.getElementById("survey");
  if (!form) return;
  var key = "spur-survey:" + form.getAttribute("action");
  var button = form.querySelector("button[type=submit]");
  var status = document.getElementById("status");
  var progress = document.getElementById("progress");
  var total = form.querySelectorAll("fieldset").length;
  var sent = false;

  function values() {
    var out = {};
    new FormData(form).forEach(function (v, k) { out[k] = v; });
    return out;
  }
  function count() {
    var names = {};
    form.querySelectorAll("input[type=radio]:checked").forEach(function (i) { names[i.name] = true; });
    return Object.keys(names).length;
  }
  function showProgress() {
    if (progress) progress.textContent = count() + " / " + total + " " + progress.dataset.word;
  }
  function save() {
    if (sent) return;
    try { localStorage.setItem(key, JSON.stringify(values())); } catch (e) { /* private mode */ }
    showProgress();
  }
  function restore() {
    var saved;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (!saved) return;
    Object.keys(saved).forEach(function (name) {
      var fields = form.elements.namedItem(name);
      if (!fields) return;
      if (fields.tagName === "TEXTAREA") { fields.value = saved[name]; return; }
      var list = fields.length !== undefined ? fields : [fields];
      for (var i = 0; i < list.length; i++) {
        if (list[i].value === saved[name]) list[i].checked = true;
      }
    });
  }

  restore();
  showProgress();
  form.addEventListener("change", save);
  form.addEventListener("input", save);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sent || button.disabled) return;
    button.disabled = true;
    status.className = "";
    status.textContent = form.dataset.sending;
    fetch(form.getAttribute("action"), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json" },
      body: new URLSearchParams(new FormData(form)).toString(),
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      sent = true;
      try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
      var thanks = document.getElementById("thanks");
      form.hidden = true;
      document.querySelectorAll(".intro").forEach(function (p) { p.hidden = true; });
      thanks.hidden = false;
      var heading = thanks.querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }).catch(function () {
      button.disabled = false;
      status.className = "error";
      status.textContent = form.dataset.failed;
    });
  });
})();
