/*
 * Kỷ yếu số — the photo lightbox, loaded when a reader reaches for a photo.
 *
 * GLightbox (15 KB of script, its stylesheet, a long task to set up) is needed only once a
 * photo is opened, so a page loads none of it: this script waits for the first pointer,
 * touch or keyboard focus on a lightbox link, then loads glightbox's stylesheet and script
 * and runs mkdocs-glightbox's own initialisation (kept inert in the page as
 * <script type="text/x-yb-deferred" id="init-glightbox">). A click that comes before the
 * lightbox is ready is held and replayed, so the first tap opens the photo as always.
 * Included only on pages with lightbox links (yearbook/theme/main.html).
 */
(function () {
  "use strict"

  var me = document.currentScript
  var state = null  // null, a promise while loading, or true once GLightbox is running

  function add(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var e = document.createElement(tag)
      for (var k in attrs) e.setAttribute(k, attrs[k])
      e.onload = resolve
      e.onerror = reject
      document.head.appendChild(e)
    })
  }
  function load() {
    if (state) return state === true ? Promise.resolve() : state
    state = Promise.all([
      add("link", { rel: "stylesheet", href: me.getAttribute("data-css") }),
      add("script", { src: me.getAttribute("data-js") })
    ]).then(function () {
      var init = document.getElementById("init-glightbox")
      if (init && typeof window.GLightbox === "function") {
        var run = document.createElement("script")
        run.textContent = init.textContent
        document.body.appendChild(run)
      }
      state = true
    }, function () { state = null })
    return state
  }
  function link(ev) {
    var t = ev.target
    return t && t.closest ? t.closest("a.glightbox") : null
  }
  function warm(ev) { if (state !== true && link(ev)) load() }

  ["pointerover", "pointerdown", "touchstart", "focusin"].forEach(function (type) {
    document.addEventListener(type, warm, { passive: true, capture: true })
  })
  document.addEventListener("click", function (ev) {
    var a = link(ev)
    if (!a || state === true || ev.defaultPrevented) return
    ev.preventDefault()  // GLightbox binds its own click handler on each link once loaded
    load().then(function () {
      if (state === true) a.click()
      else location.href = a.href  // no lightbox (offline?): the photo itself
    })
  }, true)
})()
