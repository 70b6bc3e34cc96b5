/*
 * 报告问答浮动窗口 — floating chat widget for a host website.
 *
 *   <script src="https://QA-SERVER/widget.js" data-title="教育工作报告问答" defer></script>
 *
 * Talks only to the server it was loaded from (found from this script's own src):
 * POST api/chat and api/feedback. No other request, no fonts or images from anywhere.
 * Everything from the server or the user is rendered with textContent (never innerHTML).
 * Keeps the conversation in memory so follow-up questions work. Lives in a shadow root
 * with the highest z-index, so host page styles neither leak in nor cover it.
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
  var TEXT = {
    greeting: "您好！我可以回答关于这份工作报告的问题，每个回答都附有报告原文出处。",
    open: "打开问答窗口",
    close: "关闭",
    send: "提问",
    thinking: "正在查找报告……",
    sources: "来源",
    related: "相关段落",
    offline: "暂时无法连接问答服务，请稍后再试。",
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
    ".panel { position: fixed; right: 20px; bottom: 88px; width: 370px; height: 540px; max-height: calc(100vh - 108px);",
    "  display: none; flex-direction: column; background: #fff; color: #0f172a; border-radius: 12px; overflow: hidden;",
    "  box-shadow: 0 12px 40px rgba(15,23,42,.28); border: 1px solid #e2e8f0; font-size: 14px; line-height: 1.6; }",
    ".panel.open { display: flex; }",
    ".head { display: flex; align-items: center; justify-content: space-between; padding: 12px 14px; background: #1d4ed8; color: #fff; }",
    ".head .title { font-weight: 600; font-size: 15px; }",
    ".head button { background: transparent; border: none; color: #fff; font-size: 20px; cursor: pointer; line-height: 1; }",
    ".log { flex: 1; overflow-y: auto; padding: 12px; background: #f8fafc; }",
    ".msg { margin: 0 0 10px; padding: 8px 11px; border-radius: 10px; max-width: 92%; white-space: pre-wrap; word-break: break-word; }",
    ".user { margin-left: auto; background: #dbeafe; }",
    ".bot { background: #fff; border: 1px solid #e2e8f0; }",
    ".error { background: #fef2f2; border: 1px solid #fecaca; color: #991b1b; }",
    ".sources { margin-top: 8px; padding-top: 6px; border-top: 1px dashed #cbd5e1; font-size: 12.5px; color: #334155; }",
    ".sources .label { font-weight: 600; margin-bottom: 2px; }",
    ".source { margin-top: 4px; }",
    ".source .sec { font-weight: 600; }",
    ".source .quote { color: #475569; border-left: 3px solid #93c5fd; padding-left: 6px; margin-top: 2px; }",
    ".votes { margin-top: 6px; display: flex; gap: 6px; align-items: center; font-size: 12px; color: #64748b; }",
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
    "@media (max-width: 480px) { .panel { right: 8px; left: 8px; width: auto; bottom: 80px; height: calc(100vh - 100px); }",
    "  .launcher { right: 12px; bottom: 12px; } }"
  ].join("\n");

  var history = [];

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

  function post(path, body) {
    return fetch(BASE + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
      mode: "cors"
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) throw new Error(data && typeof data.error === "string" ? data.error : TEXT.offline);
        return data;
      });
    }, function () { throw new Error(TEXT.offline); });
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
    var closeBtn = el("button", null, "×");
    closeBtn.type = "button";
    closeBtn.setAttribute("aria-label", TEXT.close);
    head.appendChild(closeBtn);
    var log = el("div", "log");
    log.setAttribute("aria-live", "polite");
    log.appendChild(el("div", "msg bot", TEXT.greeting));
    var form = el("form");
    var input = el("input");
    input.type = "text";
    input.maxLength = 500;
    input.placeholder = PLACEHOLDER;
    input.setAttribute("aria-label", PLACEHOLDER);
    var send = el("button", null, TEXT.send);
    send.type = "submit";
    form.appendChild(input);
    form.appendChild(send);
    panel.appendChild(head);
    panel.appendChild(log);
    panel.appendChild(form);
    root.appendChild(panel);
    root.appendChild(launcher);
    document.body.appendChild(host);

    function setOpen(open) {
      panel.classList.toggle("open", open);
      launcher.textContent = open ? "×" : "问";
      if (open) input.focus();
    }
    launcher.addEventListener("click", function () { setOpen(!panel.classList.contains("open")); });
    closeBtn.addEventListener("click", function () { setOpen(false); });

    function scroll() { log.scrollTop = log.scrollHeight; }

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

    function showAnswer(node, ans) {
      node.textContent = "";
      node.appendChild(el("div", "answer", String(ans.answer || "").replace(/\*\*/g, "")));
      var cites = ans.citations || [];
      if (cites.length) {
        var src = el("div", "sources");
        src.appendChild(el("div", "label", ans.refused ? TEXT.related : TEXT.sources));
        cites.forEach(function (c) {
          var s = el("div", "source");
          s.appendChild(el("div", "sec", "[" + c.n + "] " + c.section));
          s.appendChild(el("div", "quote", c.quote));
          src.appendChild(s);
        });
        node.appendChild(src);
      }
      node.appendChild(votes(ans));
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var q = input.value.trim();
      if (!q || send.disabled) return;
      input.value = "";
      send.disabled = true;
      log.appendChild(el("div", "msg user", q));
      var reply = el("div", "msg bot", TEXT.thinking);
      log.appendChild(reply);
      scroll();
      post("api/chat", { question: q, history: history.slice(-MAX_HISTORY) }).then(function (ans) {
        showAnswer(reply, ans);
        history.push({ role: "user", content: q }, { role: "assistant", content: String(ans.answer || "") });
      }, function (err) {
        reply.className = "msg error";
        reply.textContent = err.message || TEXT.offline;
      }).then(function () {
        send.disabled = false;
        scroll();
        input.focus();
      });
    });
    if (START_OPEN) setOpen(true);
  }

  if (document.body) build();
  else document.addEventListener("DOMContentLoaded", build);
})();
