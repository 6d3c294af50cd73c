/*
 * Kỷ yếu số — the page chrome: what Material for MkDocs' bundle.js does on a yearbook's
 * pages, and nothing else.
 *
 * Material's bundle (RxJS, ~150 KB) mounts every component it knows at start-up — instant
 * navigation, a sitemap fetch, code copy, tooltips, content tabs, its lunr search —
 * which cost a phone about a quarter of a second of main-thread work before the page
 * answers (Lighthouse's Total Blocking Time). A yearbook uses a handful of those: this
 * script does them the way Material's sources do (src/templates/assets/javascripts, 9.8),
 * with the same classes and attributes, so Material's CSS and markup need no change:
 *
 * - `js` instead of `no-js` on <html>; `.focus-visible` on keyboard focus (Material's CSS
 *   styles focus rings with that class, which its bundle's polyfill added);
 * - the colour palette toggle (stored as Material stores it, `__md_set("__palette")`, so
 *   its inline script in <head> applies the reader's choice before the first paint),
 *   the theme-color and color-scheme meta tags;
 * - the header's shadow and its title swapping to the page title past the h1; the tabs
 *   hidden once the page scrolls; the sidebars' height and the active link in view;
 * - the table of contents marking the section being read;
 * - the drawer and search closing when the reader follows an anchor; the page behind the
 *   search locked on phones; keys n/p (and . ,) for the next and previous page;
 * - plain tables wrapped so they scroll sideways on a phone; <details> opened for print
 *   and when an anchor inside them is followed; the title of a truncated link.
 *
 * Search is the yearbook's own (yb-search.js). Where a page still carries Material's
 * bundle (a book's own scripts may use its `document$`: see yearbook.web.assets), this
 * script does nothing.
 */
(function () {
  "use strict"

  if (document.querySelector('script[src*="assets/javascripts/bundle."]')) return

  /* Material's `document$` as scripts written for it use it (mkdocs-glightbox's set-up:
     `document$.subscribe(() => lightbox.reload())`): the page, once — there is no
     instant navigation here. */
  window.document$ = window.document$ || {
    subscribe: function (next) {
      if (typeof next === "function") next(document)
      else if (next && next.next) next.next(document)
      return { unsubscribe: function () {} }
    }
  }

  var doc = document
  var root = doc.documentElement
  root.classList.remove("no-js")
  root.classList.add("js")

  function $(sel, el) { return (el || doc).querySelector(sel) }
  function $$(sel, el) { return Array.prototype.slice.call((el || doc).querySelectorAll(sel)) }
  function component(name) { return $('[data-md-component="' + name + '"]') }
  function toggle(name) { return $('[data-md-toggle="' + name + '"]') }
  /* As Material: a click, so that the change event and every listener see it. */
  function setToggle(name, value) {
    var el = toggle(name)
    if (el && el.checked !== value) el.click()
  }
  /* Once the page has loaded, when the browser is idle: before the first paint the main
     thread may be idle too (waiting for files), and reading styles or layout then only
     moves the page's own first layout into a longer task of ours. */
  function later(fn) {
    function idle() {
      if (window.requestIdleCallback) requestIdleCallback(fn, { timeout: 2000 })
      else setTimeout(fn, 200)
    }
    if (doc.readyState === "complete") idle()
    else addEventListener("load", idle)
  }
  /* The element a hash names. An editor's own heading id may hold a bare "%" and a
     reader's link may not be valid percent-encoding: decodeURIComponent throws on both,
     and then the id is taken as written. */
  function hashTarget(hash) {
    var id = String(hash || "").slice(1)
    try { id = decodeURIComponent(id) } catch (e) {}
    return id ? doc.getElementById(id) : null
  }
  function get(key) { try { return window.__md_get(key) } catch (e) { return null } }
  function set(key, value) { try { window.__md_set(key, value) } catch (e) {} }
  var tablet = matchMedia("(min-width: 60em)")
  var features = []
  try { features = JSON.parse($("#__config").textContent).features || [] } catch (e) {}

  /* -- keyboard focus rings (Material's CSS: `.focus-visible`) ------------------------- */
  doc.addEventListener("focus", function (ev) {
    var el = ev.target
    if (el && el.classList && el.matches && el.matches(":focus-visible")) el.classList.add("focus-visible")
  }, true)
  doc.addEventListener("blur", function (ev) {
    var el = ev.target
    if (el && el.classList) el.classList.remove("focus-visible")
  }, true)

  /* -- colour palette (components/palette) ---------------------------------------------- */
  function mountPalette(form) {
    var inputs = $$("input", form)
    if (!inputs.length) return
    var header = component("header")
    function meta(name) {
      var el = doc.createElement("meta")
      el.name = name
      return doc.head.appendChild(el)
    }
    var theme = meta("theme-color"), scheme = meta("color-scheme")
    var stored = get("__palette")
    var index = stored && typeof stored.index === "number" ? stored.index
      : inputs.findIndex(function (input) {
        return matchMedia(input.getAttribute("data-md-color-media")).matches
      })
    var current = Math.max(0, Math.min(index, inputs.length - 1))

    function apply(i) {
      current = i
      var input = inputs[i], body = doc.body
      var color = {}, changed = false
      ;["media", "scheme", "primary", "accent"].forEach(function (key) {
        color[key] = input.getAttribute("data-md-color-" + key)
      })
      if (color.media === "(prefers-color-scheme)") {
        var light = matchMedia("(prefers-color-scheme: light)").matches
        var system = $(light ? "[data-md-color-media='(prefers-color-scheme: light)']"
          : "[data-md-color-media='(prefers-color-scheme: dark)']") || input
        ;["scheme", "primary", "accent"].forEach(function (key) {
          color[key] = system.getAttribute("data-md-color-" + key)
        })
      }
      /* Only what differs: on load the body already has its colours (the template's, or
         the stored choice applied by Material's script in <head>), and every attribute
         written on <body> restyles the whole page. */
      for (var key in color) {
        if (color[key] === null || body.getAttribute("data-md-color-" + key) === color[key]) continue
        if (!changed && key !== "media") {  // no style depends on the media attribute
          changed = true
          body.setAttribute("data-md-color-switching", "")  // no transitions
        }
        body.setAttribute("data-md-color-" + key, color[key])
      }
      inputs.forEach(function (other, k) {
        var label = other.nextElementSibling
        if (label instanceof HTMLElement && label.hidden !== (k !== i)) label.hidden = k !== i
      })
      set("__palette", { index: i, color: color })
      if (changed) setTimeout(function () { body.removeAttribute("data-md-color-switching") }, 0)
      /* The browser's bar takes the header's colour: read after load, in a frame (where
         the styles are computed anyway), so that no task of its own restyles the page. */
      later(function () { requestAnimationFrame(function () {
        if (!header) return
        var style = getComputedStyle(header)
        scheme.content = style.colorScheme
        theme.content = "#" + (style.backgroundColor.match(/\d+/g) || []).slice(0, 3)
          .map(function (v) { return (+v).toString(16).padStart(2, "0") }).join("")
      }) })
    }
    inputs.forEach(function (input, i) {
      input.addEventListener("change", function () { apply(i) })
    })
    form.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter") return
      var next = inputs[(current + 1) % inputs.length]
      next.click()
      next.focus()
    })
    matchMedia("(prefers-color-scheme: light)").addEventListener("change", function () {
      apply(current)
    })
    apply(current)
  }

  /* -- what follows the scroll: header, tabs, sidebars, table of contents --------------- */
  function mountScroll() {
    var header = component("header")
    var main = component("main")
    var title = component("header-title")
    var heading = $(".md-content h1")
    var tabsEl = component("tabs")
    var tabs = features.indexOf("navigation.tabs.sticky") < 0 && tabsEl  // else always shown
    var sidebars = $$('[data-md-component="sidebar"]').map(function (el) {
      var inner = $(".md-sidebar__scrollwrap", el)
      var grid = el.closest(".md-grid")
      /* As Material: the navigation sidebar is sized on wide screens only (below, it is
         the drawer), the table of contents from tablets up. */
      var wide = el.getAttribute("data-md-type") === "navigation" ? "(min-width: 76.25em)"
        : "(min-width: 60em)"
      return inner && grid && { el: el, inner: inner, grid: grid, y: 0, adjust: 0, key: "", media: matchMedia(wide) }
    }).filter(Boolean)
    /* Two tables of contents: the right sidebar's, and the drawer's under the page's link. */
    var tocs = $$('[data-md-component="toc"]').map(tableOfContents).filter(Boolean)
    var queued = false

    function top(el) { return el.getBoundingClientRect().top + scrollY }
    function update() {
      queued = false
      var y = scrollY, vh = innerHeight
      var headerHeight = header ? header.offsetHeight : 0
      var tabsShown = !!(tabsEl && tabsEl.offsetParent)
      if (main) {
        var mainTop = main.offsetTop, mainBottom = mainTop + main.offsetHeight
        var visible = Math.max(0, vh - Math.max(0, mainTop - y, headerHeight)
          - Math.max(0, vh + y - mainBottom))
        var offset = mainTop - headerHeight
        /* Only with the tabs on screen: without them the main area starts under the header
           and the shadow is always on (yearbook.css draws it; the template's class when a
           book has no tabs). A class changed on the header restyles the whole page. */
        if (header && tabsShown) header.classList.toggle("md-header--shadow", offset <= y)
        sidebars.forEach(function (s) {
          if (!s.media.matches) {
            if (s.key) s.inner.style.height = s.el.style.top = s.key = ""
            return
          }
          if (!s.key) {  // mounted (again): measure, and bring the active link into view
            s.y = s.inner.offsetTop
            s.adjust = s.grid.offsetTop - s.grid.parentElement.offsetTop
            requestAnimationFrame(function () { revealActive(s.el) })
          }
          var height = visible + Math.min(s.adjust, Math.max(0, y - offset)) - s.adjust
          var key = height + ":" + headerHeight
          if (s.key === key) return
          s.key = key
          s.inner.style.height = (height - 2 * s.y) + "px"
          s.el.style.top = headerHeight + "px"
        })
      }
      if (title && heading) {
        var h = heading.offsetHeight
        title.classList.toggle("md-header__title--active", h > 0 && y - top(heading) + headerHeight >= h)
      }
      if (tabs && tabsShown) {
        var hidden = y - top(tabs) + headerHeight >= 10
        if (tabs.hidden !== hidden) tabs.hidden = hidden
      }
      tocs.forEach(function (toc) { toc(y, headerHeight) })
    }
    function queue() {
      if (!queued) { queued = true; requestAnimationFrame(update) }
    }
    addEventListener("scroll", queue, { passive: true })
    addEventListener("resize", queue, { passive: true })
    /* The first measure waits for idle time: it reads the layout, and then sizes the
       sidebars (a second layout), which on a long page is work a phone would otherwise
       do before it answers the reader. Until then the page is as Material's CSS draws it
       at the top: tabs shown, sidebars at their full height, nothing marked. */
    later(function () {
      if (window.ResizeObserver) new ResizeObserver(queue).observe(doc.body)
      queue()
    })
  }

  /* The current page's link in the middle of its sidebar, as Material does on load. */
  function revealActive(sidebar) {
    $$(".md-nav__link--active[href]", sidebar).forEach(function (item) {
      if (!item.clientHeight) return
      var box = item.closest(".md-sidebar__scrollwrap")
      if (box) box.scrollTo({ top: item.offsetTop - box.offsetTop - box.clientHeight / 2 })
    })
  }

  /* components/toc: links before the reading position are "passed", the last "active". */
  function tableOfContents(el) {
    if (!el) return null
    var links = $$(".md-nav__link", el).map(function (a) {
      var target = hashTarget(a.hash)
      return target ? { a: a, target: target } : null
    }).filter(Boolean)
    if (!links.length) return null
    var main = component("main"), height = -1, adjust = 0, state = ""
    return function (y, headerHeight) {
      var bodyHeight = doc.body.offsetHeight
      if (bodyHeight !== height) {
        height = bodyHeight
        var grid = main && main.firstElementChild
        adjust = headerHeight + (grid ? 0.8 * (grid.offsetTop - main.offsetTop) : 0)
        links.forEach(function (l) {
          var t = l.target
          while (!t.offsetTop && t.parentElement) t = t.parentElement
          l.offset = t.getBoundingClientRect().top + scrollY
        })
        links.sort(function (a, b) { return a.offset - b.offset })
      }
      var atEnd = y + innerHeight >= Math.floor(bodyHeight)
      var passed = 0
      while (passed < links.length && (atEnd || links[passed].offset - adjust < y)) passed++
      if (String(passed) === state) return
      state = String(passed)
      links.forEach(function (l, i) {
        l.a.classList.toggle("md-nav__link--passed", i < passed)
        l.a.classList.toggle("md-nav__link--active", i === passed - 1)
      })
    }
  }

  /* -- drawer, search, keys ------------------------------------------------------------- */
  function mountNavigation() {
    /* Following an anchor closes the drawer and search (Material: after 125 ms). */
    function close() {
      setTimeout(function () { setToggle("drawer", false); setToggle("search", false) }, 125)
    }
    addEventListener("hashchange", function () { close(); openTarget() })
    doc.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a[href]")
      if (a && a.hash && a.pathname === location.pathname && a.hash === location.hash) close()
      var label = ev.target.closest && ev.target.closest(".md-sidebar label[tabindex]")
      if (label) setTimeout(function () {
        var input = doc.getElementById(label.htmlFor)
        var nav = $('[aria-labelledby="' + label.id + '"]')
        if (input && nav) nav.setAttribute("aria-expanded", String(input.checked))
      }, 0)
    })

    /* patches/scrolllock: the page behind the search does not move on a phone. */
    var search = toggle("search"), timer = 0
    if (search) search.addEventListener("change", function () {
      var active = search.checked && !tablet.matches
      clearTimeout(timer)
      timer = setTimeout(function () {
        var body = doc.body
        if (active) {
          var y = scrollY  // before the lock: a fixed body has nothing to scroll
          body.setAttribute("data-md-scrolllock", "")
          body.style.top = "-" + y + "px"
        } else if (body.hasAttribute("data-md-scrolllock")) {
          var value = -parseInt(body.style.top, 10)
          body.removeAttribute("data-md-scrolllock")
          body.style.top = ""
          if (value) scrollTo(0, value)
        }
      }, active ? 400 : 100)
    })

    var composing = false
    addEventListener("compositionstart", function () { composing = true })
    addEventListener("compositionend", function () { composing = false })
    addEventListener("keydown", function (ev) {
      if (ev.metaKey || ev.ctrlKey || ev.altKey || composing) return
      if (search && search.checked) return
      var active = doc.activeElement
      if (active && (active.isContentEditable || /^(TEXTAREA|SELECT)$/.test(active.tagName) ||
          (active.tagName === "INPUT" && (active.type !== "radio" || /^Arrow/.test(ev.key))))) return
      var rel = ev.key === "p" || ev.key === "," ? "prev" : ev.key === "n" || ev.key === "." ? "next" : ""
      if (rel) {
        var link = $("link[rel=" + rel + "]")
        if (link) location.href = link.href
      } else if (ev.key === "Enter" && active instanceof HTMLLabelElement) {
        active.click()
      }
    })
  }

  /* -- content ---------------------------------------------------------------------------- */
  function openTarget() {
    var target = hashTarget(location.hash)
    var details = target && target.closest("details:not([open])")
    if (details) { details.open = true; target.scrollIntoView() }
  }

  function mountContent() {
    $$('[data-md-component="content"] table:not([class])').forEach(function (table) {
      if (table.parentElement.classList.contains("md-typeset__table")) return
      var wrap = doc.createElement("div"), inner = doc.createElement("div")
      wrap.className = "md-typeset__scrollwrap"
      inner.className = "md-typeset__table"
      table.replaceWith(wrap)
      wrap.appendChild(inner).appendChild(table)
    })
    var reopened = []
    addEventListener("beforeprint", function () {
      reopened = $$("details:not([open])")
      reopened.forEach(function (d) { d.open = true })
    })
    addEventListener("afterprint", function () {
      reopened.forEach(function (d) { d.open = false })
      reopened = []
    })
    openTarget()
    /* patches/ellipsis: a truncated link shows its full text on hover (when idle: a big
       book's navigation holds hundreds of links). */
    if (window.IntersectionObserver) later(function () {
      var seen = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return
          var el = entry.target
          seen.unobserve(el)
          if (el.offsetWidth < el.scrollWidth) (el.closest("a") || el).title = el.innerText
        })
      })
      $$(".md-ellipsis").forEach(function (el) { seen.observe(el) })
    })
  }

  /* -- patches: indeterminate sections, iOS overscroll ----------------------------------- */
  function patches() {
    $$(".md-toggle--indeterminate").forEach(function (el) {
      el.indeterminate = true
      el.checked = false
      el.addEventListener("change", function () {
        if (!el.classList.contains("md-toggle--indeterminate")) return
        el.classList.remove("md-toggle--indeterminate")
        if (tablet.matches) el.checked = false
      })
    })
    var apple = /(iPad|iPhone|iPod)/.test(navigator.userAgent)
    $$("[data-md-scrollfix]").forEach(function (el) {
      el.removeAttribute("data-md-scrollfix")
      if (apple) el.addEventListener("touchstart", function () {
        var top = el.scrollTop
        if (top === 0) el.scrollTop = 1
        else if (top + el.offsetHeight === el.scrollHeight) el.scrollTop = top - 1
      })
    })
  }

  function start() {
    var palette = component("palette")
    if (palette) mountPalette(palette)
    mountNavigation()
    mountContent()
    patches()
    mountScroll()
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start)
  else start()
})()
