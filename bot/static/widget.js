/*
 * 报告问答浮动窗口 — floating chat widget for a host website.
 *
 *   <script src="https://QA-SERVER/widget.js" data-title="教育工作报告问答" defer></script>
 *
 * Talks only to the server it was loaded from (found from this script's own src): POST api/chat
 * and api/feedback, GET api/section (the whole text of a source when its card is opened) and,
 * once, GET favicon.svg (is this website's origin allowed?). No other request, no fonts or images
 * from anywhere. Everything from the server or the user is rendered with textContent (never
 * innerHTML). Keeps the conversation in memory so follow-up questions work; "新对话" starts over.
 * After each answer the log shows the answer from its top, unless the reader scrolled up while
 * waiting. Sources are one compact card per section; [n] in an answer opens its card.
 * Lives in a shadow root with the highest z-index, so host page styles neither leak in nor cover it.
 * If this website's origin is not in the server's BOT_ALLOWED_ORIGINS, the visitor sees a neutral
 * notice and the browser console names the origin to add.
 * Optional attributes: data-title, data-placeholder, data-open="true".
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || window.__reportQaWidget) return;
  window.__reportQaWidget = true;

  var BASE = new URL(".", script.src).href; // directory holding widget.js, e.g. http://127.0.0.1:7860/
  var TITLE = script.getAttribute("data-title") || "报告问答";
  var PLACEHOLDER = script.getAttribute("data-placeholder") || "请输入您的问题";
  var START_OPEN = script.getAttribute("data-open") === "true";
  var MAX_HISTORY = 40; // messages sent back for follow-ups
  var MAX_CHARS = 500;
  var QUOTES_SHOWN = 2; // a card lists its first quotes; the opened section shows them all
  var TEXT = {
    greeting: "您好！我可以回答关于这份工作报告的问题，每个回答都附有报告原文出处。",
    open: "打开问答窗口",
    close: "关闭",
    newChat: "新对话",
    send: "提问",
    thinking: "正在查找报告……",
    sources: "来源",
    related: "相关段落",
    offline: "暂时无法连接问答服务，请稍后再试。",
    notAllowed: "本网站暂未开通问答服务。",
    tooLong: "问题太长了（最多 " + MAX_CHARS + " 个字），请精简后再问。",
    cite: "查看来源 ",
    expand: "展开原文",
    collapse: "收起原文",
    loading: "正在载入原文……",
    more: "共引用 {n} 句",
    up: "有帮助",
    down: "没帮助",
    thanks: "感谢您的反馈！"
  };
  var CSS = [
    ":host { all: initial; }",
    "* { box-sizing: border-box; font-family: 'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif; }",
    ".launcher { position: fixed; right: 20px; bottom: 20px; width: 56px; height: 56px; border-radius: 50%;",
    "  border: none; background: #1d4ed8; color: #fff; font-size: 22px; font-weight: 600; cursor: pointer;",
    "  box-shadow: 0 6px 20px rgba(15,23,42,.3); }",
    ".launcher:hover { background: #1e40af; }",
    ".panel { position: fixed; right: 20px; bottom: 88px; width: 380px; height: 560px; max-height: calc(100vh - 108px);",
    "  display: none; flex-direction: column; background: #fff; color: #0f172a; border-radius: 12px; overflow: hidden;",
    "  box-shadow: 0 12px 40px rgba(15,23,42,.28); border: 1px solid #e2e8f0; font-size: 14px; line-height: 1.6; }",
    ".panel.open { display: flex; }",
    ".head { display: flex; align-items: center; gap: 8px; padding: 10px 12px 10px 14px; background: #1d4ed8; color: #fff; }",
    ".head .title { flex: 1; font-weight: 600; font-size: 15px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }",
    ".head button { background: transparent; border: none; color: #fff; cursor: pointer; line-height: 1; }",
    ".head .new { font-size: 12.5px; padding: 4px 8px; border: 1px solid rgba(255,255,255,.6); border-radius: 6px; }",
    ".head .new:hover { background: rgba(255,255,255,.15); }",
    ".head .close { font-size: 20px; padding: 0 2px; }",
    ".log { flex: 1; overflow-y: auto; padding: 12px; background: #f8fafc; overscroll-behavior: contain; }",
    ".msg { margin: 0 0 10px; padding: 8px 11px; border-radius: 10px; max-width: 94%; white-space: pre-wrap; word-break: break-word; }",
    ".user { margin-left: auto; background: #dbeafe; }",
    ".bot { background: #fff; border: 1px solid #e2e8f0; }",
    ".error, .notice { background: #f1f5f9; border: 1px solid #cbd5e1; color: #334155; }",
    ".answer .line { margin: 0 0 3px; }",
    ".answer .head-line { font-weight: 600; }",
    ".answer .bullet { padding-left: 1em; text-indent: -1em; }",
    ".cite { color: #1d4ed8; cursor: pointer; font-size: 12px; padding: 0 1px; border-radius: 3px; }",
    ".cite:hover, .cite:focus { background: #dbeafe; outline: none; }",
    ".sources { margin-top: 8px; padding-top: 6px; border-top: 1px dashed #cbd5e1; font-size: 12.5px; color: #334155; white-space: normal; }",
    ".sources .label { font-weight: 600; color: #64748b; }",
    ".card { margin-top: 6px; padding: 6px 8px; border: 1px solid #e2e8f0; border-left: 3px solid #93c5fd; border-radius: 6px; background: #f8fafc; }",
    ".card.hit { border-left-color: #1d4ed8; box-shadow: 0 0 0 2px #bfdbfe; }",
    ".card .sec { font-weight: 600; }",
    ".card .ns { color: #1d4ed8; margin-right: 3px; }",
    ".card .quote { color: #475569; border-left: 2px solid #e2e8f0; padding-left: 6px; margin-top: 2px; }",
    ".card .more { color: #64748b; }",
    ".card.open .quote, .card.open .more { display: none; }",
    ".card .full { margin-top: 4px; white-space: pre-wrap; color: #0f172a; }",
    ".card .full mark { background: #fde68a; color: inherit; }",
    ".card .full mark.flash { background: #fbbf24; }",
    ".card .toggle { margin-top: 3px; padding: 0; border: none; background: none; color: #1d4ed8; cursor: pointer; font-size: 12px; }",
    ".votes { margin-top: 6px; display: flex; gap: 6px; align-items: center; font-size: 12px; color: #64748b; white-space: normal; }",
    ".votes button { display: inline-flex; align-items: center; border: 1px solid #cbd5e1; background: #fff; color: #475569;",
    "  border-radius: 6px; padding: 3px 7px; cursor: pointer; }",
    ".votes button:hover { color: #1d4ed8; border-color: #93c5fd; }",
    ".votes button:disabled { opacity: .5; cursor: default; }",
    ".votes button.chosen { opacity: 1; color: #1d4ed8; border-color: #1d4ed8; background: #eff6ff; }",
    "form { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #e2e8f0; background: #fff; }",
    "input { flex: 1; min-width: 0; padding: 8px 10px; border: 1px solid #cbd5e1; border-radius: 8px; font-size: 14px; color: #0f172a; }",
    "input:focus { outline: 2px solid #93c5fd; border-color: #3b82f6; }",
    "form button { padding: 8px 14px; border: none; border-radius: 8px; background: #1d4ed8; color: #fff; font-size: 14px; cursor: pointer; }",
    "form button:disabled { background: #94a3b8; cursor: default; }",
    ".count { padding: 0 12px 6px; font-size: 12px; color: #b91c1c; background: #fff; }",
    ".toast { position: absolute; left: 12px; right: 12px; bottom: 66px; padding: 8px 12px; border-radius: 8px; background: #1e293b;",
    "  color: #fff; font-size: 13px; box-shadow: 0 6px 18px rgba(15,23,42,.25); cursor: pointer; }",
    ".toast[hidden] { display: none; }",
    ".count:empty { display: none; }",
    "@media (max-width: 480px) { .panel { right: 8px; left: 8px; width: auto; bottom: 80px; height: calc(100vh - 100px); }",
    "  .launcher { right: 12px; bottom: 12px; } }"
  ].join("\n");

  var history = [];
  var sections = {}; // section_id -> promise of GET api/section
  var allowed = null; // promise: true, or "not-allowed" / "offline"

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  }

  // a thumbs-up outline (24x24); drawn with DOM calls, no emoji font needed
  var THUMB = "M7 10v11M15 5.9 14 10h5.8a2 2 0 0 1 1.9 2.6l-2.3 7A2 2 0 0 1 17.5 21H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h2.8a2 2 0 0 0 1.8-1.1L12 2a3.1 3.1 0 0 1 3 3.9Z";

  function iconButton(pathData, label, flip) {
    var NS = "http://www.w3.org/2000/svg";
    var b = el("button", "vote");
    b.type = "button";
    b.title = label;
    b.setAttribute("aria-label", label);
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "15");
    svg.setAttribute("height", "15");
    svg.setAttribute("fill", "none");
    svg.setAttribute("stroke", "currentColor");
    svg.setAttribute("stroke-width", "2");
    svg.setAttribute("stroke-linecap", "round");
    svg.setAttribute("stroke-linejoin", "round");
    if (flip) svg.setAttribute("transform", "rotate(180)");
    var path = document.createElementNS(NS, "path");
    path.setAttribute("d", pathData);
    svg.appendChild(path);
    b.appendChild(svg);
    return b;
  }

  function unreachable() { var e = new Error(TEXT.offline); e.unreachable = true; return e; }

  function request(path, options) {
    return fetch(BASE + path, Object.assign({ credentials: "omit", mode: "cors" }, options)).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) throw new Error(data && typeof data.error === "string" ? data.error : TEXT.offline);
        return data;
      });
    }, function () { throw unreachable(); });
  }

  function post(path, body) {
    return request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  }

  // Is this page's origin allowed to call the server? A CORS request fails both when the server is down
  // and when the origin is not allowed; an opaque (no-cors) request tells the two apart.
  function checkOrigin() {
    if (!allowed) {
      var probe = { credentials: "omit", cache: "no-store" };
      allowed = fetch(BASE + "favicon.svg", Object.assign({ mode: "cors" }, probe)).then(function () { return true; }, function () {
        return fetch(BASE + "favicon.svg", Object.assign({ mode: "no-cors" }, probe)).then(function () {
          console.error("[报告问答] 本网站的来源 " + location.origin + " 不在问答服务器的 BOT_ALLOWED_ORIGINS 中，" +
                        "浮动窗口无法提问。请在问答服务器 " + BASE + " 上把它加入：BOT_ALLOWED_ORIGINS=" + location.origin +
                        "（多个来源用英文逗号分隔），然后重启服务。");
          return "not-allowed";
        }, function () { allowed = null; return "offline"; });
      });
    }
    return allowed;
  }

  function build() {
    var host = el("div");
    host.id = "report-qa-widget";
    host.style.cssText = "position:fixed;z-index:2147483647;right:0;bottom:0;width:0;height:0;";
    var root = host.attachShadow({ mode: "open" });
    root.appendChild(el("style", null, CSS));

    var launcher = el("button", "launcher", "问");
    launcher.type = "button";
    launcher.setAttribute("aria-label", TEXT.open + "：" + TITLE);
    launcher.title = TITLE;

    var panel = el("div", "panel");
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", TITLE);
    var head = el("div", "head");
    head.appendChild(el("span", "title", TITLE));
    var newBtn = el("button", "new", TEXT.newChat);
    newBtn.type = "button";
    newBtn.title = TEXT.newChat;
    head.appendChild(newBtn);
    var closeBtn = el("button", "close", "×");
    closeBtn.type = "button";
    closeBtn.title = TEXT.close;
    closeBtn.setAttribute("aria-label", TEXT.close);
    head.appendChild(closeBtn);
    var log = el("div", "log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-label", TITLE);
    log.tabIndex = 0;
    var greeting = el("div", "msg bot", TEXT.greeting);
    log.appendChild(greeting);
    var form = el("form");
    var input = el("input");
    input.type = "text";
    input.placeholder = PLACEHOLDER;
    input.setAttribute("aria-label", PLACEHOLDER);
    var send = el("button", null, TEXT.send);
    send.type = "submit";
    form.appendChild(input);
    form.appendChild(send);
    var count = el("div", "count");
    count.setAttribute("aria-live", "polite");
    var toastBox = el("div", "toast");
    toastBox.setAttribute("role", "status");
    toastBox.hidden = true;
    toastBox.addEventListener("click", function () { toastBox.hidden = true; });
    var toastTimer = null;
    // a short notice over the bottom of the log that goes away by itself
    function toast(text) {
      toastBox.textContent = text;
      toastBox.hidden = false;
      clearTimeout(toastTimer);
      toastTimer = setTimeout(function () { toastBox.hidden = true; }, 5000);
    }
    panel.appendChild(head);
    panel.appendChild(log);
    panel.appendChild(form);
    panel.appendChild(count);
    panel.appendChild(toastBox);
    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(host);

    // -- following the conversation --------------------------------------------------------------
    var follow = true, quietUntil = 0, expectTop = -1, userAt = -1e9, turn = 0;
    function scrollTo(top) {
      quietUntil = Date.now() + 300;
      log.scrollTop = Math.max(0, top);
      expectTop = log.scrollTop;
    }
    function offsetIn(node) { return node.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop; }
    // a scroll is the reader's when it follows their wheel, touch or keys, or is not one this script made
    ["wheel", "touchmove", "keydown", "mousedown"].forEach(function (t) {
      log.addEventListener(t, function () { userAt = Date.now(); }, { passive: true });
    });
    log.addEventListener("scroll", function () {
      var now = Date.now();
      if (now - userAt > 1500 && (Math.abs(log.scrollTop - expectTop) < 2 || now < quietUntil)) return;
      follow = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    }, { passive: true });
    // the question and its answer in view: whole if they fit, else the answer from its top
    function showAnswer(question, reply) {
      if (!follow) return;
      var room = log.clientHeight, top = offsetIn(question) - 8;
      if (offsetIn(reply) + reply.offsetHeight - top <= room) scrollTo(log.scrollHeight - room);
      else scrollTo(offsetIn(reply) - Math.min(question.offsetHeight + 14, room / 4));
    }

    function setOpen(open) {
      panel.classList.toggle("open", open);
      launcher.textContent = open ? "×" : "问";
      if (open) {
        input.focus();
        checkOrigin().then(function (state) { if (state === "not-allowed") notAllowed(); });
      }
    }
    launcher.addEventListener("click", function () { setOpen(!panel.classList.contains("open")); });
    closeBtn.addEventListener("click", function () { setOpen(false); });

    var warned = false;
    function notAllowed() {
      if (warned) return;
      warned = true;
      log.appendChild(el("div", "msg notice", TEXT.notAllowed));
      scrollTo(log.scrollHeight);
    }

    newBtn.addEventListener("click", function () {
      history = [];
      turn += 1; // answers still on their way belong to the old conversation
      while (log.lastChild) log.removeChild(log.lastChild);
      log.appendChild(greeting);
      if (warned) { warned = false; notAllowed(); }
      send.disabled = false;
      follow = true;
      input.focus();
    });

    function votes(ans) {
      var box = el("div", "votes");
      var up = iconButton(THUMB, TEXT.up, false);
      var down = iconButton(THUMB, TEXT.down, true);
      function vote(v) {
        up.disabled = down.disabled = true;
        (v === "up" ? up : down).classList.add("chosen");
        // answer_id: the server's signature of this answer; a vote without it is refused
        post("api/feedback", { vote: v, question: ans.question, answer: ans.answer,
                               citations: ans.citations || [], refused: !!ans.refused,
                               answer_id: ans.answer_id, channel: "widget" })
          .then(function () { box.appendChild(el("span", null, TEXT.thanks)); },
                function () { up.disabled = down.disabled = false; });
      }
      up.addEventListener("click", function () { vote("up"); });
      down.addEventListener("click", function () { vote("down"); });
      box.appendChild(up);
      box.appendChild(down);
      return box;
    }

    // -- an answer: text with [n] marks, one card per cited section --------------------------------
    function withCites(parent, text, cards) {
      var re = /\[(\d{1,3})\]/g, last = 0, m;
      while ((m = re.exec(text))) {
        var n = Number(m[1]);
        if (!cards.byN[n]) continue;
        parent.appendChild(document.createTextNode(text.slice(last, m.index)));
        var c = el("span", "cite", "[" + n + "]");
        c.setAttribute("role", "button");
        c.tabIndex = 0;
        c.title = TEXT.cite + n;
        c.setAttribute("aria-label", TEXT.cite + n);
        c.dataset.n = String(n);
        parent.appendChild(c);
        last = m.index + m[0].length;
      }
      parent.appendChild(document.createTextNode(text.slice(last)));
    }

    function answerText(text, cards) {
      var box = el("div", "answer");
      String(text || "").split("\n").forEach(function (line) {
        if (!line.trim()) return;
        var bold = /^\*\*([^*\n]+)\*\*$/.exec(line), bullet = /^[-•] (.*)$/.exec(line);
        var div = el("div", "line" + (bold ? " head-line" : bullet ? " bullet" : ""));
        if (bullet) div.appendChild(document.createTextNode("• "));
        withCites(div, bold ? bold[1] : bullet ? bullet[1] : line, cards);
        box.appendChild(div);
      });
      return box;
    }

    function numbers(ns) {
      var out = [], start = null;
      ns.forEach(function (n, i) {
        if (start === null) start = n;
        if (i + 1 === ns.length || ns[i + 1] !== n + 1) {
          out.push(start === n ? "[" + n + "]" : "[" + start + "–" + n + "]");
          start = null;
        }
      });
      return out.join(" ");
    }

    function sectionText(id) {
      if (!sections[id]) {
        sections[id] = request("api/section?id=" + encodeURIComponent(id), { method: "GET" });
        sections[id].catch(function () { delete sections[id]; });
      }
      return sections[id];
    }

    function card(group) {
      var c = el("div", "card");
      var sec = el("div", "sec");
      sec.appendChild(el("span", "ns", numbers(group.cites.map(function (x) { return x.n; }))));
      sec.appendChild(document.createTextNode(group.section));
      c.appendChild(sec);
      group.cites.slice(0, QUOTES_SHOWN).forEach(function (x) { c.appendChild(el("div", "quote", "[" + x.n + "] " + x.quote)); });
      if (group.cites.length > QUOTES_SHOWN) c.appendChild(el("div", "more", TEXT.more.replace("{n}", group.cites.length)));
      var full = el("div", "full");
      full.hidden = true;
      var toggle = el("button", "toggle", TEXT.expand);
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      c.appendChild(full);
      c.appendChild(toggle);
      function fill(sectionObj) {
        full.textContent = "";
        var text = sectionObj.text, base = sectionObj.start, pos = 0;
        group.cites.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (x) {
          var a = Math.max(x.start - base, pos), b = Math.min(x.end - base, text.length);
          if (a >= b) return;
          full.appendChild(document.createTextNode(text.slice(pos, a)));
          var mark = el("mark", null, text.slice(a, b));
          mark.dataset.n = String(x.n);
          full.appendChild(mark);
          pos = b;
        });
        full.appendChild(document.createTextNode(text.slice(pos)));
      }
      c.__open = function (open) {
        c.classList.toggle("open", open);
        toggle.textContent = open ? TEXT.collapse : TEXT.expand;
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        full.hidden = !open;
        if (!open || full.dataset.filled) return Promise.resolve();
        full.textContent = TEXT.loading;
        return sectionText(group.section_id).then(function (s) { fill(s); full.dataset.filled = "1"; },
                                                  function (err) { full.textContent = err.message; });
      };
      toggle.addEventListener("click", function () { c.__open(!c.classList.contains("open")); });
      return c;
    }

    function sourceCards(cites, refused) {
      var groups = [], byId = {}, byN = {};
      cites.forEach(function (x) {
        var key = x.doc + "|" + x.section_id;
        if (!byId[key]) { byId[key] = { section: x.section, section_id: x.section_id, cites: [] }; groups.push(byId[key]); }
        byId[key].cites.push(x);
      });
      var src = el("div", "sources");
      src.appendChild(el("div", "label", refused ? TEXT.related : TEXT.sources));
      groups.forEach(function (g) {
        g.cites.sort(function (a, b) { return a.n - b.n; });
        var c = card(g);
        g.cites.forEach(function (x) { byN[x.n] = c; });
        src.appendChild(c);
      });
      return { node: src, byN: byN };
    }

    function openCite(span) {
      var reply = span.closest(".msg"), c = reply && reply.__cards && reply.__cards.byN[span.dataset.n];
      if (!c) return;
      reply.querySelectorAll(".card.hit").forEach(function (x) { x.classList.remove("hit"); });
      c.classList.add("hit");
      follow = false;
      c.__open(true).then(function () {  // the card from its top, or the quote if both do not fit
        var mark = c.querySelector('mark[data-n="' + span.dataset.n + '"]'), top = offsetIn(c) - 8;
        if (mark) mark.classList.add("flash");
        if (mark && offsetIn(mark) + mark.offsetHeight - top > log.clientHeight) top = offsetIn(mark) - 40;
        scrollTo(top);
      });
      scrollTo(offsetIn(c) - 8);
    }
    log.addEventListener("click", function (e) {
      var t = e.target.closest && e.target.closest(".cite");
      if (t) openCite(t);
    });
    log.addEventListener("keydown", function (e) {
      var t = e.target.closest && e.target.closest(".cite");
      if (t && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); openCite(t); }
    });

    function showReply(node, ans) {
      node.textContent = "";
      var cites = ans.citations || [];
      var cards = cites.length ? sourceCards(cites, ans.refused) : { node: null, byN: {} };
      node.__cards = cards;
      node.appendChild(answerText(ans.answer, cards));
      if (cards.node) node.appendChild(cards.node);
      node.appendChild(votes(ans));
    }

    // -- asking ---------------------------------------------------------------------------------------
    input.addEventListener("input", function () {
      var n = Array.from(input.value).length;
      count.textContent = n > MAX_CHARS ? n + "/" + MAX_CHARS + " · " + TEXT.tooLong : "";
    });

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var q = input.value.trim();
      if (!q || send.disabled) return;
      if (Array.from(q).length > MAX_CHARS) { count.textContent = TEXT.tooLong; return; }
      var mine = turn;
      input.value = "";
      count.textContent = "";
      send.disabled = true;
      follow = true;
      var asked = el("div", "msg user", q);
      log.appendChild(asked);
      var reply = el("div", "msg bot", TEXT.thinking);
      log.appendChild(reply);
      scrollTo(log.scrollHeight);
      post("api/chat", { question: q, history: history.slice(-MAX_HISTORY) }).then(function (ans) {
        if (mine !== turn) return;
        showReply(reply, ans);
        history.push({ role: "user", content: q }, { role: "assistant", content: String(ans.answer || "") });
        showAnswer(asked, reply);
      }, function (err) {
        if (mine !== turn) return;
        // not answered (429, 503, offline, ...): the conversation as it was, the question back in the box
        log.removeChild(asked);
        log.removeChild(reply);
        if (!input.value) input.value = q;
        if (!err.unreachable) return toast(err.message || TEXT.offline);
        return checkOrigin().then(function (state) {
          if (state === "not-allowed") notAllowed();
          toast(state === "not-allowed" ? TEXT.notAllowed : TEXT.offline);
        });
      }).then(function () {
        if (mine !== turn) return;
        send.disabled = false;
        input.focus();
      });
    });
    if (START_OPEN) setOpen(true);
  }

  if (document.body) build();
  else document.addEventListener("DOMContentLoaded", build);
})();
