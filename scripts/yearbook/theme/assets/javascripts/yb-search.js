/*
 * Kỷ yếu số — Vietnamese search, result highlighting and reading from disk.
 *
 * Loaded (deferred) by every page; small on purpose. The index (search/yb-index.js,
 * written by yearbook.web.search) is loaded only when the reader opens search.
 *
 * Matching: every word is compared twice — folded (no marks, đ→d: "hoa") and by its
 * exact spelling with the tone mark moved to the end ("hòa" and "hoà" meet, "họa" does
 * not). A query typed without marks matches every spelling; a query with marks ranks
 * exact spellings first. Several words rank as a phrase: pages holding them side by side,
 * in order, come first. The result link carries the reader's own query (?q=), so the
 * landing page marks the words the reader typed, accents included.
 */
(function () {
  "use strict"

  var WORD = /[\p{L}\p{N}]+/gu
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g

  /* Same rules as yearbook.text.fold: đ→d, NFD, drop marks, lower case. */
  function fold(text) {
    return String(text).replace(/đ/g, "d").replace(/Đ/g, "D")
      .normalize("NFD").replace(MARKS, "").normalize("NFC").toLowerCase()
  }
  /* Exact spelling, tone placement ignored: letters with their vowel marks, then the tone. */
  function toneKey(text) {
    var d = String(text).toLowerCase().normalize("NFD")
    var tones = (d.match(TONES) || []).join("")
    return d.replace(TONES, "").normalize("NFC") + tones
  }
  function words(text) { return String(text).normalize("NFC").match(WORD) || [] }

  /* A query: each word with its folded form, its tone key, and whether marks were typed. */
  function parseQuery(text) {
    var list = words(text)
    var open = !/\s$/.test(text)  // the last word may still be being typed: match prefixes
    return list.map(function (w, i) {
      var f = fold(w)
      return { word: w, fold: f, key: toneKey(w), marked: f !== w.toLowerCase(),
               prefix: open && i === list.length - 1 && f.length >= 2 }
    })
  }
  /* How well a word matches a query word: 1 exact, lower for other spellings or prefixes. */
  function weight(q, wordFold, wordKey) {
    if (wordFold === q.fold) return q.marked && wordKey !== q.key ? 0.3 : 1
    if (q.prefix && wordFold.lastIndexOf(q.fold, 0) === 0) return 0.15
    return 0
  }

  /* -- reading from disk: directory links need their index.html ------------------------ */
  function diskUrl(href) {
    if (location.protocol !== "file:" || !href || href.charAt(0) === "#") return href
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) && !/^file:/i.test(href)) return href
    var m = href.match(/^([^?#]*)(.*)$/)
    var path = m[1]
    if (path === "" || path === "." || path === "..") path += (path ? "/" : "") + "index.html"
    else if (/\/$/.test(path)) path += "index.html"
    return path + m[2]
  }
  function fixDiskLinks(root) {
    if (location.protocol !== "file:") return
    var links = root.querySelectorAll("a[href]"), i = 0
    function slice() {  // 200 links per idle slice: no long task on a long page
      for (var end = Math.min(i + 200, links.length); i < end; i++) {
        var href = links[i].getAttribute("href")
        if (href && !/^#/.test(href)) links[i].setAttribute("href", diskUrl(href))
      }
      if (i < links.length) idle(slice)
    }
    slice()
  }
  /* Work that can wait runs when the page is idle, never in the task that shows it. */
  function idle(fn) {
    if (window.requestIdleCallback) requestIdleCallback(fn, { timeout: 1000 })
    else setTimeout(fn, 1)
  }

  /* -- the index ---------------------------------------------------------------------- */
  var ALPHABET = ""
  for (var c = 35; c < 127; c++) if (c !== 92) ALPHABET += String.fromCharCode(c)
  ALPHABET = ALPHABET.slice(0, 90)
  var CODE = {}
  for (var k = 0; k < ALPHABET.length; k++) CODE[ALPHABET.charAt(k)] = k

  function decode(stream) {
    var out = []
    for (var i = 0; i < stream.length;) {
      var c = CODE[stream.charAt(i)]
      if (c < 60) { out.push(c); i += 1 }
      else if (c < 80) { out.push(60 + (c - 60) * 90 + CODE[stream.charAt(i + 1)]); i += 2 }
      else {
        out.push(1860 + (c - 80) * 8100 + CODE[stream.charAt(i + 1)] * 90 +
                 CODE[stream.charAt(i + 2)])
        i += 3
      }
    }
    return out
  }

  function prepare(raw) {
    var vocab = raw.vocab
    var isWord = new Uint8Array(vocab.length)
    var folds = new Array(vocab.length), keys = new Array(vocab.length)
    for (var i = 0; i < vocab.length; i++) {
      var t = vocab[i]
      WORD.lastIndex = 0
      var m = t.match(WORD)
      isWord[i] = m && m[0] === t ? 1 : 0
      folds[i] = isWord[i] ? fold(t) : ""
      keys[i] = isWord[i] ? toneKey(t) : ""
    }
    var docs = raw.docs.map(function (d) {
      var toks = decode(d[3])
      var pos = []  // word positions only (separators are not words)
      for (var j = 0; j < toks.length; j++) if (isWord[toks[j]]) pos.push(j)
      // The title and the page's description (curated words) rank like headings.
      var title = words(d[1]).concat([""], words(d[4] || ""))
      return { url: d[0], title: d[1], parent: d[2], toks: toks, pos: pos,
               titleFolds: title.map(fold), titleKeys: title.map(toneKey) }
    })
    return { vocab: vocab, isWord: isWord, folds: folds, keys: keys, docs: docs }
  }

  var index = null, loading = null
  function loadIndex(src) {
    if (index) return Promise.resolve(index)
    if (loading) return loading
    loading = new Promise(function (resolve, reject) {
      var s = document.createElement("script")
      s.src = src
      s.async = true
      s.onload = function () {
        index = prepare(window.__ybSearchIndex)
        window.__ybSearchIndex = null
        resolve(index)
      }
      s.onerror = function () { loading = null; reject(new Error("index")) }
      document.head.appendChild(s)
    })
    return loading
  }

  /* -- ranking -------------------------------------------------------------------------- */
  function search(ix, query) {
    var qs = parseQuery(query)
    if (!qs.length) return []
    var n = ix.vocab.length
    var tables = qs.map(function (q) {
      var table = new Float32Array(n)
      for (var i = 0; i < n; i++)
        if (ix.isWord[i]) table[i] = weight(q, ix.folds[i], ix.keys[i])
      return table
    })
    var df = qs.map(function () { return 0 })
    var scored = []
    ix.docs.forEach(function (d) {
      var tf = qs.map(function () { return 0 }), exact = qs.map(function () { return false })
      var first = -1, phrase = 0, pairs = 0, exactPhrase = 0
      for (var p = 0; p < d.pos.length; p++) {
        var tok = d.toks[d.pos[p]]
        for (var i = 0; i < qs.length; i++) {
          var w = tables[i][tok]
          if (!w) continue
          tf[i] += w
          if (w === 1) exact[i] = true
          if (first < 0) first = p
        }
        if (qs.length > 1 && tables[0][tok]) {
          var all = true, allExact = tables[0][tok] === 1
          for (var q = 1; q < qs.length && p + q < d.pos.length; q++) {
            var wq = tables[q][d.toks[d.pos[p + q]]]
            if (!wq) { all = false; break }
            if (wq !== 1) allExact = false
            if (q === 1) pairs++
          }
          if (all && p + qs.length <= d.pos.length) {
            phrase++
            if (allExact) exactPhrase++
            if (first < 0 || phrase === 1) first = p
          }
        }
      }
      var inTitle = 0, titlePhrase = 0
      qs.forEach(function (q, i) {
        d.titleFolds.forEach(function (f, j) {
          var w = weight(q, f, d.titleKeys[j])
          if (w) { inTitle += w; if (w === 1) exact[i] = true; tf[i] += 0.01 }
          if (i === 0 && w && qs.length > 1) {
            var ok = true
            for (var q2 = 1; q2 < qs.length; q2++) {
              var f2 = d.titleFolds[j + q2]
              if (f2 === undefined || !weight(qs[q2], f2, d.titleKeys[j + q2])) { ok = false; break }
            }
            if (ok) titlePhrase++
          }
        })
      })
      var coverage = 0, exactCoverage = 0
      tf.forEach(function (t, i) { if (t > 0) { coverage++; df[i]++ } if (exact[i]) exactCoverage++ })
      if (!coverage) return
      scored.push({ doc: d, tf: tf, coverage: coverage, exact: exactCoverage,
                    phrase: phrase + titlePhrase * 3, exactPhrase: exactPhrase,
                    pairs: pairs, inTitle: inTitle, first: Math.max(first, 0) })
    })
    var total = ix.docs.length
    scored.forEach(function (s) {
      var score = 0
      s.tf.forEach(function (t, i) {
        if (t > 0) score += Math.log(1 + total / (1 + df[i])) * (1 + Math.log(1 + t))
      })
      s.score = score / Math.sqrt(1 + s.doc.pos.length / 400) +
        3 * s.inTitle + 4 * Math.log(1 + s.phrase) + 2 * Math.log(1 + s.exactPhrase) +
        Math.log(1 + s.pairs)
    })
    scored.sort(function (a, b) {
      return (b.coverage - a.coverage) || (b.exact - a.exact) ||
        ((b.phrase > 0) - (a.phrase > 0)) || (b.score - a.score)
    })
    return { query: qs, tables: tables, results: scored }
  }

  /* -- results ------------------------------------------------------------------------ */
  function el(tag, cls, text) {
    var e = document.createElement(tag)
    if (cls) e.className = cls
    if (text) e.textContent = text
    return e
  }
  function snippet(ix, found, s, container) {
    var d = s.doc, toks = d.toks
    var startWord = Math.max(0, s.first - 8), endWord = Math.min(d.pos.length, startWord + 36)
    if (startWord > 0) container.appendChild(document.createTextNode("… "))
    var from = d.pos[startWord], to = endWord < d.pos.length ? d.pos[endWord] : toks.length
    var prevWord = false
    for (var i = from; i < to; i++) {
      var t = toks[i], word = ix.isWord[t] === 1
      if (word && prevWord) container.appendChild(document.createTextNode(" "))
      var hit = word && found.tables.some(function (table) { return table[t] > 0 })
      if (hit) container.appendChild(el("mark", "", ix.vocab[t]))
      else container.appendChild(document.createTextNode(ix.vocab[t].replace(/\u200b/g, "")))
      prevWord = word
    }
    if (to < toks.length) container.appendChild(document.createTextNode(" …"))
  }

  function resultUrl(base, url, query) {
    var hash = url.indexOf("#"), path = hash < 0 ? url : url.slice(0, hash)
    var anchor = hash < 0 ? "" : url.slice(hash)
    return diskUrl(new URL(path, base).href) + "?q=" + encodeURIComponent(query.trim()) + anchor
  }

  function mountSearch() {
    var input = document.querySelector("[data-yb-search-input]")
    var box = document.querySelector("[data-yb-search-result]")
    var toggle = document.getElementById("__search")
    if (!input || !box) return
    var meta = box.querySelector(".md-search-result__meta")
    var list = box.querySelector(".md-search-result__list")
    var cfg = {}
    try { cfg = JSON.parse(document.getElementById("__config").textContent) } catch (e) {}
    var base = new URL((cfg.base || ".") + "/", location.href)
    var t = function (key) { return box.getAttribute("data-t-" + key) || "" }
    var timer = 0

    function open() {
      if (toggle && !toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")) }
      loadIndex(box.getAttribute("data-index")).then(run, function () { meta.textContent = t("none") })
    }
    function run() {
      var query = input.value
      list.textContent = ""
      if (!words(query).length) { meta.textContent = t("placeholder"); return }
      if (!index) { meta.textContent = t("loading"); return }
      var found = search(index, query)
      var results = found.results || []
      meta.textContent = results.length === 0 ? t("none") :
        results.length === 1 ? t("one") : t("other").replace("#", results.length)
      results.slice(0, 20).forEach(function (s) {
        var li = el("li", "md-search-result__item")
        var a = el("a", "md-search-result__link")
        a.href = resultUrl(base, s.doc.url, query)
        a.tabIndex = -1
        var article = el("article", "md-search-result__article md-typeset")
        var parent = s.doc.parent >= 0 ? index.docs[s.doc.parent] : null
        if (parent) article.appendChild(el("p", "yb-search-result__page", parent.title))
        article.appendChild(el("h1", "", s.doc.title || (parent && parent.title) || ""))
        var p = el("p")
        snippet(index, found, s, p)
        article.appendChild(p)
        a.appendChild(article)
        li.appendChild(a)
        list.appendChild(li)
      })
    }
    input.addEventListener("focus", open)
    input.addEventListener("input", function () {
      clearTimeout(timer)
      timer = setTimeout(run, 60)
    })
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        var first = list.querySelector("a")
        if (first) location.href = first.href
        ev.preventDefault()
      } else if (ev.key === "Escape") {
        if (toggle && toggle.checked) toggle.click()  // a change event: the page unlocks (yb-site.js)
        input.blur()
      }
    })
    var form = input.form
    if (form) form.addEventListener("reset", function () { setTimeout(run, 0) })
    if (toggle) toggle.addEventListener("change", function () {
      if (toggle.checked && document.activeElement !== input) setTimeout(function () { input.focus() }, 50)
    })
    document.addEventListener("keydown", function (ev) {
      var target = ev.target
      if (target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName))) return
      if (ev.key === "/" || ev.key === "s" || ev.key === "f") { ev.preventDefault(); input.focus() }
    })
  }

  /* -- landing page: mark the words the reader searched for --------------------------- */
  function highlight() {
    var q = new URLSearchParams(location.search).get("q")
    var root = document.querySelector(".md-content article") || document.querySelector("article")
    if (!q || !root) return
    var qs = parseQuery(q + " ")
    if (!qs.length) return
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var p = node.parentNode
        return p && /^(SCRIPT|STYLE|MARK|svg)$/.test(p.nodeName) ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT
      }
    })
    var hits = [], exactSeen = qs.map(function () { return false })
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = node.nodeValue, m
      WORD.lastIndex = 0
      while ((m = WORD.exec(text))) {
        var f = fold(m[0]), key = toneKey(m[0])
        for (var i = 0; i < qs.length; i++) {
          if (f !== qs[i].fold) continue
          var exact = !qs[i].marked || key === qs[i].key
          if (exact) exactSeen[i] = true
          hits.push({ node: node, start: m.index, end: m.index + m[0].length, q: i, exact: exact })
          break
        }
      }
    }
    // With marks typed, mark the exact spellings; other spellings only if none is on the page.
    hits = hits.filter(function (h) { return h.exact || !exactSeen[h.q] })
    for (var j = hits.length - 1; j >= 0; j--) {
      var h = hits[j], range = document.createRange()
      range.setStart(h.node, h.start)
      range.setEnd(h.node, h.end)
      var mark = document.createElement("mark")
      mark.className = "yb-hit"
      range.surroundContents(mark)
    }
    var first = root.querySelector("mark.yb-hit")
    if (first && !location.hash) first.scrollIntoView({ block: "center" })
    var input = document.querySelector("[data-yb-search-input]")
    if (input) input.value = q
  }

  /* At load: the search box's listeners (a handful, so typing works at once) and, read
     from disk only, the first links. The landing page's highlight waits for idle time. */
  function start() {
    mountSearch()
    fixDiskLinks(document)
    idle(highlight)
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start)
  else start()

  window.ybSearch = { fold: fold, toneKey: toneKey, search: search, prepare: prepare,
                      parseQuery: parseQuery, diskUrl: diskUrl }
})()
