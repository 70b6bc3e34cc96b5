// The staff console's only script: index progress, confirmations, the upload size check.
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  });
  document.addEventListener("change", function (e) {
    var input = e.target, max = Number(input.getAttribute && input.getAttribute("data-max-bytes"));
    var shown = input.parentNode && input.parentNode.querySelector && input.parentNode.querySelector(".filename");
    if (shown && input.files) { shown.textContent = input.files[0] ? input.files[0].name : "未选择文件"; }
    if (max && input.files && input.files[0] && input.files[0].size > max) {
      input.setCustomValidity("文件太大，最多 " + Math.round(max / 1048576) + " MB。");
      input.reportValidity();
    } else if (input.setCustomValidity) { input.setCustomValidity(""); }
  });
  var box = document.getElementById("job");
  if (!box || box.getAttribute("data-running") !== "1") { return; }
  var bar = box.querySelector("progress"), stage = box.querySelector(".stage");
  function poll() {
    fetch("/admin/jobs/current", {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (job) {
        bar.value = job.percent;
        if (job.running) {
          stage.textContent = job.stage + (job.total ? "（" + job.done + "/" + job.total + "）" : "") + "……";
          setTimeout(poll, 700);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { stage.textContent = "无法获取进度，请刷新页面。"; });
  }
  poll();
})();
