// Pickers (communitypolice/core/pickers.py): Enter in a picker's search box searches at
// once instead of sending the whole form half filled in.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (event.key !== "Enter" || !box.matches || !box.matches("[data-picker-search]")) {
      return;
    }
    event.preventDefault();
    if (window.htmx) {
      window.htmx.trigger(box, "search");
    }
  });
})();
