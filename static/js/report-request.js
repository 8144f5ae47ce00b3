// The report request form: show only the fields of the chosen period kind.
// Without this script every field shows, and the server ignores the ones not needed.
(function () {
  "use strict";
  function update(select) {
    var kind = select.value;
    document.querySelectorAll("[data-period-kinds]").forEach(function (element) {
      var kinds = element.getAttribute("data-period-kinds").split(" ");
      element.hidden = kinds.indexOf(kind) === -1;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("id_period_kind");
    if (!select) {
      return;
    }
    select.addEventListener("change", function () { update(select); });
    update(select);
  });
})();
