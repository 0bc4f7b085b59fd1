/*
 * The "Preparing the PDF" page: asks the server whether the file is ready every few seconds
 * (data-check-url, JSON {"ready": bool}), shows how long it has been waiting, and once the
 * file is ready offers its link and starts the download. Without this script a meta refresh
 * in <noscript> asks for the file itself. No inline script (the CSP forbids it).
 */
(function () {
  "use strict";

  function watch(box) {
    var checkUrl = box.getAttribute("data-check-url");
    var fileUrl = box.getAttribute("data-file-url");
    var seconds = Number(box.getAttribute("data-retry-seconds")) || 2;
    var state = box.querySelector("[data-preparing-state]");
    var progress = box.querySelector("[data-preparing-progress]");
    var ready = box.querySelector("[data-preparing-ready]");
    var started = Date.now();

    function waited() {
      return Math.round((Date.now() - started) / 1000);
    }

    function done() {
      progress.max = 1;
      progress.value = 1;
      ready.hidden = false;
      state.textContent = "The file is ready. Its download starts now; if it does not, use the button below.";
      window.location.assign(fileUrl);
    }

    function ask() {
      fetch(checkUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (answer.ready) {
            done();
          } else {
            state.textContent = "Still laying out the file (" + waited() + " s so far). It usually takes a few seconds.";
            window.setTimeout(ask, seconds * 1000);
          }
        })
        .catch(function () {
          window.setTimeout(ask, seconds * 2000);
        });
    }

    window.setTimeout(ask, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-preparing]"), watch);
  });
})();
