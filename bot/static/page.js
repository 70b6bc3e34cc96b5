/*
 * The chat page's behaviour. bot/ui.py runs this once when the page loads, after setting
 * window.__qaText (its Chinese strings, from bot/messages.py). The conversation's HTML is the
 * server's (bot/page_view.py); this script only reads it and moves within it:
 *
 * - follows the conversation: after each question and answer the newest turn is in view (a long
 *   answer from its top); a reader who scrolled up while waiting is not moved, a pill offers the
 *   new answer instead;
 * - [n] in an answer opens its source card and shows the quote highlighted in the whole section;
 *   cards open and close, and stay open when the conversation is re-rendered;
 * - example and follow-up questions are asked by a click; copy puts the answer and its sources
 *   on the clipboard as plain text;
 * - the input: an empty Enter does nothing; a question over the limit is kept whole, counted and
 *   not sent, with a notice;
 * - Gradio's toasts (errors, "queue is full", lost connection) become one short Chinese notice that
 *   goes away by itself; a question that got no answer goes back into the box; English labels
 *   Gradio adds are put into Chinese;
 * - in a frame, it tells the embedding page it loaded (examples/embed.html shows a notice otherwise).
 *
 * Text is only ever set with textContent; nothing here builds HTML.
 */
(function () {
  "use strict";
  if (window.__reportQaPage) return;
  window.__reportQaPage = true;
  var T = window.__qaText || {};
  var LIMIT = T.limit || 500;
  var CJK = /[\u4e00-\u9fff]/;
  var S = { follow: true, lastKey: "", open: new Set(), pending: null, quietUntil: 0, expectTop: -1, userAt: -1e9 };

  function conv() { return document.getElementById("conv"); }
  function scroller() { var c = conv(); return c && c.querySelector(".qa-scroll"); }
  function box() { return document.querySelector("#question textarea"); }
  function submitButton() { return document.querySelector("#question button.submit-button"); }
  function chars(s) { return Array.from(s).length; }

  // -- notices ----------------------------------------------------------------------------------
  var noticeTimer = null;
  function notice(text, ms) {
    var n = document.getElementById("qa-notice");
    if (!n) {
      n = document.createElement("div");
      n.id = "qa-notice";
      n.setAttribute("role", "status");
      n.setAttribute("aria-live", "polite");
      n.title = T.close || "";
      n.addEventListener("click", function () { n.hidden = true; });
      document.body.appendChild(n);
    }
    n.textContent = text;
    n.hidden = false;
    var q = document.getElementById("question");
    var r = q && q.getBoundingClientRect();
    if (r && r.top > 80 && r.top < window.innerHeight) {  // just above the input, wherever it is
      n.style.bottom = Math.max(8, window.innerHeight - r.top + 8) + "px";
    } else {
      n.style.bottom = "";
    }
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(function () { n.hidden = true; }, ms || 5000);
  }

  function inChinese(msg) {
    msg = String(msg || "").trim();
    if (CJK.test(msg)) return msg;
    if (/connection|reconnect|lost|network|fetch/i.test(msg)) return T.offline;
    if (/queue is full|too many|busy/i.test(msg)) return T.busy;
    return T.error;
  }

  // -- following the conversation ---------------------------------------------------------------
  function programmatic(sc, top) {
    S.quietUntil = performance.now() + 400;
    sc.scrollTop = Math.max(0, top);
    S.expectTop = sc.scrollTop;
  }

  function offsetIn(el, sc) {
    return el.getBoundingClientRect().top - sc.getBoundingClientRect().top + sc.scrollTop;
  }

  function nearBottom(sc) { return sc.scrollHeight - sc.scrollTop - sc.clientHeight < 60; }

  // the newest turn in view: whole if it fits, else its answer from the top (under a bit of its question)
  function showTurn(turn) {
    var sc = scroller();
    if (!sc || !turn) return;
    var room = sc.clientHeight;
    var a = turn.querySelector(".qa-a"), q = turn.querySelector(".qa-q");
    if (turn.offsetHeight <= room - 8) {
      programmatic(sc, sc.scrollHeight - room);
    } else {
      var lead = Math.min(q ? q.offsetHeight + 8 : 0, room / 4);
      programmatic(sc, offsetIn(a || turn, sc) - lead - 8);
    }
    keepInWindow(a || turn);
  }

  // on a phone the page itself may scroll too: the answer's top must be inside the window
  function keepInWindow(el) {
    var r = el.getBoundingClientRect(), sc = scroller(), s = sc.getBoundingClientRect();
    var top = Math.max(r.top, s.top);
    if (top < 0 || top > window.innerHeight - 60) window.scrollBy(0, top - Math.min(80, window.innerHeight / 5));
  }

  function newerPill(turn) {
    var p = document.getElementById("qa-newer");
    if (!p) {
      p = document.createElement("button");
      p.type = "button";
      p.id = "qa-newer";
      p.textContent = T.newAnswer;
      p.addEventListener("click", function () {
        p.hidden = true;
        S.follow = true;
        var turns = scroller().querySelectorAll(".qa-turn");
        showTurn(turns[turns.length - 1]);
      });
      document.body.appendChild(p);
    }
    var s = scroller().getBoundingClientRect();
    p.style.top = Math.max(8, s.bottom - 44) + "px";
    p.style.left = (s.left + s.width / 2) + "px";
    p.style.transform = "translateX(-50%)";
    p.hidden = !turn;
  }

  // a scroll is the reader's when it follows their wheel, touch or keys, or is not one this script made
  function userScrolling() { S.userAt = performance.now(); }
  function onScroll() {
    var sc = scroller(), now = performance.now();
    if (now - S.userAt > 1500 && (Math.abs(sc.scrollTop - S.expectTop) < 2 || now < S.quietUntil)) return;
    S.follow = nearBottom(sc);  // the reader scrolled: follow only if they went back to the end
    if (S.follow) newerPill(null);
  }

  // -- source cards -------------------------------------------------------------------------------
  function setOpen(card, open) {
    var full = card.querySelector(".qa-card-full"), btn = card.querySelector(".qa-card-toggle");
    if (!full || !btn) return;
    card.classList.toggle("open", open);
    full.hidden = !open;
    btn.setAttribute("aria-expanded", open ? "true" : "false");
    btn.textContent = open ? btn.dataset.close : btn.dataset.open;
    if (open) S.open.add(card.id); else S.open.delete(card.id);
  }

  function openCite(span) {
    var turn = span.closest(".qa-turn"), n = span.dataset.n;
    if (!turn) return;
    var card = Array.prototype.find.call(turn.querySelectorAll(".qa-card"), function (c) {
      return (" " + c.dataset.cites + " ").indexOf(" " + n + " ") >= 0;
    });
    if (!card) return;
    setOpen(card, true);
    turn.querySelectorAll(".qa-hit, .qa-flash").forEach(function (e) { e.classList.remove("qa-hit", "qa-flash"); });
    card.classList.add("qa-hit");
    var mark = card.querySelector('mark[data-n="' + n + '"]');
    if (mark) mark.classList.add("qa-flash");
    var sc = scroller(), top = offsetIn(card, sc) - 8;
    if (mark && offsetIn(mark, sc) + mark.offsetHeight - top > sc.clientHeight) {  // the card from its top, or the quote
      top = offsetIn(mark, sc) - Math.min(sc.clientHeight / 4, 80);
    }
    S.follow = false;  // the reader is reading: no jump when something arrives
    programmatic(sc, top);
    card.focus({ preventScroll: true });
  }

  // -- asking ---------------------------------------------------------------------------------------
  function beforeSubmit(value) {
    var q = String(value || "").trim();
    if (!q) return false;  // an empty Enter does nothing
    if (chars(q) > LIMIT) {
      notice(T.counter.replace("{n}", chars(q)).replace("{limit}", LIMIT) + " · " + T.tooLong);
      return false;
    }
    S.follow = true;
    S.pending = q;
    return true;
  }

  function ask(q) {
    var t = box(), b = submitButton();
    if (!t || !b || !beforeSubmit(q)) return;
    t.value = q;
    t.dispatchEvent(new Event("input", { bubbles: true }));
    counter();
    setTimeout(function () { b.click(); }, 0);
  }

  function counter() {
    var c = document.getElementById("qa-counter"), t = box();
    if (!c || !t) return;
    var n = chars(t.value), over = n > LIMIT, count = T.counter.replace("{n}", n).replace("{limit}", LIMIT);
    if (over && !c.classList.contains("over")) notice(count + " · " + T.tooLong);
    c.classList.toggle("over", over);
    c.textContent = n >= LIMIT - 100 ? count : "";
  }

  function copy(btn) {
    var text = btn.dataset.copy || "";
    var done = function () {
      var label = btn.textContent;
      btn.textContent = btn.dataset.done;
      setTimeout(function () { btn.textContent = label; }, 1500);
    };
    var fallback = function () {
      var ta = document.createElement("textarea");
      ta.value = text;
      ta.setAttribute("readonly", "");
      ta.style.cssText = "position:fixed;left:-9999px;top:0";
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      ta.remove();
      if (ok) done(); else notice(T.copyFailed);
    };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }

  // -- after each update of the conversation ---------------------------------------------------------
  function updated() {
    document.documentElement.lang = "zh-CN";
    var sc = scroller();
    if (!sc) return;
    if (!sc.__qaScroll) {
      sc.__qaScroll = true;
      sc.addEventListener("scroll", onScroll, { passive: true });
      ["wheel", "touchmove", "keydown", "mousedown"].forEach(function (t) {
        sc.addEventListener(t, userScrolling, { passive: true });
      });
    }
    S.open.forEach(function (id) {  // cards the reader opened stay open
      var card = document.getElementById(id);
      if (card) setOpen(card, true); else S.open.delete(id);
    });
    var turns = sc.querySelectorAll(".qa-turn"), last = turns[turns.length - 1];
    if (!last) {
      S.lastKey = "";
      S.pending = null;
      newerPill(null);
      return;
    }
    var state = last.querySelector(".qa-a").dataset.state;
    var key = last.id + ":" + (state === "streaming" ? "pending" : state);
    if (key === S.lastKey) return;
    S.lastKey = key;
    if (state === "done") S.pending = null;
    if (S.follow) {
      newerPill(null);
      showTurn(last);
    } else if (state === "done") {
      newerPill(last);
    }
  }

  function translate(root) {
    var labels = T.labels || {};
    var els = root.querySelectorAll ? [root].concat(Array.from(root.querySelectorAll("[aria-label],[title],[placeholder]"))) : [];
    els.forEach(function (el) {
      if (!el.getAttribute) return;
      ["aria-label", "title", "placeholder"].forEach(function (a) {
        var v = el.getAttribute(a);
        if (v && labels[v.trim()]) el.setAttribute(a, labels[v.trim()]);
      });
    });
  }

  function handleToast(t) {
    if (t.__qaSeen) return;
    t.__qaSeen = true;
    var text = Array.from(t.querySelectorAll(".toast-message-text")).map(function (e) { return e.textContent; }).join(" ");
    notice(inChinese(text || t.textContent));
    if (t.classList.contains("error") && S.pending) {  // the question got no answer: give it back
      var b = box();
      if (b && !b.value.trim()) {
        b.value = S.pending;
        b.dispatchEvent(new Event("input", { bubbles: true }));
      }
      var sc = scroller(), waiting = sc && sc.querySelector('.qa-a[data-state="pending"] .qa-a-text p');
      if (waiting) waiting.textContent = T.failed;
      S.pending = null;
    }
  }

  // -- wiring -----------------------------------------------------------------------------------------
  document.addEventListener("qa:updated", updated);
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t && t.closest && t.closest(".qa-cite") && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      openCite(t.closest(".qa-cite"));
      return;
    }
    if (!t || !t.closest || !t.closest("#question") || t.tagName !== "TEXTAREA") return;
    if (e.key !== "Enter" || e.shiftKey || e.isComposing || e.keyCode === 229) return;
    if (!beforeSubmit(t.value)) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("click", function (e) {
    var t = e.target;
    if (!t || !t.closest) return;
    var sub = t.closest("#question button.submit-button");
    if (sub && e.isTrusted && !beforeSubmit(box() ? box().value : "")) {
      e.preventDefault();
      e.stopImmediatePropagation();
      return;
    }
    var el;
    if ((el = t.closest(".qa-cite"))) openCite(el);
    else if ((el = t.closest(".qa-card-toggle"))) setOpen(el.closest(".qa-card"), el.getAttribute("aria-expanded") !== "true");
    else if ((el = t.closest(".qa-ask"))) ask(el.dataset.q);
    else if ((el = t.closest(".qa-copy"))) copy(el);
  }, true);
  document.addEventListener("input", function (e) {
    if (e.target && e.target.closest && e.target.closest("#question")) counter();
  }, true);
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      r.addedNodes.forEach(function (n) {
        if (n.nodeType !== 1) return;
        translate(n);
        (n.matches(".toast-body") ? [n] : Array.from(n.querySelectorAll(".toast-body"))).forEach(handleToast);
      });
      if (r.type === "attributes") translate(r.target);
    });
  }).observe(document.body, { childList: true, subtree: true, attributes: true,
                              attributeFilter: ["aria-label", "title", "placeholder"] });
  document.documentElement.lang = "zh-CN";
  translate(document.body);
  updated();
  if (window.parent !== window) window.parent.postMessage({ type: "report-qa:ready" }, "*");
})();
