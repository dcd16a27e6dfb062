/* Date inputs (tongxin.core.dates) are text inputs with a pattern: when what is typed does
   not match, the message is the input's title — in the page's language, saying how to
   write the date — instead of the browser's generic "match the requested format". */
(function () {
  "use strict";
  function check(input) {
    input.setCustomValidity(
      input.value && !new RegExp("^(?:" + input.pattern + ")$").test(input.value) ? input.title : "");
  }
  document.addEventListener("input", function (e) {
    if (e.target.matches && e.target.matches("input[data-date][pattern]")) { check(e.target); }
  });
  document.querySelectorAll("input[data-date][pattern]").forEach(check);
})();
